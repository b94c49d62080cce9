// The TextMate grammar (grammar/kspec.tmLanguage.json) and the VS Code extension folder: the grammar
// knows every keyword of the lexer, its patterns compile, the extension ships an identical copy,
// and the extension's manifest points at files that exist.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { keywords } from "../../src/syntax/tokens.ts";
import { ROOT } from "../helpers/kspec.ts";

interface Pattern {
  match?: string;
  begin?: string;
  end?: string;
  patterns?: Pattern[];
}
const grammarText = readFileSync(join(ROOT, "grammar/kspec.tmLanguage.json"), "utf8");
const grammar = JSON.parse(grammarText) as { scopeName: string; patterns: Pattern[]; repository: Record<string, Pattern> };

function allPatterns(): Pattern[] {
  const out: Pattern[] = [];
  const visit = (p: Pattern): void => {
    out.push(p);
    p.patterns?.forEach(visit);
  };
  Object.values(grammar.repository).forEach(visit);
  return out;
}

describe("TextMate grammar", () => {
  it("is source.kspec and includes only rules it defines", () => {
    expect(grammar.scopeName).toBe("source.kspec");
    for (const p of grammar.patterns) expect(grammar.repository).toHaveProperty(String((p as { include?: string }).include).slice(1));
  });

  it("compiles every pattern", () => {
    for (const p of allPatterns()) for (const re of [p.match, p.begin, p.end]) if (re !== undefined) expect(() => new RegExp(re, "m")).not.toThrow();
  });

  it("highlights every keyword of the lexer", () => {
    const matchers = allPatterns().filter((p) => p.match !== undefined).map((p) => new RegExp(p.match!));
    const missing = keywords.filter((k) => !matchers.some((m) => m.exec(` ${k} `)?.[0].trim().startsWith(k)));
    expect(missing).toEqual([]);
  });
});

describe("VS Code extension", () => {
  const dir = join(ROOT, "editors/vscode");
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
    main: string;
    contributes: { languages: { id: string; extensions: string[]; configuration: string }[]; grammars: { path: string; scopeName: string }[] };
  };

  it("ships the grammar unchanged", () => {
    expect(readFileSync(join(dir, "syntaxes/kspec.tmLanguage.json"), "utf8")).toBe(grammarText);
  });

  it("registers the language, the grammar and the client", () => {
    expect(manifest.contributes.languages[0]).toMatchObject({ id: "kspec", extensions: [".kspec"] });
    expect(manifest.contributes.grammars[0]?.scopeName).toBe("source.kspec");
    for (const f of [manifest.main, manifest.contributes.grammars[0]!.path, manifest.contributes.languages[0]!.configuration]) expect(existsSync(join(dir, f)), f).toBe(true);
    JSON.parse(readFileSync(join(dir, manifest.contributes.languages[0]!.configuration), "utf8"));
    const check = spawnSync(process.execPath, ["--check", join(dir, manifest.main)], { encoding: "utf8" });
    expect(check.status, check.stderr).toBe(0);
    expect(readFileSync(join(dir, manifest.main), "utf8")).toContain('args: ["lsp"]');
  });
});
