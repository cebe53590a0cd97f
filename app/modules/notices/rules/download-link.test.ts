import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { downloadLinkKey, signDownloadLink, verifyDownloadLink } from "./download-link";

const key = downloadLinkKey(randomBytes(32));
const now = new Date("2026-11-23T10:00:00Z");
const grant = { shop: "demo.myshopify.com", requestId: "req_0123abcd", fileId: "exp_0123abcd", expiresAt: new Date("2026-11-30T10:00:00Z") };

describe("download links", () => {
  it("round-trips a grant until it expires", () => {
    const token = signDownloadLink(key, grant);
    expect(verifyDownloadLink(key, token, now)).toEqual({ ok: true, grant });
    expect(verifyDownloadLink(key, token, new Date("2026-11-30T10:00:00Z"))).toEqual({ ok: false, reason: "expired" });
  });

  it("derives a key of its own: another base key, or the base key itself, does not verify", () => {
    const base = randomBytes(32);
    const token = signDownloadLink(downloadLinkKey(base), grant);
    expect(verifyDownloadLink(base, token, now)).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifyDownloadLink(downloadLinkKey(randomBytes(32)), token, now)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses any change to the payload or signature", () => {
    const [v, payload, mac] = signDownloadLink(key, grant).split(".") as [string, string, string];
    const other = Buffer.from("demo.myshopify.com|req_0123abcd|exp_other|1796032800").toString("base64url");
    expect(verifyDownloadLink(key, `${v}.${other}.${mac}`, now)).toEqual({ ok: false, reason: "bad_signature" });
    // The first character, not the last: a base64 string's last character can carry padding bits
    // only, so changing it may leave the decoded signature as it was.
    const flipped = (mac.startsWith("A") ? "B" : "A") + mac.slice(1);
    expect(verifyDownloadLink(key, `${v}.${payload}.${flipped}`, now).ok).toBe(false);
  });

  it("calls anything not shaped like a link malformed", () => {
    for (const token of ["", "v1", "v2.a.b", "v1.a.b.c", "v1.a b.c", `v1.${"A".repeat(700)}.x`]) {
      expect(verifyDownloadLink(key, token, now)).toEqual({ ok: false, reason: "malformed" });
    }
    // Signed by us but naming something that is not a shop / id: still refused.
    const odd = signDownloadLink(key, { ...grant, shop: "evil.example.com" });
    expect(verifyDownloadLink(key, odd, now)).toEqual({ ok: false, reason: "malformed" });
  });
});
