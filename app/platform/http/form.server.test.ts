import { describe, expect, it } from "vitest";
import { readForm } from "./form.server";

const post = (body: BodyInit | null, contentType?: string, method = "POST") =>
  new Request("http://app.test/app/settings", { method, body, headers: contentType ? { "Content-Type": contentType } : {} });

async function refusal(request: Request, limit?: number): Promise<number> {
  try {
    await readForm(request, limit);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
  return 200;
}

describe("readForm", () => {
  it("reads urlencoded and multipart forms", async () => {
    expect((await readForm(post("intent=verify&x=%C3%A9", "application/x-www-form-urlencoded"))).get("x")).toBe("é");
    const multipart = new FormData();
    multipart.append("intent", "retry");
    expect((await readForm(new Request("http://app.test/", { method: "POST", body: multipart }))).get("intent")).toBe("retry");
  });

  it("refuses other methods (405), bodies that are not forms (415), oversized (413), broken multipart and NUL bytes (400)", async () => {
    expect(await refusal(post("intent=x", "application/x-www-form-urlencoded", "PUT"))).toBe(405);
    expect(await refusal(post('{"intent":"x"}', "application/json"))).toBe(415);
    expect(await refusal(post("intent=x"))).toBe(415);
    expect(await refusal(post("a=" + "x".repeat(70_000), "application/x-www-form-urlencoded"))).toBe(413);
    expect(await refusal(post("a=xxxx", "application/x-www-form-urlencoded"), 4)).toBe(413);
    expect(await refusal(post('--zzz\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated', "multipart/form-data; boundary=zzz"))).toBe(400);
    expect(await refusal(post("intent=x", "multipart/form-data"))).toBe(400);
    expect(await refusal(post("intent=a%00b", "application/x-www-form-urlencoded"))).toBe(400);
  });
});
