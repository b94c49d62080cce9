// The DAX specs tell the stories their headers promise: the right hazard in the trace, lassos for
// the liveness failures (lengths worked out by hand below), and liveness properties that are not
// vacuous (they fail once the assumption they rest on is taken away).
import { describe, expect, it } from "vitest";
import { formatTrace } from "../../src/runtime/index.ts";
import { checkFile as checkFileRaw, checkText as checkTextRaw, readRepo } from "../helpers/kspec.ts";
import { lassoChecked } from "../reference/lasso-check.ts";

// Every lasso these tests print is also validated by the reference semantics.
const checkText: typeof checkTextRaw = (text, consts, opts) => lassoChecked(checkTextRaw(text, consts, opts), text, "test.kspec", consts);
const checkFile: typeof checkFileRaw = (path, consts, opts) => lassoChecked(checkFileRaw(path, consts, opts), readRepo(path), path, consts);

// The steps of a trace, as `Process:label` (or the action's name), the lasso's step back included.
const labels = (r: ReturnType<typeof checkFile>): string[] => {
  const name = (i: number): string => {
    const t = r.machine.transitions[i]!;
    return t.label ? `${t.name}:${t.label}` : t.name;
  };
  const v = r.violation!;
  return [...v.trace.slice(1).map((s) => name(s.transition)), ...(v.lasso?.back ? [name(v.lasso.back.transition)] : [])];
};

describe("specs/dax", () => {
  it("fault.kspec: the unlocked IS_DAX pre-check (H2) ends in iomap_page_mkwrite without a page", () => {
    const r = checkFile("specs/dax/fault.kspec");
    expect(r.violation?.property).toBe("SingleModeFault");
    const text = formatTrace(r.machine, r.violation!);
    expect(text).toContain("Fault.pre = Dax");
    expect(text).toContain("Fault.outcome = NoPageBug");
    // The flip lands between the unlocked test and the locked one.
    const steps = text.split("\n").filter((l) => /^ {2}\d+ {2}\S/.test(l)).map((l) => l.trim().replace(/^\d+\s+/, ""));
    expect(steps.indexOf("Fault: check_dax")).toBeLessThan(steps.indexOf("SetDax: flip"));
    expect(steps.indexOf("SetDax: flip")).toBeLessThan(steps.indexOf("Fault: fault_lock"));
  });

  it("fault.kspec without the pre-check: the straddle (H1), ->page_mkwrite through DAX after a page-cache ->fault", () => {
    const r = checkFile("specs/dax/fault.kspec", { FAULT_PRECHECK: "false", START_DAX: "false" });
    const text = formatTrace(r.machine, r.violation!);
    expect(text).toContain("Fault.at_fault = PageCache");
    expect(text).toContain("Fault.at_mkwrite = Dax");
  });

  it("xa-empty.kspec: the DAX ->page_mkwrite finds the page the fault populated after the check", () => {
    const r = checkFile("specs/dax/xa-empty.kspec");
    expect(formatTrace(r.machine, r.violation!)).toContain("Fault.outcome = Sigbus");
  });

  it("hardlinks.kspec: a lasso in which reclaim evicts the inode and the scanner instantiates it first again", () => {
    const r = checkFile("specs/dax/hardlinks.kspec");
    const v = r.violation!;
    expect(v.kind).toBe("liveness");
    expect(v.lasso?.back).toBeDefined();
    expect(labels(r)).toContain("Reclaim");
    expect(formatTrace(r.machine, v)).toContain("Scanner.name = PlainName");
  });

  it("scanner-pins.kspec: two scanners relay their references for ever", () => {
    const r = checkFile("specs/dax/scanner-pins.kspec");
    const v = r.violation!;
    // By hand: the prefix instantiates the inode with a scanner holding it and runs the ioctl
    // (lookup, open, set, close: 4 steps); the cycle lets each scanner drop and retake its
    // reference while the other holds one (2 + 2 steps; no fair cycle is shorter, since both
    // scanners are weakly fair and always enabled, and each must give back what it takes).
    expect(v.lasso?.back).toBeDefined();
    expect(v.lasso!.loop).toBe(4);
    expect(v.trace.length - v.lasso!.loop).toBe(4); // the last step of the cycle is lasso.back
    expect(labels(r).slice(4).sort()).toEqual(["Scanner:lookup", "Scanner:lookup", "Scanner:stat", "Scanner:stat"]);
  });

  it("scanner-pins.kspec HOLD_FOREVER: the lasso ends in stuttering with the scanner's reference held", () => {
    const r = checkFile("specs/dax/scanner-pins.kspec", { HOLD_FOREVER: "true", SCANNERS: "1" });
    const v = r.violation!;
    // By hand: a fair stutter needs every weakly fair process done: the scanner's 2 steps and the
    // ioctl's 3.
    expect(v.lasso?.back).toBeUndefined();
    expect(v.trace).toHaveLength(6);
    expect(formatTrace(r.machine, v)).toContain("stutters here forever");
  });

  it("dontcache-liveness.kspec: TakesEffect rests on its fairness and on don't-cache eviction", () => {
    const text = readRepo("specs/dax/dontcache-liveness.kspec");
    expect(checkText(text).verdict).toBe("ok");
    const unfair = checkText(text.replace("fairness weak User, SetFlag", ""));
    expect(unfair.violation?.property).toBe("TakesEffect");
    const lruOnly = checkText(text.replace("    if dontcache {\n      cached := false", "    if false {\n      cached := false"));
    expect(lruOnly.violation?.property).toBe("TakesEffect");
  });

  it("aops-gate.kspec: without the gate the changer can starve", () => {
    const text = readRepo("specs/dax/aops-gate.kspec").replace(/invariant SingleModeFault:[\s\S]*?MixedInsert\n/, "");
    expect(checkText(text).verdict).toBe("ok");
    const r = checkText(text, { GATE: "false" });
    expect(r.violation?.property).toBe("SwitchCompletes");
    expect(r.violation?.lasso?.back).toBeDefined();
  });
});
