import { sessionStorage } from "../../platform/shopify/shopify.server";
import { errorFields, log } from "../../platform/logger.server";
import { adminI18n, type AdminI18n } from "./catalog.server";
import { matchAdminLocale, PSEUDO_LOCALE } from "./rules/locale";
import { rememberStaffLocale } from "../team/staff.server";

/**
 * The admin language of this request. Shopify adds `locale` to the app URL on the first load only;
 * later loads (client navigation, form posts) take the staff member's locale from the online session
 * token exchange stored (Shopify's associated_user.locale, the same admin language).
 */
export async function requestAdminI18n(request: Request, staff: { shop: string; staffId: string | null }): Promise<AdminI18n> {
  const param = new URL(request.url).searchParams.get("locale");
  if (param !== null || !staff.staffId) {
    // Shopify's `locale` is the staff member's own admin language: kept for the emails they receive (the digest).
    const own = matchAdminLocale(param);
    if (staff.staffId && own && own !== PSEUDO_LOCALE) await rememberStaffLocale(staff.shop, staff.staffId, own);
    return adminI18n(request);
  }
  let staffLocale: string | undefined;
  try {
    staffLocale = (await sessionStorage.loadSession(`${staff.shop}_${staff.staffId}`))?.onlineAccessInfo?.associated_user?.locale;
  } catch (error) {
    log.warn("staff locale not read", { shop: staff.shop, ...errorFields(error) });
  }
  const own = matchAdminLocale(staffLocale);
  if (own && own !== PSEUDO_LOCALE) await rememberStaffLocale(staff.shop, staff.staffId, own);
  return adminI18n(request, staffLocale);
}
