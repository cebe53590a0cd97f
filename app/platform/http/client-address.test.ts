import { describe, expect, it } from "vitest";
import { clientAddress, normaliseAddress } from "./client-address";
import { edgeRefusal, forwardedFor } from "./edge";

describe("clientAddress", () => {
  it("with no trusted hop uses the connecting peer and ignores whatever the client wrote", () => {
    expect(clientAddress(forwardedFor("203.0.113.9", "198.51.100.2"), 0)).toBe("198.51.100.2");
    expect(clientAddress(forwardedFor("1.1.1.1, 2.2.2.2", "198.51.100.2"), 0)).toBe("198.51.100.2");
    expect(clientAddress(forwardedFor(undefined, "::ffff:127.0.0.1"), 0)).toBe("127.0.0.1");
  });

  it("behind one proxy (Fly, Render, Heroku) uses the entry that proxy appended, not the forged ones before it", () => {
    // client forged "6.6.6.6", the proxy appended the real client 203.0.113.9 and connected from 10.0.0.5
    const header = forwardedFor("6.6.6.6, 203.0.113.9", "10.0.0.5");
    expect(clientAddress(header, 1)).toBe("203.0.113.9");
    expect(clientAddress(forwardedFor(`${Math.random()}, 203.0.113.9`, "10.0.0.5"), 1)).toBe("203.0.113.9");
  });

  it("is unknown when the chain is shorter than the trusted hops or the entry is not an address", () => {
    expect(clientAddress(forwardedFor(undefined, "10.0.0.5"), 1)).toBeNull();
    expect(clientAddress(forwardedFor("not-an-ip", "10.0.0.5"), 1)).toBeNull();
    expect(clientAddress(forwardedFor(undefined, undefined), 0)).toBeNull();
    expect(clientAddress(null, 0)).toBeNull();
  });

  it("normalises ports, brackets and IPv4-mapped IPv6", () => {
    expect(normaliseAddress("203.0.113.9:4711")).toBe("203.0.113.9");
    expect(normaliseAddress("[2001:DB8::1]:443")).toBe("2001:db8::1");
    expect(normaliseAddress("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(normaliseAddress("unknown")).toBeNull();
  });
});

describe("edgeRefusal", () => {
  it("refuses methods outside the accepted set, bad percent-encoding, absolute-form and over-long targets", () => {
    expect(edgeRefusal("TRACE", "/")?.status).toBe(405);
    expect(edgeRefusal("PROPFIND", "/")?.status).toBe(405);
    expect(edgeRefusal("GET", "/downloads/%ZZ")?.status).toBe(400);
    expect(edgeRefusal("GET", "/%E0%A4%A")?.status).toBe(400);
    expect(edgeRefusal("GET", "http://evil.example/")?.status).toBe(400);
    expect(edgeRefusal("GET", "/app/requests/a%00b")?.status).toBe(400);
    expect(edgeRefusal("GET", "/app/consent?visitorId=%00")?.status).toBe(400);
    expect(edgeRefusal("GET", `/${"a".repeat(9000)}`)?.status).toBe(414);
  });

  it("lets ordinary requests through, including bad encoding in the query (parsed leniently later)", () => {
    expect(edgeRefusal("GET", "/app/requests?status=%ZZ")).toBeNull();
    expect(edgeRefusal("POST", "/webhooks/compliance")).toBeNull();
    expect(edgeRefusal("OPTIONS", "/app")).toBeNull();
  });
});
