// The pseudo-locale: every letter accented and each message ~30-40 % longer, bracketed, so clipped,
// overflowing or hard-coded (unaccented) text shows in the layout check. Placeholders, ICU syntax and
// plural selectors stay intact. Pure.

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

/** Accents the literal text of an ICU message (outside `{…}` arguments and selectors). */
function accentMessage(message: string): string {
  let out = "";
  let depth = 0;
  // Inside an argument: skip the name, the type and selectors; text inside option braces is literal again.
  const stack: ("arg" | "text")[] = ["text"];
  let i = 0;
  while (i < message.length) {
    const c = message[i]!;
    if (c === "{") {
      stack.push(stack[stack.length - 1] === "text" ? "arg" : "text");
      depth++;
      out += c;
    } else if (c === "}") {
      stack.pop();
      depth--;
      out += c;
    } else if (c === "'" && (message[i + 1] === "{" || message[i + 1] === "}")) {
      const end = message.indexOf("'", i + 1);
      const stop = end < 0 ? message.length : end + 1;
      out += message.slice(i, stop);
      i = stop;
      continue;
    } else out += stack[stack.length - 1] === "text" ? accent(c) : c;
    i++;
  }
  return depth === 0 ? out : message;
}

export function pseudoMessage(message: string): string {
  const visible = message.replace(/\{[^{}]*\}/g, "xxxx").length;
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
