import { describe, expect, it } from "vitest";
import { classifyCode, isReplay, locksOut, MAX_FAILURES, RECOVERY_ALPHABET, recoveryCodeFrom } from "./codes";

describe("classifyCode", () => {
  it("reads six digits as an authenticator code, spaces allowed", () => {
    expect(classifyCode("123 456")).toEqual({ kind: "totp", code: "123456" });
    expect(classifyCode(" 000000 ")).toEqual({ kind: "totp", code: "000000" });
  });
  it("reads ten recovery symbols as a recovery code, dash and case ignored", () => {
    expect(classifyCode("abcde-fghjk")).toEqual({ kind: "recovery", code: "ABCDEFGHJK" });
  });
  it("refuses anything else", () => {
    for (const bad of ["", "12345", "1234567", "abcde-fghj0", "ABCDE-FGHIJ", "'; drop", "１２３４５６x"]) expect(classifyCode(bad), bad).toBeNull();
  });
});

describe("recovery codes", () => {
  it("are ten symbols of the alphabet, grouped 5-5, and read back as recovery codes", () => {
    let i = 0;
    const bytes = [255, 250, 0, 1, 2, 3, 29, 30, 59, 60, 100, 200, 7];
    const code = recoveryCodeFrom(() => bytes[i++ % bytes.length]!);
    expect(code).toMatch(/^[2-9A-Z]{5}-[2-9A-Z]{5}$/);
    expect([...code.replace("-", "")].every((c) => RECOVERY_ALPHABET.includes(c))).toBe(true);
    // 250+ are rejected (uneven tail), so the first symbol comes from byte 0.
    expect(code[0]).toBe(RECOVERY_ALPHABET[0]);
    expect(classifyCode(code)).toEqual({ kind: "recovery", code: code.replace("-", "") });
  });
});

describe("replay and lockout", () => {
  it("refuses a time step already used or older", () => {
    expect(isReplay(100, 100)).toBe(true);
    expect(isReplay(99, 100)).toBe(true);
    expect(isReplay(101, 100)).toBe(false);
  });
  it("locks out at the fifth failure in the window", () => {
    expect(locksOut(MAX_FAILURES - 1)).toBe(false);
    expect(locksOut(MAX_FAILURES)).toBe(true);
  });
});
