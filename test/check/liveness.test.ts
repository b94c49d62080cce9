// Temporal properties under fairness, on specs whose answers are worked out by hand.
import { describe, expect, it } from "vitest";
import { formatTrace, resultToJson } from "../../src/runtime/index.ts";
import { checkText as checkTextRaw } from "../helpers/kspec.ts";
import { lassoChecked } from "../reference/lasso-check.ts";

// Every lasso these tests print is also validated by the reference semantics.
const checkText: typeof checkTextRaw = (text, consts, opts) => lassoChecked(checkTextRaw(text, consts, opts), text, "test.kspec", consts);

const counter = (fairness: string) => `spec C
  var n: 0 .. 3 = 0
  action Inc { await n < 3  n := n + 1 }
  terminal n == 3
  ${fairness}
  property Reaches: eventually n == 3
  property Often: always eventually n == 3`;

// Two processes share a test-and-set lock. P[0] waits at `try` while P[1] may keep cycling through
// the lock. P[0]'s step is disabled whenever P[1] holds the lock, so weak fairness (continuously
// enabled => taken) lets P[0] starve; strong fairness (enabled infinitely often => taken) does not.
const mutex = (fairness: string) => `spec M
  var lock: Bool = false
  process P[i in 0 .. 1] {
    ncs: skip
    try:
      await not lock
      lock := true
    cs:
      lock := false
      goto ncs
  }
  ${fairness}
  property Enter: P[0] at try leadsto P[0] at cs`;

describe("temporal properties", () => {
  it("eventually without fairness: the behaviour may stutter in the initial state forever", () => {
    const r = checkText(counter(""));
    expect(r.verdict).toBe("violation");
    const v = r.violation!;
    expect(v.kind).toBe("liveness");
    expect(v.property).toBe("Reaches");
    // The lasso is the initial state, stuttering.
    expect(v.lasso).toEqual({ loop: 0, back: undefined });
    expect(v.trace).toHaveLength(1);
    expect(formatTrace(r.machine, v)).toContain("stutters here forever");
  });

  it("eventually and always eventually hold under weak fairness of the action", () => {
    const r = checkText(counter("fairness weak Inc"));
    expect(r.violation?.message).toBeUndefined();
    expect(r.verdict).toBe("ok");
  });

  it("unfair mutual exclusion: without fairness P[0] may stop at try", () => {
    const r = checkText(mutex(""));
    const v = r.violation!;
    expect(v.property).toBe("Enter");
    // Prefix: P[0] ncs -> try (1 step); then it stutters.
    expect(v.lasso).toEqual({ loop: 1, back: undefined });
  });

  it("weakly fair mutual exclusion: P[1] cycles through the lock forever and P[0] starves (a lasso)", () => {
    const r = checkText(mutex("fairness weak P"));
    expect(r.verdict).toBe("violation");
    const v = r.violation!;
    expect(v.lasso?.back).toBeDefined();
    // Prefix: P[0] ncs -> try. Cycle: P[1] ncs -> try -> cs -> back to ncs: 3 steps.
    expect(v.lasso!.loop).toBe(1);
    expect(v.trace.length - v.lasso!.loop).toBe(3);
    const text = formatTrace(r.machine, v);
    expect(text).toContain("-- cycle: the steps below repeat forever, each round ending in the state of step 1 --");
    expect(text).toContain("P[1]: ncs");
    expect(text).toContain("<- back to step 1");
    const json = resultToJson(r.machine, r) as { violation: { lasso: { loop: number; back: { name: string } } } };
    expect(json.violation.lasso.loop).toBe(1);
    expect(json.violation.lasso.back.name).toBe("P");
  });

  it("strongly fair mutual exclusion: P[0] enters", () => {
    const r = checkText(mutex("fairness strong P"));
    expect(r.violation?.message).toBeUndefined();
    expect(r.verdict).toBe("ok");
  });

  it("a starving reader: a writer that keeps retaking the lock starves a weakly fair reader", () => {
    const spec = (fairness: string) => `spec R
      var w: Bool = false
      process Writer {
        take: w := true
        drop:
          w := false
          goto take
      }
      process Reader {
        wait: await not w
        read: goto wait
      }
      ${fairness}
      property Reads: Reader at wait leadsto Reader at read`;
    const weak = checkText(spec("fairness weak Writer, Reader"));
    expect(weak.violation?.property).toBe("Reads");
    // The reader is enabled only while the writer is between drop and take: not continuously.
    expect(weak.violation?.lasso?.back).toBeDefined();
    const strong = checkText(spec("fairness weak Writer\n      fairness strong Reader"));
    expect(strong.verdict).toBe("ok");
  });

  it("always P is checked as a safety property with a shortest trace", () => {
    const r = checkText(`spec A
      var n: 0 .. 3 = 0
      action Inc { await n < 3  n := n + 1 }
      terminal n == 3
      property Small: always n < 2`);
    expect(r.violation?.property).toBe("Small");
    expect(r.violation?.trace).toHaveLength(3);
    expect(r.violation?.lasso).toBeUndefined();
  });

  it("fairness names must be processes or actions", async () => {
    const { diagnosticsOf } = await import("../helpers/kspec.ts");
    expect(diagnosticsOf("spec F\nvar x: Bool = false\naction Flip { x := not x }\nfairness weak Flp\n")).toContain("did you mean 'Flip'?");
  });
});

describe("fairness declarations", () => {
  it("a process named weak and strong is strongly fair (a regression: the first declaration won)", () => {
    const spec = mutex("fairness weak P\n  fairness strong P");
    expect(checkText(spec).verdict).toBe("ok");
  });
});
