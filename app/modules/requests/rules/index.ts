export * from "./states";
export * from "./deadlines";
export * from "./actions";
export * from "./due";
