// The plugin as prettier sees it: the language and its options, a printer for every grammar rule,
// syntax errors as prettier errors with a code frame, and the prettier command line itself.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import plugin from "../../src/format/plugin.ts";
import { printers } from "../../src/format/printer.ts";
import { parser } from "../../src/syntax/parser.ts";
import { ROOT } from "../helpers/kspec.ts";
import { format } from "./helpers.ts";

describe("kspec prettier plugin", () => {
  it("has a printer for every rule of the grammar, and no other", () => {
    expect(Object.keys(printers).sort()).toEqual(Object.keys(parser.getGAstProductions()).sort());
  });

  it("registers the kspec language for *.kspec and infers the parser from the file name", async () => {
    const info = await prettier.getSupportInfo({ plugins: [plugin] });
    expect(info.languages.find((l) => l.name === "kspec")?.extensions).toEqual([".kspec"]);
    expect(info.options.find((o) => o.name === "kspecCommentColumn")).toMatchObject({ type: "int", default: 44 });
    expect(await prettier.format("spec   S\nvar x:Bool=false\n", { filepath: "a/b.kspec", plugins: [plugin] })).toBe("spec S\nvar x: Bool = false\n");
  });

  it("honours printWidth, tabWidth and useTabs", async () => {
    const text = "spec S\nvar x: Bool = false\naction A { await x and x and x and x and x and x\nx := false }\n";
    expect(await format(text, { printWidth: 30, tabWidth: 4 })).toBe(
      "spec S\nvar x: Bool = false\naction A {\n    await x\n        and x\n        and x\n        and x\n        and x\n        and x\n    x := false\n}\n",
    );
    expect(await format(text, { useTabs: true })).toBe("spec S\nvar x: Bool = false\naction A {\n\tawait x and x and x and x and x and x\n\tx := false\n}\n");
  });

  it("reports a syntax error as a prettier error with the line, column and code frame", async () => {
    const text = "spec S\nvar x: Bool = false\naction A {\n  x = true\n}\n";
    const err = await format(text).then(
      () => undefined,
      (e: unknown) => e as { message: string; loc?: { start: { line: number; column: number } }; codeFrame?: string },
    );
    // Where `kspec check` points: the statement that does not start as one.
    expect(err?.loc?.start).toEqual({ line: 4, column: 3 });
    expect(err?.message).toContain("expected a statement, found 'x' [KS1002]; hint: assignments are written `x := e`");
    expect(err?.codeFrame).toContain("> 4 |   x = true");
  });

  it("keeps an empty file empty and a file of comments as it is", async () => {
    expect(await format("")).toBe("");
    expect(await format("// only\n\n/* comments */\n")).toBe("// only\n\n/* comments */\n");
  });

  it("works from the prettier command line: --check on specs/, a code frame on a syntax error", () => {
    const bin = join(ROOT, "node_modules/prettier/bin/prettier.cjs");
    const pluginPath = join(ROOT, "src/format/plugin.ts");
    const ok = spawnSync(process.execPath, [bin, "--plugin", pluginPath, "--check", "specs/**/*.kspec"], { cwd: ROOT, encoding: "utf8" });
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    const bad = spawnSync(process.execPath, [bin, "--plugin", pluginPath, "--stdin-filepath", "x.kspec"], { cwd: ROOT, encoding: "utf8", input: "spec S\nvar x: = 1\n", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("[error] x.kspec: SyntaxError: expected a type");
    expect(bad.stderr).toContain("> 2 | var x: = 1");
    // The file is left alone: nothing on stdout.
    expect(bad.stdout).toBe("");
  });
});
