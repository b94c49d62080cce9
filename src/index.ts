// kspec as a library: compile specs and check them from TypeScript.
export { compileSpec, type Compiled, type CompileOptions } from "./compile/index.ts";
export { renderDiagnostic, SourceFile, type Diagnostic } from "./diag/diagnostic.ts";
export { loadMachine, toJs } from "./load.ts";
export { checkParallel, type ParallelOptions } from "./runtime/parallel.ts";
export * from "./runtime/index.ts";
