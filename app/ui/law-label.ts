import { useCallback } from "react";
import { lawLabel, lawNotice } from "../modules/admin-i18n/rules/law-text";
import { isRegulation, type RequestType } from "../modules/requests/rules";
import { useT } from "./i18n";

/** The deadline rule of a law for a right, in the admin's language ("DSGVO (art. 15): 1 Monat, …"). */
export function useLawLabel(): (regulation: string, type: string) => string {
  const t = useT();
  return useCallback((regulation, type) => lawLabel(t, isRegulation(regulation) ? regulation : "gdpr", type as RequestType), [t]);
}

/** A law's extension notice in the admin's language (the rules' English if a notice is new). */
export function useLawNotice(): (notice: string) => string {
  const t = useT();
  return useCallback((notice) => lawNotice(t, notice) ?? notice, [t]);
}
