// Rename over the whole corpus: every name declared in a spec of specs/ can be renamed (no false
// refusal), every occurrence follows, and the renamed spec still means the same: same diagnostics,
// every other name still refers to what it did (the language server checks that before it answers).
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { specFiles } from "../../src/cli/fmt.ts";
import { compileSpec } from "../../src/compile/index.ts";
import { DocumentIndex, isRenamable, rename } from "../../src/lsp/index.ts";
import { ROOT } from "../helpers/kspec.ts";

describe("rename over specs/", () => {
  for (const full of specFiles([join(ROOT, "specs")]).files) {
    const path = relative(ROOT, full);
    it(path, () => {
      const text = readFileSync(full, "utf8");
      const index = new DocumentIndex(compileSpec(path, text));
      const targets = new Map(index.all().filter((o) => isRenamable(o.target)).map((o) => [o.target.key, o.target]));
      expect(targets.size).toBeGreaterThan(0);
      for (const t of targets.values()) {
        const r = rename(index, t, `${t.name}_renamed`, (s) => new DocumentIndex(compileSpec(path, s)));
        if ("error" in r) throw new Error(`${t.key}: ${r.error}`);
        expect(r.occurrences.length).toBeGreaterThan(0);
        const codes = (s: string): string[] => compileSpec(path, s).diagnostics.map((d) => d.code);
        expect(codes(r.text), t.key).toEqual(codes(text));
      }
    });
  }
});
