// The standard library's kernel primitives, and the module and macro machinery they rest on.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileSpec } from "../../src/compile/index.ts";
import { renderDiagnostic } from "../../src/diag/diagnostic.ts";
import { formatTrace } from "../../src/runtime/index.ts";
import { checkFile, checkText } from "../helpers/kspec.ts";

function diagnostics(text: string, files: Record<string, string> = {}): string {
  const fromDisk = (p: string): string | undefined => {
    try {
      return readFileSync(p, "utf8");
    } catch {
      return undefined;
    }
  };
  const r = compileSpec("/virtual/main.kspec", text, { readFile: (p) => (p.startsWith("/virtual/") ? files[p] : fromDisk(p)) });
  return r.diagnostics.map((d) => renderDiagnostic(d, r.file)).join("\n");
}

describe("kernel primitives", () => {
  it("mutex: two threads never share the critical section (3 states by hand)", () => {
    const r = checkFile("specs/lib/mutex.kspec");
    expect(r.verdict).toBe("ok");
    expect(r.stats.distinct).toBe(3);
  });

  it("mutex: a lock-order inversion deadlocks after 2 steps", () => {
    const r = checkFile("specs/lib/lock-order.kspec");
    expect(r.violation?.kind).toBe("deadlock");
    expect(r.violation!.trace).toHaveLength(3);
  });

  it("rwsem: readers share, a writer is alone", () => {
    const r = checkFile("specs/lib/rwsem-exclusion.kspec");
    expect(r.verdict).toBe("ok");
    // Readers do share: forbidding it is violated.
    const shared = checkText(`spec S
import rwsem
var sem: Rwsem = { readers: 0, writer: false, waiting: 0 }
process R[i in 0 .. 1] { a: down_read(sem)  b: up_read(sem)  goto a }
invariant NeverTwo: sem.readers < 2`);
    expect(shared.violation?.property).toBe("NeverTwo");
  });

  it("rwsem: writer preference makes a recursive read deadlock against a queued writer", () => {
    const r = checkFile("specs/lib/rwsem-recursive-read.kspec");
    expect(r.violation?.kind).toBe("deadlock");
    const text = formatTrace(r.machine, r.violation!);
    expect(text).toContain("1  Reader: outer");
    expect(text).toContain("2  Writer: queue");
  });

  it("refcount: exactly one put is the last (4 states by hand)", () => {
    const r = checkFile("specs/lib/refcount.kspec");
    expect(r.verdict).toBe("ok");
    expect(r.stats.distinct).toBe(4);
  });

  it("a failed assertion inside a library macro points into the library file", () => {
    const r = checkText(`spec Misuse
import mutex
var m: Mutex = false
process P { a: mutex_unlock(m) }`);
    expect(r.violation?.kind).toBe("assert");
    const site = r.machine.sites[r.violation!.site!]!;
    expect(site.file).toBe("kspec:lib/mutex.kspec");
    expect(site.text).toContain('assert m : "mutex_unlock of a mutex that is not held"');
  });
});

describe("modules and macros", () => {
  it("imports a file relative to the spec, and its macros and types", () => {
    const files = {
      "/virtual/locks.kspec": "module Locks\ntype Flag = Bool\nmacro set(f) {\n  f := true\n}\n",
    };
    const r = compileSpec("/virtual/main.kspec", 'spec M\nimport "locks.kspec"\nvar f: Flag = false\naction A { await not f  set(f) }\nterminal f\n', { readFile: (p) => files[p as keyof typeof files] });
    expect(r.diagnostics).toEqual([]);
  });

  it("an unknown library module suggests the closest", () => {
    expect(diagnostics("spec M\nimport rwsm\n")).toContain("did you mean 'rwsem'?");
  });

  it("an error inside an imported file is reported in that file", () => {
    const out = diagnostics('spec M\nimport "bad.kspec"\n', { "/virtual/bad.kspec": "module Bad\nvar x: 0 .. 3 = true\n" });
    expect(out).toContain("/virtual/bad.kspec:2:17: error KS3019");
    expect(out).toContain("2 | var x: 0 .. 3 = true");
  });

  it("a spec cannot be imported as a module", () => {
    expect(diagnostics('spec M\nimport "other.kspec"\n', { "/virtual/other.kspec": "spec Other\n" })).toContain("KS2011");
  });

  it("macro misuse: unknown macro, wrong arity, a value where a variable is assigned", () => {
    const out = diagnostics(`spec M
import mutex
var m: Mutex = false
process P {
  a: mutex_lok(m)
  b: mutex_lock(m, m)
  c: mutex_lock(true)
}`);
    expect(out).toContain("unknown macro 'mutex_lok'");
    expect(out).toContain("did you mean 'mutex_lock'?");
    expect(out).toContain("macro mutex_lock takes 1 argument, given 2");
    expect(out).toContain("macro mutex_lock assigns its parameter 'm', so it needs a variable here");
  });

  it("macro arguments may be parts of variables, and binders inside the macro hide parameters", () => {
    const r = checkText(`spec M
import mutex
var locks: [0 .. 1] Mutex = [i in 0 .. 1: false]
macro both_free(x) { await forall x in 0 .. 1: not locks[x] }
process P[i in 0 .. 1] {
  a:
    both_free(i)
    mutex_lock(locks[i])
  b:
    mutex_unlock(locks[i])
    goto a
}
invariant Alone: not (P[0] at b and P[1] at b)`);
    expect(r.verdict).toBe("ok");
    expect(r.stats.distinct).toBe(3);
  });
});
