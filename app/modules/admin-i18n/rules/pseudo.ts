// The pseudo-locale: every letter accented and each message ~35 % longer, bracketed, so clipped,
// overflowing or hard-coded (unaccented) text shows in the layout check. Placeholders stay intact. Pure.

const ACCENTED: Record<string, string> = Object.fromEntries(
  [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"].map((c, i) => [c, [..."àƀçđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ"][i]!]),
);

const accent = (text: string) => [...text].map((c) => ACCENTED[c] ?? c).join("");
/** ~35 % extra length, as words ("one two three"), so text still wraps like a real language. */
const padding = (length: number) => {
  const extra = Math.max(1, Math.ceil(length * 0.35));
  const words = ["ōñē", "ţŵō", "ţĥŕēē", "ƒōũŕ", "ƒīṽē", "šīẋ", "šēṽēñ"];
  let out = "";
  for (let i = 0; out.length < extra; i++) out += (out ? " " : "") + words[i % words.length];
  return out;
};

// Left as they are: `{{name}}` (i18next, Liquid) and `{name}` (Polaris) placeholders, HTML tags and entities (`_html` keys).
const KEEP = /(\{\{[^{}]*\}\}|\{[^{}]*\}|<[^<>]*>|&#?\w+;)/;

/** Accents the literal text only. */
function accentMessage(message: string): string {
  return message
    .split(KEEP)
    .map((part, i) => (i % 2 === 1 ? part : accent(part)))
    .join("");
}

export function pseudoMessage(message: string): string {
  const visible = message.replace(new RegExp(KEEP.source, "g"), "xxxx").length;
  return `[${accentMessage(message)} ${padding(visible)}]`;
}

/** A whole catalog, same keys. */
export function pseudoCatalog(catalog: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(catalog).map(([key, value]) => [key, pseudoMessage(value)]));
}

/** A nested tree (Polaris's translations, the storefront extension's locale file): every string pseudo-localised. */
export function pseudoNested(value: unknown): unknown {
  if (typeof value === "string") return pseudoMessage(value);
  if (Array.isArray(value)) return value.map(pseudoNested);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, pseudoNested(v)]));
  return value;
}
