// What the search notes besides the visited states, for the property table (report.ts): which
// properties `--only` selected, covers (how many states satisfy each, the first at what depth),
// whether each implication invariant's premise and each `leadsto` trigger was ever true, how often
// each transition fired, and which properties are already violated (with --max-violations > 1 the
// search goes on, and a violated property is not checked again). Everything here is per state and
// cheap: a premise or trigger is evaluated only until it is first true.
import type { CheckResult, Violation } from "./check.ts";
import type { Machine, State } from "./machine.ts";
import type { CheckWarning, PropertyReport } from "./report.ts";

/** Names `--only` accepts besides the spec's own properties. */
export const BUILTIN_PROPERTIES = ["deadlock", "stuck", "assert"] as const;

/** Every property name of a machine, in table order (invariants, asserts, covers, temporal, deadlock). */
export function propertyNames(m: Machine): string[] {
  const asserts = [...new Set((m.asserts ?? []).map((a) => a.name))];
  return [...m.invariants.map((i) => i.name), ...asserts, ...(m.covers ?? []).map((c) => c.name), ...m.properties.map((p) => p.name), "deadlock", ...((m as { members?: readonly unknown[] }).members?.length ? ["stuck"] : [])];
}

export class Tracker {
  readonly m: Machine;
  private readonly only: ReadonlySet<string> | undefined;
  /** Indices of the invariants still checked (selected, not yet violated). */
  invariants: number[];
  readonly premiseSeen: Uint8Array;
  readonly coverStates: Float64Array;
  readonly coverDepth: Int32Array;
  readonly triggerSeen: Uint8Array;
  readonly fired: Int32Array;
  /** Property names with a reported violation. */
  readonly violated = new Map<string, number>();
  private readonly covers: number[];
  private readonly premises: number[];
  private readonly triggers: number[];
  /** `--no-stuck`: the stuck row says so (set by the checker). */
  stuckOff = false;
  /** Why the stuck check was skipped on a large graph (set by the checker). */
  stuckSkipped: string | undefined;

  constructor(m: Machine, only: readonly string[] | undefined) {
    this.m = m;
    this.only = only ? new Set(only) : undefined;
    this.invariants = m.invariants.flatMap((inv, i) => (this.selected(inv.name) ? [i] : []));
    this.premiseSeen = new Uint8Array(m.invariants.length);
    this.premises = this.invariants.filter((i) => m.invariants[i]!.premise !== undefined);
    const covers = m.covers ?? [];
    this.covers = covers.flatMap((c, i) => (this.selected(c.name) ? [i] : []));
    this.coverStates = new Float64Array(covers.length);
    this.coverDepth = new Int32Array(covers.length).fill(-1);
    this.triggerSeen = new Uint8Array(m.properties.length);
    this.triggers = m.properties.flatMap((p, i) => (p.kind === "leadsto" && this.selected(p.name) ? [i] : []));
    this.fired = new Int32Array(m.transitions.length);
    const ignored = m.ignoredAsserts;
    if (ignored) (m.asserts ?? []).forEach((a, k) => (ignored[k] = this.selected(a.name) ? 0 : 1));
  }

  selected(name: string): boolean {
    return this.only === undefined || this.only.has(name);
  }

  /** The notes on a newly found state at `depth` (after its invariants were checked). */
  onState(s: State, depth: number): void {
    const m = this.m;
    for (let k = 0; k < this.covers.length; k++) {
      const i = this.covers[k]!;
      if (m.covers![i]!.holds(s)) {
        if (this.coverStates[i] === 0) this.coverDepth[i] = depth;
        this.coverStates[i]!++;
      }
    }
    if (this.premises.length > 0) this.notePremises(s);
    if (this.triggers.length > 0) this.noteTriggers(s);
  }

  private notePremises(s: State): void {
    const m = this.m;
    for (let k = 0; k < this.premises.length; k++) {
      const i = this.premises[k]!;
      let seen = true; // a fault evaluating the premise: no vacuity claim
      try {
        seen = m.invariants[i]!.premise!(s);
      } catch {
        /* the invariant's own evaluation reports faults */
      }
      if (seen) {
        this.premiseSeen[i] = 1;
        this.premises.splice(k--, 1);
      }
    }
  }

  private noteTriggers(s: State): void {
    const m = this.m;
    for (let k = 0; k < this.triggers.length; k++) {
      const i = this.triggers[k]!;
      let seen = true;
      try {
        seen = m.properties[i]!.p(s);
      } catch {
        /* the temporal check reports faults */
      }
      if (seen) {
        this.triggerSeen[i] = 1;
        this.triggers.splice(k--, 1);
      }
    }
  }

  /** Records a violation of `name` first shown at `depth`; an invariant is not checked again. */
  violate(name: string, depth: number): void {
    if (!this.violated.has(name)) this.violated.set(name, depth);
    this.invariants = this.invariants.filter((i) => this.m.invariants[i]!.name !== name);
  }

  /** Makes the assert at `site` stop failing (it was reported already). */
  silenceAssert(site: number): void {
    const k = (this.m.asserts ?? []).findIndex((a) => a.site === site);
    if (k >= 0 && this.m.ignoredAsserts) this.m.ignoredAsserts[k] = 1;
  }

  /** Leaves the machine as compiled: every assert checked. */
  release(): void {
    this.m.ignoredAsserts?.fill(0);
  }

  /** The covers no reachable state satisfies (a complete search only). */
  uncovered(): number[] {
    return this.covers.filter((i) => this.coverStates[i] === 0);
  }

  /**
   * The table. `complete`: every reachable state was explored (no limit, no stop at a violation);
   * `deadlock`: whether deadlocks were looked for; `temporal`: the names of the temporal properties
   * that were checked and the one violated, if any.
   */
  table(incomplete: string | undefined, deadlock: { checked: boolean; violatedAt: number | undefined }, temporal: { checked: boolean; violated: string | undefined }): { properties: PropertyReport[]; warnings: CheckWarning[] } {
    const m = this.m;
    const rows: PropertyReport[] = [];
    const warnings: CheckWarning[] = [];
    const complete = incomplete === undefined;
    const safety = (name: string, kind: PropertyReport["kind"], vacuous?: string): PropertyReport => {
      if (!this.selected(name)) return { name, kind, verdict: "not checked", note: "not selected (--only)" };
      const d = this.violated.get(name);
      if (d !== undefined) return { name, kind, verdict: "violated", depth: d };
      if (incomplete) return { name, kind, verdict: "not checked", note: incomplete };
      if (vacuous) return { name, kind, verdict: "vacuous", note: vacuous };
      return { name, kind, verdict: "holds" };
    };
    m.invariants.forEach((inv, i) => {
      const vacuous = inv.premise && this.premiseSeen[i] === 0 ? "its premise (left of `implies`) is false in every reachable state" : undefined;
      const row = safety(inv.name, "invariant", vacuous);
      if (row.verdict === "vacuous") warnings.push({ message: `invariant ${inv.name} holds vacuously: ${vacuous}`, site: inv.site });
      rows.push(row);
    });
    for (const name of new Set((m.asserts ?? []).map((a) => a.name))) rows.push(safety(name, "assert"));
    (m.covers ?? []).forEach((c, i) => {
      const name = c.name;
      if (!this.selected(name)) return rows.push({ name, kind: "cover", verdict: "not checked", note: "not selected (--only)" });
      const states = this.coverStates[i]!;
      if (states === 0) {
        rows.push(incomplete ? { name, kind: "cover", verdict: "not checked", note: incomplete } : { name, kind: "cover", verdict: "uncovered", states: 0 });
        return;
      }
      const depth = this.coverDepth[i]!;
      const onlyInit = depth === 0 && complete && this.coverOnlyInitial(i);
      if (onlyInit) warnings.push({ message: `cover ${name} is satisfied only by initial states`, site: c.site });
      rows.push({ name, kind: "cover", verdict: "covered", depth, states, ...(onlyInit ? { note: "only initial states satisfy it" } : {}) });
    });
    m.properties.forEach((p, i) => {
      const name = p.name;
      if (!this.selected(name)) return rows.push({ name, kind: "temporal", verdict: "not checked", note: "not selected (--only)" });
      if (temporal.violated === name) return rows.push({ name, kind: "temporal", verdict: "violated" });
      if (!temporal.checked) return rows.push({ name, kind: "temporal", verdict: "not checked", note: incomplete ?? "a safety property failed first" });
      if (p.kind === "leadsto" && this.triggerSeen[i] === 0) {
        const note = "its trigger (left of `leadsto`) is false in every reachable state";
        warnings.push({ message: `property ${name} holds vacuously: ${note}`, site: p.site });
        return rows.push({ name, kind: "temporal", verdict: "vacuous", note });
      }
      rows.push({ name, kind: "temporal", verdict: "holds" });
    });
    if (!deadlock.checked) rows.push({ name: "deadlock", kind: "deadlock", verdict: "not checked", note: this.selected("deadlock") ? "--no-deadlock" : "not selected (--only)" });
    else rows.push(deadlock.violatedAt !== undefined ? { name: "deadlock", kind: "deadlock", verdict: "violated", depth: deadlock.violatedAt } : incomplete ? { name: "deadlock", kind: "deadlock", verdict: "not checked", note: incomplete } : { name: "deadlock", kind: "deadlock", verdict: "holds" });
    if (complete) warnings.push(...this.neverFired());
    return { properties: rows, warnings };
  }

  /** Covers first hit at depth 0: is every state satisfying it initial? (counted states vs initial ones) */
  private coverOnlyInitial(i: number): boolean {
    return this.coverStates[i] === this.initialCover[i];
  }

  /** Cover counts after the initial states (set by the checker once they are all found). */
  initialCover: Float64Array = new Float64Array(0);
  markInitialDone(): void {
    this.initialCover = this.coverStates.slice();
  }

  private neverFired(): CheckWarning[] {
    const out: CheckWarning[] = [];
    const seen = new Set<string>();
    this.m.transitions.forEach((t, i) => {
      const what = t.kind === "action" ? `action ${t.name}` : `${t.name} at ${t.label ?? "?"}`;
      if (this.fired[i] === 0 && !seen.has(what)) {
        seen.add(what);
        out.push({ message: `${what} is never enabled: no reachable state takes this step` });
      }
    });
    return out;
  }
}

/** What a worker noted (see Tracker), sent to the coordinator after each level. */
export interface TrackSnapshot {
  readonly premiseSeen: Uint8Array;
  readonly coverStates: Float64Array;
  readonly coverDepth: Int32Array;
  readonly initialCover: Float64Array;
  readonly triggerSeen: Uint8Array;
  readonly fired: Int32Array;
}

export function snapshot(t: Tracker): TrackSnapshot {
  return { premiseSeen: t.premiseSeen.slice(), coverStates: t.coverStates.slice(), coverDepth: t.coverDepth.slice(), initialCover: t.initialCover.slice(), triggerSeen: t.triggerSeen.slice(), fired: t.fired.slice() };
}

/** Adds the workers' notes into `t` (a fresh tracker of the coordinator). */
export function merge(t: Tracker, parts: readonly TrackSnapshot[]): void {
  t.initialCover = new Float64Array(t.coverStates.length);
  for (const p of parts) {
    p.premiseSeen.forEach((v, i) => (t.premiseSeen[i]! |= v));
    p.triggerSeen.forEach((v, i) => (t.triggerSeen[i]! |= v));
    p.fired.forEach((v, i) => (t.fired[i]! += v));
    p.coverStates.forEach((v, i) => (t.coverStates[i]! += v));
    p.initialCover.forEach((v, i) => (t.initialCover[i]! += v));
    p.coverDepth.forEach((v, i) => {
      if (v >= 0 && (t.coverDepth[i]! < 0 || v < t.coverDepth[i]!)) t.coverDepth[i] = v;
    });
  }
}

/**
 * The end of a check: the table and warnings added to `r`, and the covers no reachable state
 * satisfies (when the search was complete) turned into violations without a trace.
 */
/**
 * The `stuck` row when the graph analysis did not give one (liveness.ts does when it runs): not
 * selected, `--no-stuck`, an incomplete search, or no state ever had a blocked member (then no
 * member can be stuck: it holds).
 */
function stuckRow(t: Tracker, r: CheckResult, incomplete: string | undefined): PropertyReport[] {
  if ((t.m.members?.length ?? 0) === 0 || (r.properties ?? []).some((p) => p.name === "stuck")) return [];
  const row = (verdict: PropertyReport["verdict"], note?: string): PropertyReport[] => [{ name: "stuck", kind: "stuck", verdict, ...(note ? { note } : {}) }];
  if (!t.selected("stuck")) return row("not checked", "not selected (--only)");
  if (t.stuckOff) return row("not checked", "--no-stuck");
  if (t.stuckSkipped && r.verdict !== "violation") return row("not checked", t.stuckSkipped);
  if (incomplete) return row("not checked", incomplete);
  if (r.verdict === "violation") return row("not checked", "a safety property failed first");
  return row("holds");
}

export function finishResult(t: Tracker, r: CheckResult, complete: boolean, deadlock: { checked: boolean; violatedAt: number | undefined }, temporalChecked: boolean): CheckResult {
  const lv = r.violation?.kind === "liveness" ? r.violation.property : undefined;
  const why = complete ? undefined : r.limit !== undefined ? `the search stopped at a limit (${r.limit}) first` : "the search stopped at the first violation; --max-violations goes on";
  const tab = t.table(why, deadlock, { checked: temporalChecked, violated: lv });
  const out: CheckResult = { ...r, properties: [...tab.properties, ...(r.properties ?? []), ...stuckRow(t, r, why)], warnings: [...tab.warnings, ...(r.warnings ?? [])] };
  const uncovered: Violation[] = complete && r.stats.distinct > 0 ? t.uncovered().map((i) => {
    const c = t.m.covers![i]!;
    return { kind: "cover", property: c.name, message: `cover ${c.name}: no reachable state satisfies it`, site: c.site, trace: [], failedStep: undefined };
  }) : [];
  if (uncovered.length === 0) return r.violation && !r.violations ? { ...out, violations: [r.violation] } : out;
  const all = [...(r.violations ?? (r.violation ? [r.violation] : [])), ...uncovered];
  return { ...out, verdict: "violation", violation: all[0], violations: all };
}
