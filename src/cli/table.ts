// The end of every `kspec check` report: the property table (each property and its verdict) and
// the warnings (vacuity, covers hit only initially, steps never enabled); and `--only`'s names,
// checked against the spec's properties before the search starts.
import { closest } from "../diag/diagnostic.ts";
import { placeName } from "../source.ts";
import type { CheckResult, Machine, PropertyReport } from "../runtime/index.ts";
import { BUILTIN_PROPERTIES, propertyNames } from "../runtime/tracking.ts";
import { UsageError } from "./options.ts";

/** `--only A,B`: the names, each a property of the spec or a built-in check (exit 2 otherwise). */
export function selectProperties(m: Machine, only: string): string[] {
  const names = only.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (names.length === 0) throw new UsageError("--only expects property names, separated by commas");
  const known = new Set<string>([...propertyNames(m), ...BUILTIN_PROPERTIES]);
  for (const n of names) {
    if (known.has(n)) continue;
    const near = closest(n, known);
    throw new UsageError(`--only: the spec has no property '${n}'`, near !== undefined ? `did you mean '${near}'? (the properties: ${[...known].join(", ")})` : `the properties: ${[...known].join(", ")}`);
  }
  return names;
}

function verdictText(p: PropertyReport): string {
  switch (p.verdict) {
    case "violated": return p.depth !== undefined ? `violated at depth ${p.depth}` : "violated";
    case "holds": return "holds";
    case "vacuous": return `holds vacuously: ${p.note ?? ""}`;
    case "covered": return `covered by ${p.states} state${p.states === 1 ? "" : "s"}, first at depth ${p.depth}${p.note ? ` (${p.note})` : ""}`;
    case "uncovered": return "uncovered: no reachable state satisfies it";
    case "not checked": return `not checked${p.note ? ` (${p.note})` : ""}`;
  }
}

const TONE: Record<PropertyReport["verdict"], string> = { holds: "ok", covered: "ok", violated: "error", uncovered: "error", vacuous: "warning", "not checked": "dim" };

/** The table and the warnings, as text lines (two-space indented). */
export function formatTable(m: Machine, r: CheckResult, color: (kind: string, s: string) => string): string {
  const rows = r.properties ?? [];
  const out: string[] = [];
  if (rows.length > 0) {
    const w = Math.max(...rows.map((p) => p.name.length));
    const k = Math.max(...rows.map((p) => p.kind.length));
    out.push("  properties:");
    for (const p of rows) out.push(`    ${p.name.padEnd(w)}  ${p.kind.padEnd(k)}  ${color(TONE[p.verdict], verdictText(p))}`);
  }
  for (const wn of r.warnings ?? []) {
    const site = wn.site !== undefined ? m.sites[wn.site] : undefined;
    out.push(`  ${color("warning", "warning")}: ${wn.message}${site ? ` (${placeName(site.file ?? m.file, site)})` : ""}`);
  }
  return out.join("\n");
}
