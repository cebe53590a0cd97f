// A small ICU MessageFormat subset for the admin's client: `{name}`, `{n, plural, =0 {…} one {…} other {…}}`
// (with `#`), `{x, select, a {…} other {…}}` and ICU apostrophe quoting. The full parser (i18next-icu /
// intl-messageformat) weighs ~25 KB gzip; this is under 1 KB, and a test formats every admin catalog
// message with both and demands the same output (ADR 0019). Pure; no Intl beyond PluralRules.

export type MessageValues = Record<string, string | number | null | undefined>;

type Node = string | { arg: string } | { hash: true } | { arg: string; kind: "plural" | "select"; options: Record<string, Node[]> };

export class MessageSyntaxError extends Error {}

function parse(message: string, start: number, inPlural: boolean, nested: boolean): [Node[], number] {
  const nodes: Node[] = [];
  let text = "";
  let i = start;
  const flush = () => {
    if (text) nodes.push(text);
    text = "";
  };
  while (i < message.length) {
    const c = message[i]!;
    if (c === "'") {
      const next = message[i + 1];
      if (next === "'") {
        text += "'";
        i += 2;
        continue;
      }
      if (next === "{" || next === "}" || (inPlural && next === "#")) {
        const end = message.indexOf("'", i + 1);
        const stop = end < 0 ? message.length : end;
        text += message.slice(i + 1, stop).replaceAll("''", "'");
        i = stop + 1;
        continue;
      }
      text += c;
      i++;
      continue;
    }
    if (c === "#" && inPlural) {
      flush();
      nodes.push({ hash: true });
      i++;
      continue;
    }
    if (c === "}") {
      if (!nested) throw new MessageSyntaxError(`unbalanced } at ${i}`);
      flush();
      return [nodes, i];
    }
    if (c === "{") {
      flush();
      const close = readArgument(message, i + 1);
      nodes.push(close.node);
      i = close.end + 1;
      continue;
    }
    text += c;
    i++;
  }
  if (nested) throw new MessageSyntaxError("unclosed {");
  flush();
  return [nodes, i];
}

function readArgument(message: string, start: number): { node: Node; end: number } {
  const head = /^\s*([A-Za-z_][\w]*)\s*(?:,\s*(plural|select)\s*,)?\s*/.exec(message.slice(start));
  if (!head) throw new MessageSyntaxError(`bad argument at ${start}`);
  const name = head[1]!;
  let i = start + head[0].length;
  if (!head[2]) {
    if (message[i] !== "}") throw new MessageSyntaxError(`unsupported argument at ${start}`);
    return { node: { arg: name }, end: i };
  }
  const kind = head[2] as "plural" | "select";
  const options: Record<string, Node[]> = {};
  for (;;) {
    const selector = /^\s*(=\d+|[A-Za-z_][\w-]*)\s*\{/.exec(message.slice(i));
    if (!selector) break;
    const [nodes, end] = parse(message, i + selector[0].length, kind === "plural", true);
    options[selector[1]!] = nodes;
    i = end + 1;
  }
  while (message[i] === " " || message[i] === "\n") i++;
  if (message[i] !== "}" || !options.other) throw new MessageSyntaxError(`${kind} at ${start} needs an "other" option and a closing }`);
  return { node: { arg: name, kind, options }, end: i };
}

const cache = new Map<string, Node[]>();

/** Parses once per message text; throws MessageSyntaxError on anything outside the subset. */
export function parseMessage(message: string): Node[] {
  let nodes = cache.get(message);
  if (!nodes) {
    nodes = parse(message, 0, false, false)[0];
    cache.set(message, nodes);
  }
  return nodes;
}

const pluralRules = new Map<string, Intl.PluralRules>();
function pluralCategory(locale: string, n: number): string {
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  return rules.select(n);
}

const numberFormats = new Map<string, Intl.NumberFormat>();
function formatNumber(locale: string, n: number): string {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    numberFormats.set(locale, format);
  }
  return format.format(n);
}

function render(nodes: Node[], values: MessageValues, locale: string, hash: number | null): string {
  let out = "";
  for (const node of nodes) {
    if (typeof node === "string") out += node;
    else if ("hash" in node) out += hash === null ? "#" : formatNumber(locale, hash);
    else if (!("kind" in node)) {
      const value = values[node.arg];
      out += typeof value === "number" ? formatNumber(locale, value) : (value ?? `{${node.arg}}`);
    } else if (node.kind === "plural") {
      const n = Number(values[node.arg] ?? 0);
      const branch = node.options[`=${n}`] ?? node.options[pluralCategory(locale, n)] ?? node.options.other!;
      out += render(branch, values, locale, n);
    } else {
      const branch = node.options[String(values[node.arg] ?? "other")] ?? node.options.other!;
      out += render(branch, values, locale, hash);
    }
  }
  return out;
}

/** Formats an ICU message in `locale`. A missing value is left as `{name}` so it shows, never crashes. */
export function formatMessage(message: string, values: MessageValues, locale: string): string {
  return render(parseMessage(message), values, locale, null);
}
