// Loads generated TypeScript in memory: esbuild strips the types, and the module's one import
// (kspec/runtime) is bound to this process's runtime, so the machine and the checker share it.
import { transformSync } from "esbuild";
import * as runtime from "./runtime/index.ts";
import type { Machine } from "./runtime/machine.ts";

export function loadMachine(code: string): Machine {
  const js = transformSync(code, { loader: "ts", format: "cjs", target: "es2022" }).code;
  const module = { exports: {} as Record<string, unknown> };
  const require = (id: string): unknown => {
    if (id === "kspec/runtime") return runtime;
    throw new Error(`generated code may import only kspec/runtime, not ${id}`);
  };
  // The code is our own compiler's output, built from a checked AST (see compile/gen.ts).
  new Function("require", "module", "exports", js)(require, module, module.exports);
  const m = module.exports["machine"] as Machine | undefined;
  if (!m) throw new Error("internal error: generated module has no machine");
  return m;
}
