// kspec/runtime: what compiled specs import, and what a user's program needs to check them.
export * from "./machine.ts";
export * from "./helpers.ts";
export { checkLiveness, type LivenessOptions } from "./liveness.ts";
export { check, type CheckOptions, type CheckResult, type Progress, type Stats, type StoreMode, type TraceStep, type Violation, type ViolationKind } from "./check.ts";
export { explainViolation, formatSite, formatTrace, resultToJson, showValue, toJsonValue, showArgs, type TextOptions } from "./format.ts";
export { ExactStore, FingerprintSet, FingerprintStore, hashWords, type VisitedStore } from "./store.ts";
export type { CheckWarning, PropertyKind, PropertyReport, PropertyVerdict } from "./report.ts";
export { machineFromJs } from "./load-js.ts";
