// The exit codes of the kspec command (the table in README.md says the same):
//   0  every property holds (check), or the command succeeded
//   1  a property is violated: invariant, assertion, deadlock, or a run-time error such as a value
//      out of range; the counterexample is printed (fmt --check: a file is not formatted)
//   2  the spec has errors, the spec has no initial state (nothing to check), or the command line
//      is wrong
//   3  the check stopped before exploring every state: --max-states, --max-memory (or an
//      allocation failure), --time-limit, or Ctrl-C (a second Ctrl-C exits at once with 130)
//   70 internal error in kspec itself (please report it); never caused by a spec or an option
export const EXIT = { ok: 0, violation: 1, error: 2, limit: 3, internal: 70, interrupted: 130 } as const;
