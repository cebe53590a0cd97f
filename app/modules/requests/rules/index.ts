export * from "./states";
export * from "./deadlines";
export * from "./actions";
export * from "./due";
export { REGULATIONS, REGULATION_RULES, isRegulation, lawOfRegion, parseRegion, rightRule, type RegulationInfo, type RightRule } from "./regulations";
