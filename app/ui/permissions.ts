import { useRouteLoaderData } from "@remix-run/react";
import type { Permission, Role } from "../modules/team/rules";

interface LayoutData {
  role: Role;
  permissions: Permission[];
}

/**
 * What the signed-in staff member's role allows, from the app layout's loader. For hiding controls
 * only: the server refuses anything the role does not grant whatever the page shows.
 */
export function useCan(): (permission: Permission) => boolean {
  const data = useRouteLoaderData<LayoutData>("routes/app");
  return (permission) => data?.permissions.includes(permission) ?? false;
}
