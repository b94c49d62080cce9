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
  // None open: the bugs listed here were fixed (see regressions.test.ts and test/reference).
];

/** The known bug a failure is an instance of, if any. */
export function knownBug(r: CaseReport): string | undefined {
  if (r.status === "ok") return undefined;
  return KNOWN_BUGS.find((b) => b.matches(r))?.name;
}
