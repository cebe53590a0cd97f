// Staff names: what Shopify says about the person behind a session token, reduced to a display name.


/** "First Last" from Shopify's associated_user, or null when Shopify gave no name. At most 100 characters. */
export function displayName(user: { first_name?: string | null; last_name?: string | null } | null | undefined): string | null {
  const name = [user?.first_name, user?.last_name]
    .map((part) => (part ?? "").replace(/\s+/g, " ").trim())
    .filter(Boolean)
    .join(" ");
  return name ? name.slice(0, 100) : null;
}

/** How the admin names a staff member: their name, else "Staff member <id>"; "(you)" for the viewer. */
export function staffLabel(staffId: string, names: Readonly<Record<string, string>>, you: string | null): string {
  const label = names[staffId] ?? `Staff member ${staffId}`;
  return staffId === you ? `${label} (you)` : label;
}
