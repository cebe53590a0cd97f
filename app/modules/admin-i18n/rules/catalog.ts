// Catalog shapes: nested JSON on disk (as i18next reads namespaces), flat "a.b" keys on the wire. Pure.

export type NestedCatalog = { [key: string]: string | NestedCatalog };
export type FlatCatalog = Record<string, string>;

export function flatten(catalog: NestedCatalog, prefix = ""): FlatCatalog {
  const out: FlatCatalog = {};
  for (const [key, value] of Object.entries(catalog)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out[path] = value;
    else Object.assign(out, flatten(value, path));
  }
  return out;
}
