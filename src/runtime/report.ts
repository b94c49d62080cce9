// The property table every check ends with: one row per property of the spec (invariants, named
// asserts, `assert` for the unnamed ones, covers, temporal properties, deadlock, stuck), its verdict
// and, for a violation or a cover, where it showed. Filled by the checkers (check.ts, parallel.ts,
// liveness) and printed by the CLI (text and JSON).

export type PropertyKind = "invariant" | "assert" | "cover" | "temporal" | "deadlock" | "stuck" | "reachable";

/**
 * - "holds": checked on every reachable state (or behaviour) and never false.
 * - "violated": false somewhere; `depth` is the depth of the shortest violation found.
 * - "not checked": left out by `--only`, or the search stopped (a limit, another violation) before it could be decided.
 * - "vacuous": holds, but only because its premise or trigger is false in every reachable state (see `note`).
 * - "covered" / "uncovered": for `cover`: some reachable state satisfies it (`states` of them, the first at `depth`), or none does.
 */
export type PropertyVerdict = "holds" | "violated" | "not checked" | "vacuous" | "covered" | "uncovered";

export interface PropertyReport {
  readonly name: string;
  readonly kind: PropertyKind;
  readonly verdict: PropertyVerdict;
  /** Steps from an initial state to the (first) state that violates or covers it. */
  readonly depth?: number;
  /** For covers: how many reachable states satisfy it. */
  readonly states?: number;
  /** A warning or an explanation (vacuity, why it was not checked). */
  readonly note?: string;
}

/** A warning about the spec found by running it (vacuity): printed after the table, kept in JSON. */
export interface CheckWarning {
  readonly message: string;
  /** Index into `machine.sites`, when it has a place in the source. */
  readonly site?: number;
}
