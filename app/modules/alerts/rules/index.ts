export * from "./clock";
export * from "./definitions";
export * from "./thresholds";
export * from "./lifecycle";
export * from "./mail";
