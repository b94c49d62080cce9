// Failures of known bugs, reported and being fixed elsewhere: a fuzz run counts them apart, so that
// a new failure stands out. Delete an entry once its fix is in (the fuzz test then guards it).
import type { CaseReport } from "./case.ts";

interface KnownBug {
  readonly name: string;
  /** Whose area the fix belongs to. */
  readonly area: string;
  readonly matches: (r: CaseReport) => boolean;
}

const detail = (r: CaseReport): string => r.detail ?? "";

export const KNOWN_BUGS: readonly KnownBug[] = [
  {
    name: "deep nesting overflows the stack",
    area: "C",
    matches: (r) => r.status === "crash" && /Maximum call stack size exceeded/.test(detail(r)),
  },
  {
    name: "renderDiagnostic throws on some recovered spans (`n ==== 1`, `const = 2`)",
    area: "C",
    matches: (r) => r.status === "crash" && r.stage === "render",
  },
  {
    name: "an if-join with a set of an empty range throws in the compiler (regressions.test.ts)",
    area: "lead (src/compile/expr.ts allMask)",
    matches: (r) => r.status === "crash" && r.stage === "compile" && /at cardinality[\s\S]*at allMask/.test(detail(r)),
  },
  {
    name: "a fault while a violation's trace is rebuilt escapes check (regressions.test.ts)",
    area: "D (src/runtime/check.ts rebuildTrace)",
    matches: (r) => r.status === "crash" && /rebuildTrace/.test(detail(r)),
  },
  {
    name: "a run-time fault in a temporal property's predicate escapes checkLiveness",
    area: "D (src/runtime/liveness.ts)",
    matches: (r) => r.status === "crash" && r.stage === "check" && /checkLiveness/.test(detail(r)),
  },
];

/** The known bug a failure is an instance of, if any. */
export function knownBug(r: CaseReport): string | undefined {
  if (r.status === "ok") return undefined;
  return KNOWN_BUGS.find((b) => b.matches(r))?.name;
}
