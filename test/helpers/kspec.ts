// Test helpers: compile and check specs in memory, golden files.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { compileSpec } from "../../src/compile/index.ts";
import { renderDiagnostic } from "../../src/diag/diagnostic.ts";
import { loadMachine } from "../../src/load.ts";
import { check, type CheckOptions, type CheckResult, type Machine } from "../../src/runtime/index.ts";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export function readRepo(path: string): string {
  return readFileSync(join(ROOT, path), "utf8");
}

/** Diagnostics of a spec text, rendered as the CLI prints them (no colour). */
export function diagnosticsOf(text: string, path = "test.kspec", consts?: Record<string, string>): string {
  const r = compileSpec(path, text, consts ? { constOverrides: new Map(Object.entries(consts)) } : {});
  return r.diagnostics.map((d) => renderDiagnostic(d, r.file)).join("\n");
}

export function codesOf(text: string): string[] {
  return compileSpec("test.kspec", text).diagnostics.map((d) => d.code);
}

export function machineOf(text: string, path = "test.kspec", consts?: Record<string, string | number>): Machine {
  const r = compileSpec(path, text, consts ? { constOverrides: new Map(Object.entries(consts).map(([k, v]) => [k, String(v)])) } : {});
  if (!r.code) throw new Error(`spec does not compile:\n${r.diagnostics.map((d) => renderDiagnostic(d, r.file)).join("\n")}`);
  return loadMachine(r.code);
}

export function checkText(text: string, consts?: Record<string, string | number>, opts?: CheckOptions): CheckResult & { machine: Machine } {
  const m = machineOf(text, "test.kspec", consts);
  return { ...check(m, opts), machine: m };
}

export function checkFile(path: string, consts?: Record<string, string | number>, opts?: CheckOptions): CheckResult & { machine: Machine } {
  const m = machineOf(readRepo(path), path, consts);
  return { ...check(m, opts), machine: m };
}

/** Compares `actual` with the golden file, or rewrites it when KSPEC_UPDATE_GOLDEN=1. */
export function expectGolden(path: string, actual: string): void {
  const full = join(ROOT, path);
  if (process.env["KSPEC_UPDATE_GOLDEN"] === "1" || !existsSync(full)) {
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, actual);
    if (process.env["KSPEC_UPDATE_GOLDEN"] !== "1" && process.env["CI"]) throw new Error(`golden file ${relative(ROOT, full)} is missing`);
    return;
  }
  expect(actual, `golden ${path} (KSPEC_UPDATE_GOLDEN=1 npm test rewrites it)`).toBe(readFileSync(full, "utf8"));
}
