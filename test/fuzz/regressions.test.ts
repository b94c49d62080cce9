// Bugs the fuzzer found, each as the smallest spec that shows it. Those not fixed yet are
// `it.fails`: the test passes while the bug is there, and fails once it is fixed, as a reminder
// to turn it into a plain `it` (and to turn off its flag in gen-types.ts AVOID, where it has one).
import { describe, expect, it } from "vitest";
import { check } from "../../src/runtime/check.ts";
import { compileSpec } from "../../src/compile/index.ts";
import * as prettier from "prettier";
import plugin from "../../src/format/plugin.ts";
import { checkText, machineOf, readRepo } from "../helpers/kspec.ts";

describe("fuzz findings", () => {
  // Compiled checker (lead): the `none` of an `if` is range-checked against the option's range.
  it("`if c then none else x + 1` stored in an option of a range (gen-types AVOID.ifSetOrOption)", () => {
    const r = checkText("spec S\nvar x: 0 .. 1 = 1\nvar v: 0 .. 2? = some(1)\naction A { v := if true then none else x + 1 }\n");
    expect(r.violation?.message).toBeUndefined();
    expect([r.verdict, r.stats.distinct]).toEqual(["ok", 2]);
  });

  // Compiled checker (lead): set literals joined by an `if` keep the then-branch's element range.
  it("`if false then {1} else {0}` stored in Set[0 .. 2] (gen-types AVOID.ifSetOrOption)", () => {
    const r = checkText("spec S\nvar s: Set[0 .. 2] = if false then {1} else {0}\naction A { skip }\ninvariant I: s == {0}\n");
    expect(r.violation?.message).toBeUndefined();
    expect([r.verdict, r.stats.distinct]).toEqual(["ok", 1]);
  });

  // Code generation (lead): `-C` with C = -1 is emitted as `--1`, which esbuild rejects.
  it("minus a negative constant", () => {
    const r = checkText("spec S\nconst C = -1\nvar x: Bool = false\naction A { x := C < -C }\ninvariant I: not x\n");
    expect([r.verdict, r.violation?.property, r.violation?.trace.length]).toEqual(["violation", "I", 2]);
  });

  // Runtime (area D): a fault while evaluating a temporal property escapes as an exception.
  it("unwrap of none in a temporal property is a violation, not an exception", () => {
    const m = machineOf("spec S\nvar o: Bool? = none\naction A { skip }\nproperty P: always unwrap(o)\n");
    const r = check(m);
    expect([r.verdict, r.violation?.kind, r.violation?.property]).toEqual(["violation", "error", "unwrap"]);
  });

  // Types (lead): the empty set takes its element type from the other operand everywhere `==` does.
  it("`{}` as an operand of subset, union, inter, diff, in", () => {
    for (const e of ["s subset {}", "card(s union {}) >= 0", "card(s inter {}) >= 0", "card({} diff s) >= 0", "true notin {}"]) {
      const r = compileSpec("test.kspec", `spec S\nvar s: Set[Bool] = {true}\naction A { skip }\ninvariant I: ${e}\n`);
      expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.code), e).toEqual([]);
    }
  });

  // Compiled checker (lead): a def's result is not checked against its declared type, so an
  // out-of-range result flows on (and, as a map index, reads another slot: a deadlock instead of
  // an error). The reference reports the range error.
  it("a def result outside its declared type", () => {
    const r = checkText("spec S\ntype Seat = 0 .. 3\nvar x: 0 .. 9 = 0\ndef second(i: Seat): Seat = i + 4\naction A { x := second(1) }\n");
    expect([r.verdict, r.violation?.kind, r.violation?.property, r.violation?.trace.length]).toEqual(["violation", "error", "range", 1]);
  });

  // Types or compiled checker (lead): a map literal over other keys than the variable's is accepted
  // and silently misaligned; the reference reports a range error in the initial state.
  it("a map literal over 0 .. 2 stored in a map keyed 1 .. 2", () => {
    const r = compileSpec("test.kspec", "spec S\nvar m: [1 .. 2] Bool = [i in 0 .. 2: i == 2]\naction A { skip }\ninvariant I: m[2]\n");
    expect(r.code === undefined ? "rejected" : checkText(r.file.text).verdict).not.toBe("ok");
  });

  // Code generation (lead): joining a set of an empty range (a parameter `p in 1 .. 0`) with
  // another set in an `if` throws inside the compiler (cardinality of an undefined type).
  it("an if-join of sets with an element of an empty range compiles", () => {
    const r = compileSpec("test.kspec", "spec S\naction A(p in 1 .. 0) { any q in (if true then {} else {p}) { skip } }\n");
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(r.code).toBeDefined();
  });

  // Formatter: a syntax error at the end of a file with a doubled blank in an early comment made
  // prettier's code frame throw a RangeError ("Invalid count value: -29") instead of the located
  // syntax error (gone by commit 904368b).
  it("the formatter reports the syntax error of a mutated three-mistakes.kspec with its place", async () => {
    const text = readRepo("test/diagnostics/cases/three-mistakes.kspec").replace("in one run", "in one  run");
    const error: unknown = await prettier.format(text, { parser: "kspec", plugins: [plugin] }).then(() => undefined, (e: unknown) => e);
    expect((error as { loc?: { start: { line: number } } } | undefined)?.loc?.start.line).toBe(15);
  });

  // Runtime (area D): rebuilding the trace of a violation replays init and next, which fault on
  // other initial states or steps (v1 = 2 here); the fault escapes check() as an exception.
  it("a fault in another initial state while the trace of a violation is rebuilt", () => {
    const m = machineOf("spec S\nvar v1: 0 .. 2 in 0 .. 2\nvar v2: 0 .. 1 = v1\naction A { skip }\ninvariant I: v2 != 0\n");
    const r = check(m);
    expect([r.verdict, r.violation?.kind, r.violation?.property]).toEqual(["violation", "invariant", "I"]);
  });
});
