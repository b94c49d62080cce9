// Every spec in specs/ gives the verdict its header declares, and its state counts agree with the
// independent Python enumeration in test/oracle (expected.json).
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { checkFile, readRepo, ROOT } from "../helpers/kspec.ts";

interface Oracle { distinct: number; depth: number; verdict: string; trace?: number }
const oracle = JSON.parse(readRepo("test/oracle/expected.json")) as Record<string, Oracle>;

function specFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? specFiles(p) : n.endsWith(".kspec") ? [relative(ROOT, p)] : [];
  });
}

const specs = specFiles(join(ROOT, "specs")).sort();

describe("spec corpus", () => {
  it("has the specs the issue asks for", () => {
    expect(specs).toEqual(expect.arrayContaining([
      "specs/dax/toctou.kspec", "specs/dax/mmaplock.kspec", "specs/dax/dontcache.kspec",
      "specs/small/counter.kspec", "specs/small/mutex.kspec", "specs/small/deadlock.kspec",
      "specs/bench/dax-safe.kspec", "specs/bench/dax-racy.kspec", "specs/bench/philosophers.kspec",
      "specs/dax/fault.kspec", "specs/dax/xa-empty.kspec", "specs/dax/dir-rename.kspec", "specs/dax/hardlinks.kspec",
      "specs/dax/aops-refcount.kspec", "specs/dax/aops-gate.kspec", "specs/dax/dontcache-liveness.kspec",
      "specs/dax/scanner-pins.kspec",
    ]));
  });

  for (const path of specs) {
    it(`${path} gives its declared verdict`, () => {
      const header = /^\/\/ expect: (holds|violation (\S+))\s*$/m.exec(readRepo(path));
      expect(header, `${path} needs a '// expect:' header`).not.toBeNull();
      const r = checkFile(path);
      if (header![1] === "holds") {
        expect(r.violation?.message).toBeUndefined();
        expect(r.verdict).toBe("ok");
      } else {
        expect(r.verdict).toBe("violation");
        expect(r.violation!.property).toBe(header![2]);
      }
      const o = oracle[path];
      if (o) {
        if (o.verdict === "holds") {
          expect({ distinct: r.stats.distinct, depth: r.stats.depth }).toEqual({ distinct: o.distinct, depth: o.depth });
        } else if (o.trace !== undefined) {
          // Trace length in transitions; an assertion's failing step counts as one.
          const v = r.violation!;
          expect(v.trace.length - 1 + (v.failedStep ? 1 : 0)).toBe(o.trace);
        }
      }
    });
  }

  for (const [key, o] of Object.entries(oracle)) {
    const [path, ...assigns] = key.split(" ");
    if (assigns.length === 0) continue;
    it(`${key} agrees with the oracle`, () => {
      const consts = Object.fromEntries(assigns.map((a) => a.split("=") as [string, string]));
      const r = checkFile(path!, consts);
      if (o.verdict === "holds") {
        expect(r.verdict).toBe("ok");
        expect({ distinct: r.stats.distinct, depth: r.stats.depth }).toEqual({ distinct: o.distinct, depth: o.depth });
      } else {
        expect(r.verdict).toBe("violation");
        if (o.trace !== undefined) expect(r.violation!.trace.length - 1 + (r.violation!.failedStep ? 1 : 0)).toBe(o.trace);
      }
    });
  }
});
