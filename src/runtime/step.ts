// A step as a trace records it: the transition, its parameters, and the choices (`either` branch,
// `any` value) the step made, read from the machine's `running` record at the moment it emitted.
import type { Machine } from "./machine.ts";

export interface TakenStep {
  /** Index into `machine.transitions`; -1 for the initial state. */
  readonly transition: number;
  readonly args: readonly number[];
  /** Pairs of an index into `machine.choices` and the branch (from 1) or value taken. */
  readonly picks?: readonly number[];
}

export function takenStep(m: Machine, transition: number, args: Int32Array): TakenStep {
  const n = m.running.n ?? 0;
  const picks = m.running.picks;
  if (n === 0 || !picks) return { transition, args: Array.from(args) };
  return { transition, args: Array.from(args), picks: Array.from(picks.subarray(0, 2 * n)) };
}
