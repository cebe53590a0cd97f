export * from "./errors";
export * from "./key-ring";
export * from "./field-cipher";
export * from "./blind-index";
export * from "./integrity";
