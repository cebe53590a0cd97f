import { describe, expect, it } from "vitest";
import { planPrerequisites, type PrerequisiteState } from "./prerequisites.mjs";

const fresh: PrerequisiteState = { needChromium: true, needPostgres: true, hasChromium: false, hasPostgres: false, isRoot: true, hasAptGet: true };

describe("npm test prerequisites", () => {
  it("installs what is missing with apt-get when running as root", () => {
    expect(planPrerequisites(fresh)).toEqual({ action: "install", packages: ["chromium", "postgresql"] });
    expect(planPrerequisites({ ...fresh, hasPostgres: true })).toEqual({ action: "install", packages: ["chromium"] });
  });

  it("is ready when everything needed is there, or not needed", () => {
    expect(planPrerequisites({ ...fresh, hasChromium: true, hasPostgres: true })).toEqual({ action: "ready" });
    expect(planPrerequisites({ ...fresh, needChromium: false, needPostgres: false })).toEqual({ action: "ready" });
  });

  it("stops with one line naming the exact command when it may not install", () => {
    const plan = planPrerequisites({ ...fresh, isRoot: false });
    expect(plan).toEqual({
      action: "stop",
      message: "npm test needs Chromium (or set CHROMIUM_PATH) and PostgreSQL (or set TEST_POSTGRES_URL): run `sudo apt-get install -y chromium postgresql`, then npm test again.",
    });
    expect(planPrerequisites({ ...fresh, hasAptGet: false, hasChromium: true })).toEqual({
      action: "stop",
      message: "npm test needs PostgreSQL (or set TEST_POSTGRES_URL): run `apt-get install -y postgresql`, then npm test again.",
    });
  });

  it("installs rsyslog and its TLS driver for the streaming tests", () => {
    expect(planPrerequisites({ ...fresh, hasChromium: true, hasPostgres: true, needRsyslog: true, hasRsyslog: false })).toEqual({ action: "install", packages: ["rsyslog", "rsyslog-openssl"] });
    expect(planPrerequisites({ ...fresh, hasChromium: true, hasPostgres: true, needRsyslog: true, hasRsyslog: false, isRoot: false })).toEqual({
      action: "stop",
      message: "npm test needs rsyslog with its TLS driver: run `sudo apt-get install -y rsyslog rsyslog-openssl`, then npm test again.",
    });
  });
});
