export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return "—";
  return new Date(value).toISOString().slice(0, 16).replace("T", " ") + " UTC";
}

export function humanise(value: string): string {
  return value.replaceAll("_", " ").replace(/^\w/, (c) => c.toUpperCase());
}
