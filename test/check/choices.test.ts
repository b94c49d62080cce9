// A trace step shows the choices it made: the `either` branch taken and the values `any` picked,
// in text and JSON, for ordinary steps, failing steps and the back step of a lasso.
import { describe, expect, it } from "vitest";
import { formatTrace, resultToJson } from "../../src/runtime/index.ts";
import { checkText } from "../helpers/kspec.ts";

const CHOICE = `spec Choice
enum Aops { PageCache, Dax }
var x: 0 .. 3 = 0
var a: Aops = PageCache
action Pick {
  any v in 1 .. 3 where v != 2 {
    either { x := v } or { a := Dax  x := v }
  }
}
invariant NotBoth: not (x == 3 and a == Dax)`;

describe("choices in traces", () => {
  it("any value and either branch of the violating step", () => {
    const r = checkText(CHOICE);
    // Successors of the initial state in order: v = 1 (branch 1, 2), v = 3 (branch 1, 2); the
    // fourth, x = 3 and a = Dax, violates NotBoth.
    expect(r.stats).toMatchObject({ distinct: 5, depth: 1 });
    expect(formatTrace(r.machine, r.violation!).split("\n")[4]).toBe("  1  Pick  [any v = 3; either branch 2 of 2, line 7]");
    const json = resultToJson(r.machine, r) as { violation: { trace: { action: unknown }[] } };
    expect(json.violation.trace[1]!.action).toEqual({
      kind: "action", name: "Pick", args: {},
      choices: [{ kind: "any", name: "v", value: 3 }, { kind: "either", branch: 2, of: 2, line: 7 }],
    });
  });

  it("a failing step shows the choice that failed (v = false comes first); a step without choices shows none", () => {
    const r = checkText(`spec Fails
      var x: 0 .. 3 = 0
      var done: Bool = false
      action Go { await not done  done := true }
      action Put { await done  any v in Bool { either { skip } or { assert v : "picked true" } } }`);
    expect(r.violation).toMatchObject({ kind: "assert", failedStep: { picks: [0, 0, 1, 2] } });
    const lines = formatTrace(r.machine, r.violation!).split("\n");
    expect(lines.at(-1)).toBe("  2  Put  [any v = false; either branch 2 of 2, line 5]  <- assertion fails here");
    expect(lines).toContain("  1  Go");
  });

  it("the back step of a lasso shows its choice", () => {
    const r = checkText(`spec Loop
      var x: 0 .. 1 = 0
      process P {
        spin: either { x := 1 - x } or { x := x }
          goto spin
      }
      fairness weak P
      property Never: eventually x == 2`);
    expect(r.violation?.lasso?.back?.picks).toHaveLength(2);
    expect(formatTrace(r.machine, r.violation!)).toMatch(/P: spin {2}\[either branch [12] of 2, line 4\] {2}<- back to step/);
  });
});
