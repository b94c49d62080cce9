// Loads generated TypeScript in memory: esbuild strips the types, and the module's one import
// (kspec/runtime) is bound to this process's runtime, so the machine and the checker share it.
import { transformSync } from "esbuild";
import * as runtime from "./runtime/index.ts";
import { machineFromJs } from "./runtime/load-js.ts";
import type { Machine } from "./runtime/machine.ts";

/** The generated TypeScript module as CommonJS JavaScript, for `machineFromJs` and workers. */
export function toJs(code: string): string {
  return transformSync(code, { loader: "ts", format: "cjs", target: "es2022" }).code;
}

export function loadMachine(code: string): Machine {
  return machineFromJs(toJs(code), runtime);
}
