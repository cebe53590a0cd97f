import { adminHeaders } from "./admin-session";

function dataUrl(appUrl: string, path: string, route: string): URL {
  const url = new URL(path, appUrl);
  url.searchParams.set("_data", route);
  return url;
}

/**
 * Gives `staffId` a role the way a merchant does: the staff member opens the app once (joining as
 * viewer, or owner if first), then an owner assigns the role on the Team page.
 */
export async function grantRole(appUrl: string, env: Record<string, string>, shop: string, ownerId: string, staffId: string, role: "owner" | "privacy_officer" | "viewer"): Promise<void> {
  const visit = await fetch(dataUrl(appUrl, "/app", "routes/app._index"), { headers: adminHeaders(env, shop, staffId) });
  if (visit.status !== 200) throw new Error(`staff ${staffId} could not open the app: ${visit.status}`);
  const response = await fetch(dataUrl(appUrl, "/app/team", "routes/app.team"), {
    method: "POST",
    headers: adminHeaders(env, shop, ownerId),
    body: new URLSearchParams({ intent: "assign", staffId, role }),
  });
  if (response.status !== 200) throw new Error(`owner ${ownerId} could not assign ${role} to ${staffId}: ${response.status} ${await response.text()}`);
}
