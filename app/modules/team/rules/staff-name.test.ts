import { describe, expect, it } from "vitest";
import { displayName, staffLabel } from "./staff-name";

describe("staff names", () => {
  it("joins Shopify's first and last name, tidy, or gives null", () => {
    expect(displayName({ first_name: " Sam ", last_name: "Owner" })).toBe("Sam Owner");
    expect(displayName({ first_name: "Priya", last_name: "" })).toBe("Priya");
    expect(displayName({ first_name: "", last_name: null })).toBeNull();
    expect(displayName(undefined)).toBeNull();
    expect(displayName({ first_name: "x".repeat(300) })).toHaveLength(100);
  });

  it("labels staff by name, falls back to the id, and marks you", () => {
    const names = { "42": "Sam Owner" };
    expect(staffLabel("42", names, "42")).toBe("Sam Owner (you)");
    expect(staffLabel("42", names, "77")).toBe("Sam Owner");
    expect(staffLabel("77", names, "42")).toBe("Staff member 77");
  });
});
