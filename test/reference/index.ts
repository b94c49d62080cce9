// The reference semantics of kspec: a deliberately naive interpreter of the checked AST that shares
// no code with src/compile or src/runtime. Its only job is to disagree with the compiled checker
// when the compiler is wrong (see README.md).
export { referenceCheck, referenceGraph, type RefGraph, type RefOptions, type RefResult, type RefViolation } from "./explore.ts";
export { referenceProperties, validateLasso, type PropertyVerdict } from "./liveness.ts";
export { referenceStuck, stuckAt, unreachableDepth, type RefStuck } from "./stuck.ts";
export { compareResults, type CompiledResult } from "./compare.ts";
export type { CompiledView, CompiledViolation } from "./decode.ts";
