export * from "./states";
export * from "./deadlines";
