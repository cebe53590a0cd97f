export * from "../../../platform/canonical-json";
export * from "./chain";
