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

/** Accents the literal text, leaving `{{name}}` (i18next) and `{name}` (Polaris) placeholders as they are. */
function accentMessage(message: string): string {
  return message
    .split(/(\{\{[^{}]*\}\}|\{[^{}]*\})/)
    .map((part, i) => (i % 2 === 1 ? part : accent(part)))
    .join("");
}

export function pseudoMessage(message: string): string {
  const visible = message.replace(/\{\{[^{}]*\}\}|\{[^{}]*\}/g, "xxxx").length;
  return `[${accentMessage(message)} ${padding(visible)}]`;
}

/** A whole catalog, same keys. */
export function pseudoCatalog(catalog: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(catalog).map(([key, value]) => [key, pseudoMessage(value)]));
}

/** Polaris's nested translations (`{placeholder}` single braces): leaves accented, each string padded. */
export function pseudoNested(value: unknown): unknown {
  if (typeof value === "string") return pseudoMessage(value);
  if (Array.isArray(value)) return value.map(pseudoNested);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, pseudoNested(v)]));
  return value;
}
