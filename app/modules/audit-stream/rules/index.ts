export * from "./records";
export * from "./against";
export * from "./destinations";
export * from "./lag";
