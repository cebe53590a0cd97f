export const APT_PACKAGES: { chromium: string; postgres: string; rsyslog: string; rsyslogTls: string };
export interface PrerequisiteState {
  needChromium: boolean;
  needPostgres: boolean;
  hasChromium: boolean;
  hasPostgres: boolean;
  isRoot: boolean;
  hasAptGet: boolean;
  needRsyslog?: boolean;
  hasRsyslog?: boolean;
}
export type PrerequisitePlan = { action: "ready" } | { action: "install"; packages: string[] } | { action: "stop"; message: string };
export function planPrerequisites(state: PrerequisiteState): PrerequisitePlan;
export function chromiumPath(): string;
export function hasRsyslogTls(): boolean;
export function ensurePrerequisites(needs: { needChromium: boolean; needPostgres: boolean; needRsyslog?: boolean }): boolean;
