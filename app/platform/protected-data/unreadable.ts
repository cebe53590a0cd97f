/** Shown in place of a stored value that exists but cannot be decrypted (pages import this too). */
export const UNREADABLE = { unreadable: true } as const;
export type Unreadable = typeof UNREADABLE;

export const isUnreadable = (value: unknown): value is Unreadable => typeof value === "object" && value !== null && (value as Unreadable).unreadable === true;

export const UNREADABLE_TEXT = "This value is stored but cannot be decrypted: its encryption key is missing or the record was altered. The event was logged.";
