// Evaluates a compiled machine that is already JavaScript (CommonJS form, as esbuild emits it), with
// its one import bound to this runtime. Used by the front end after transpiling, and by worker
// threads, which receive the JavaScript text.
import type { Machine } from "./machine.ts";

export function machineFromJs(js: string, runtime: unknown): Machine {
  const module = { exports: {} as Record<string, unknown> };
  const require = (id: string): unknown => {
    if (id === "kspec/runtime") return runtime;
    throw new Error(`generated code may import only kspec/runtime, not ${id}`);
  };
  // The code is kspec's own compiler output, built from a checked AST (see compile/gen.ts).
  new Function("require", "module", "exports", js)(require, module, module.exports);
  const m = module.exports["machine"] as Machine | undefined;
  if (!m) throw new Error("internal error: generated module has no machine");
  return m;
}
