import { useCallback } from "react";
import { useT } from "./i18n";

/** How the admin names a staff member, in its language: their name, else "Staff member <id>"; "(you)" for the viewer (rules/staff-name.ts in English). */
export function useStaffLabel(): (staffId: string, names: Readonly<Record<string, string>>, you: string | null) => string {
  const t = useT();
  return useCallback(
    (staffId, names, you) => {
      const label = names[staffId] ?? t("staff.unnamed", { id: staffId });
      return staffId === you ? t("staff.you", { name: label }) : label;
    },
    [t],
  );
}
