// Printing values, states and results: text for people, JSON for tools. Only the runtime's own
// types are used, so a user's program can format results of a compiled machine.
import type { CheckResult, TraceStep, Violation } from "./check.ts";
import { NONE, type ChoicePoint, type Explanation, type Machine, type Site, type State, type ValueType } from "./machine.ts";
import type { TakenStep } from "./step.ts";
import { placeName, renderFrame } from "../source.ts";

/** Number of slots a value of this type occupies. */
export function slotCount(t: ValueType): number {
  switch (t.k) {
    case "record": return t.fields.reduce((n, f) => n + slotCount(f.type), 0);
    case "map": return keyCount(t.key) * slotCount(t.value);
    default: return 1;
  }
}

function keyCount(t: ValueType): number {
  return t.k === "bool" ? 2 : t.k === "int" ? t.hi - t.lo + 1 : t.k === "enum" ? t.members.length : 1;
}

function keyValue(t: ValueType, code: number): number {
  return t.k === "int" ? t.lo + code : code;
}

/**
 * Sets an own property even when the name is `__proto__` (a plain assignment would set the
 * object's prototype instead, and the field would vanish from the JSON).
 */
function put(out: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

/** JSON form of a value: booleans, numbers, enum names, null for none, arrays for sets, objects. */
export function toJsonValue(t: ValueType, s: State, o: number): unknown {
  const v = s[o]!;
  switch (t.k) {
    case "bool": return v !== 0;
    case "int": return v;
    case "enum": return t.members[v] ?? v;
    case "pc": return t.labels[v] ?? v;
    case "option": return v === NONE ? null : toJsonValue(t.inner, Int32Array.of(v), 0);
    case "set": {
      const out: unknown[] = [];
      for (let b = 0; b < 31; b++) if ((v >>> b) & 1) out.push(toJsonValue(t.elem, Int32Array.of(b), 0));
      return out;
    }
    case "record": {
      const out: Record<string, unknown> = {};
      let off = o;
      for (const f of t.fields) {
        put(out, f.name, toJsonValue(f.type, s, off));
        off += slotCount(f.type);
      }
      return out;
    }
    case "map": {
      const out: Record<string, unknown> = {};
      const n = keyCount(t.key);
      const w = slotCount(t.value);
      for (let i = 0; i < n; i++) put(out, showScalar(t.key, keyValue(t.key, i)), toJsonValue(t.value, s, o + i * w));
      return out;
    }
  }
}

function showScalar(t: ValueType, v: number): string {
  switch (t.k) {
    case "bool": return v !== 0 ? "true" : "false";
    case "enum": return t.members[v] ?? String(v);
    case "pc": return t.labels[v] ?? String(v);
    case "option": return v === NONE ? "none" : showScalar(t.inner, v);
    default: return String(v);
  }
}

/** Text form, in kspec syntax: `true`, `3`, `Dax`, `none`, `{1, 2}`, `{ a: 1 }`, `[0: none, 1: Dax]`. */
export function showValue(t: ValueType, s: State, o: number): string {
  const v = s[o]!;
  switch (t.k) {
    case "set": {
      const out: string[] = [];
      for (let b = 0; b < 31; b++) if ((v >>> b) & 1) out.push(showScalar(t.elem, b));
      return `{${out.join(", ")}}`;
    }
    case "record": {
      let off = o;
      const parts = t.fields.map((f) => {
        const p = `${f.name}: ${showValue(f.type, s, off)}`;
        off += slotCount(f.type);
        return p;
      });
      return `{ ${parts.join(", ")} }`;
    }
    case "map": {
      const n = keyCount(t.key);
      const w = slotCount(t.value);
      const parts: string[] = [];
      for (let i = 0; i < n; i++) parts.push(`${showScalar(t.key, keyValue(t.key, i))}: ${showValue(t.value, s, o + i * w)}`);
      return `[${parts.join(", ")}]`;
    }
    default:
      return showScalar(t, v);
  }
}

export function showArgs(m: Machine, step: { transition: number; args: readonly number[] }): string {
  const tr = m.transitions[step.transition];
  if (!tr) return "?";
  const params = tr.params.map((p, i) => showScalar(p.type, step.args[i] ?? 0));
  if (tr.kind === "process") {
    const member = params.length > 0 ? `[${params[0]}]` : "";
    return `${tr.name}${member}: ${tr.label ?? ""}`;
  }
  return params.length > 0 ? `${tr.name}(${tr.params.map((p, i) => `${p.name} = ${params[i]}`).join(", ")})` : tr.name;
}

/** The choices a step made, one entry per `either` or `any` it went through. */
function picksOf(m: Machine, step: TakenStep): { point: ChoicePoint; value: number }[] {
  const out: { point: ChoicePoint; value: number }[] = [];
  const p = step.picks ?? [];
  for (let i = 0; i + 1 < p.length; i += 2) {
    const point = m.choices?.[p[i]!];
    if (point) out.push({ point, value: p[i + 1]! });
  }
  return out;
}

/** `  [either branch 2 of 2, line 45; any p = 1]`, or nothing when the step made no choice. */
function showPicks(m: Machine, step: TakenStep): string {
  const parts = picksOf(m, step).map(({ point, value }) =>
    point.kind === "either"
      ? `either branch ${value} of ${point.branches}${m.sites[point.site] ? `, line ${m.sites[point.site]!.line}` : ""}`
      : `any ${point.name} = ${showValue(point.type, Int32Array.of(value), 0)}`,
  );
  return parts.length === 0 ? "" : `  [${parts.join("; ")}]`;
}

function changedVars(m: Machine, prev: State | undefined, cur: State): string[] {
  const out: string[] = [];
  for (const v of m.vars) {
    const n = slotCount(v.type);
    let changed = prev === undefined;
    for (let i = 0; !changed && i < n; i++) if (prev![v.offset + i] !== cur[v.offset + i]) changed = true;
    if (changed) out.push(v.name);
  }
  return out;
}

/**
 * Where a violation happened, as diagnostics show places: `file:line:col`, then the source lines with
 * a squiggle under the span (rendered by src/source.ts), each line indented by two spaces.
 */
export function formatSite(m: Machine, site: Site, color: (kind: "loc" | "caret", s: string) => string = (_k, s) => s): string {
  const lines = [site.text, ...(site.more ?? [])];
  const col = site.textCol ?? site.col;
  const endCol = site.more !== undefined && site.more.length > 0 ? (site.endCol ?? col + 1) : col + site.length;
  const frame = renderFrame({ line: site.line, col, lines, endCol }, (s) => color("caret", s));
  return [color("loc", placeName(site.file ?? m.file, site)), ...frame].map((l) => `  ${l}`).join("\n");
}

export interface TextOptions {
  /** Print whole states instead of the changed variables. */
  readonly fullStates?: boolean;
  readonly color?: (kind: "title" | "step" | "name" | "dim", s: string) => string;
}

export function formatTrace(m: Machine, v: Violation, opts: TextOptions = {}): string {
  const c = opts.color ?? ((_k, s) => s);
  const lines: string[] = [];
  if (v.trace.length === 0) {
    lines.push(`${c("title", "No counterexample")}: the error happens while computing the initial states.`);
    return lines.join("\n");
  }
  const steps = v.trace.length - 1 + (v.failedStep ? 1 : 0);
  const lasso = v.lasso;
  if (lasso) {
    lines.push(`${c("title", "Counterexample")} (a lasso: ${lasso.loop} step${lasso.loop === 1 ? "" : "s"} of prefix, then ${lasso.back ? `a cycle of ${v.trace.length - lasso.loop} step${v.trace.length - lasso.loop === 1 ? "" : "s"} that repeats forever` : "stuttering forever"}):`);
  } else {
    lines.push(`${c("title", "Counterexample")} (${steps} step${steps === 1 ? "" : "s"}):`);
  }
  let prev: State | undefined;
  v.trace.forEach((st: TraceStep, i) => {
    lines.push(i === 0 ? `  ${c("step", "0")}  initial state` : `  ${c("step", String(i))}  ${c("name", showArgs(m, st))}${c("dim", showPicks(m, st))}`);
    const names = opts.fullStates ? m.vars.map((x) => x.name) : changedVars(m, prev, st.state);
    for (const x of m.vars) if (names.includes(x.name)) lines.push(`       ${x.name} = ${showValue(x.type, st.state, x.offset)}`);
    if (i > 0 && names.length === 0) lines.push(`       ${c("dim", "(no variable changed)")}`);
    if (lasso && i === lasso.loop && lasso.back) lines.push(`  ${c("title", `-- cycle: the steps below repeat forever, each round ending in the state of step ${i} --`)}`);
    prev = st.state;
  });
  if (lasso?.back) {
    lines.push(`  ${c("step", String(v.trace.length))}  ${c("name", showArgs(m, lasso.back))}${c("dim", showPicks(m, lasso.back))}  ${c("dim", `<- back to step ${lasso.loop}`)}`);
    const last = v.trace[v.trace.length - 1]!.state;
    const loopState = v.trace[lasso.loop]!.state;
    for (const x of m.vars) if (changedVars(m, last, loopState).includes(x.name)) lines.push(`       ${x.name} = ${showValue(x.type, loopState, x.offset)}`);
  } else if (lasso) {
    lines.push(`  ${c("title", "-- stutters here forever: no step the fairness declarations require is enabled --")}`);
  }
  if (v.failedStep) {
    lines.push(`  ${c("step", String(v.trace.length))}  ${c("name", showArgs(m, v.failedStep))}${c("dim", showPicks(m, v.failedStep))}  ${c("dim", `<- ${v.kind === "assert" ? "assertion fails" : "fails"} here`)}`);
  }
  const why = explainViolation(m, v);
  if (why) {
    const inst = why.bindings.length > 0 ? `  ${c("dim", `(${why.bindings.join(", ")})`)}` : "";
    lines.push(`  ${c("title", "false in the last state")}: ${why.formula}${inst}`);
    why.values.forEach((x, i) => lines.push(`${i === 0 ? `    ${c("dim", "where")} ` : "          "}${x}`));
  }
  return lines.join("\n");
}

/** For a violated invariant: its smallest false part in the last state of the trace, and the values around it. */
export function explainViolation(m: Machine, v: Violation): Explanation | undefined {
  if (v.kind !== "invariant" || v.trace.length === 0) return undefined;
  const inv = m.invariants.find((i) => i.name === v.property);
  try {
    return inv?.explain?.(v.trace[v.trace.length - 1]!.state);
  } catch {
    // A fault while explaining (the formula's other parts may fault): no explanation, the violation stands.
    return undefined;
  }
}

/** A result as plain JSON: verdict, property, location, statistics and the trace with whole states. */
export function resultToJson(m: Machine, r: CheckResult): unknown {
  const v = r.violation;
  const stateJson = (s: State): Record<string, unknown> => Object.fromEntries(m.vars.map((x) => [x.name, toJsonValue(x.type, s, x.offset)]));
  const stepJson = (step: TakenStep): Record<string, unknown> => {
    const tr = m.transitions[step.transition];
    if (!tr) return { kind: "init" };
    const picks = picksOf(m, step);
    return {
      kind: tr.kind,
      name: tr.name,
      ...(tr.label !== undefined ? { label: tr.label } : {}),
      args: Object.fromEntries(tr.params.map((p, i) => [p.name, toJsonValue(p.type, Int32Array.of(step.args[i] ?? 0), 0)])),
      ...(picks.length > 0
        ? {
            choices: picks.map(({ point, value }) =>
              point.kind === "either"
                ? { kind: "either", branch: value, of: point.branches, line: m.sites[point.site]?.line }
                : { kind: "any", name: point.name, value: toJsonValue(point.type, Int32Array.of(value), 0) },
            ),
          }
        : {}),
    };
  };
  const locationJson = (at: number | undefined): Record<string, unknown> => {
    const site = at !== undefined ? m.sites[at] : undefined;
    return site ? { location: { file: site.file ?? m.file, line: site.line, col: site.col } } : {};
  };
  const violationJson = (v: Violation): Record<string, unknown> => ({
    kind: v.kind,
    property: v.property,
    message: v.message,
    ...locationJson(v.site),
    trace: v.trace.map((st, i) => ({ step: i, action: stepJson(st), state: stateJson(st.state) })),
    ...(v.failedStep ? { failedStep: stepJson(v.failedStep) } : {}),
    ...explanationJson(m, v),
    ...(v.lasso ? { lasso: { loop: v.lasso.loop, ...(v.lasso.back ? { back: stepJson(v.lasso.back) } : { stutter: true }) } } : {}),
  });
  const site = v?.site !== undefined ? m.sites[v.site] : undefined;
  return {
    spec: m.name,
    file: m.file,
    verdict: r.verdict,
    // Why a "limit" run stopped: states, time, memory, depth or interrupted.
    ...(r.limit !== undefined ? { limit: r.limit } : {}),
    // Every violation found (--max-violations), the first one also as `violation`.
    ...(r.violations && r.violations.length > 0 ? { violations: r.violations.map(violationJson) } : {}),
    // The property table: each property's verdict; vacuity and coverage warnings.
    ...(r.properties ? { properties: r.properties } : {}),
    ...(r.warnings ? { warnings: r.warnings.map((w) => ({ message: w.message, ...locationJson(w.site) })) } : {}),
    ...(v
      ? {
          violation: {
            kind: v.kind,
            property: v.property,
            message: v.message,
            ...(site ? { location: { file: site.file ?? m.file, line: site.line, col: site.col } } : {}),
            trace: v.trace.map((st, i) => ({ step: i, action: stepJson(st), state: stateJson(st.state) })),
            ...(v.failedStep ? { failedStep: stepJson(v.failedStep) } : {}),
            ...explanationJson(m, v),
            ...(v.lasso ? { lasso: { loop: v.lasso.loop, ...(v.lasso.back ? { back: stepJson(v.lasso.back) } : { stutter: true }) } } : {}),
          },
        }
      : {}),
    stats: r.stats,
  };
}

function explanationJson(m: Machine, v: Violation): { explanation?: unknown } {
  const why = explainViolation(m, v);
  if (!why) return {};
  const site = m.sites[why.site];
  return { explanation: { formula: why.formula, ...(site ? { location: { file: site.file ?? m.file, line: site.line, col: site.col } } : {}), bindings: why.bindings, values: why.values } };
}
