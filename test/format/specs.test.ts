// Every spec in specs/ and every library module in lib/ is formatted, with the repository's prettier
// configuration, as `kspec fmt --check specs lib` checks. A failure names the file;
// `npx kspec fmt specs lib` (or `npx node src/cli/main.ts fmt specs lib`) fixes it.
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { formatFile, specFiles } from "../../src/cli/fmt.ts";
import { ROOT } from "../helpers/kspec.ts";

const specs = specFiles([join(ROOT, "specs"), join(ROOT, "lib")]).files.map((f) => relative(ROOT, f)).sort();

describe("specs/ and lib/ are formatted", () => {
  it("finds the specs", () => {
    expect(specs).toContain("specs/dax/toctou.kspec");
    expect(specs).toContain("lib/rwsem.kspec");
  });

  for (const path of specs) {
    it(path, async () => {
      const full = join(ROOT, path);
      const text = readFileSync(full, "utf8");
      expect(await formatFile(full, text), `${path} is not formatted: run kspec fmt ${path}`).toBe(text);
    });
  }
});
