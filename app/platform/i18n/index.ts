export { DEFAULT_LOCALE, SUPPORTED_LOCALES, isSupportedLocale, matchLocale, negotiateLocale, type Locale } from "./locales";
export { formatDate, formatDateTime } from "./format";
