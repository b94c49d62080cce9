// The mutation fuzzer's inputs: real specs (specs/, lib/, the test fixtures that are specs) changed
// at the token or character level: tokens deleted, duplicated, swapped or replaced (operators,
// keywords, names, numbers), random operators, keywords and brackets inserted, truncation,
// duplicated lines, deep nesting, huge numbers, odd characters (U+2028, BOM, NUL, emoji, combining
// marks), CR-only and CRLF line ends, tabs. `mutantOfSeed` reproduces a case from its seed.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { chance, pickOne, Rng, weighted, type Choices } from "./rand.ts";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface CorpusFile {
  /** Relative to the repository, so that relative imports resolve as they do for the original. */
  readonly path: string;
  readonly text: string;
}

/** specs/**, lib/* and the spec fixtures under test/ (not fuzz output). */
export function loadCorpus(): CorpusFile[] {
  const out: CorpusFile[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) {
        if (name !== "node_modules" && name !== "fuzz") walk(full);
      } else if (name.endsWith(".kspec")) {
        out.push({ path: relative(ROOT, full), text: readFileSync(full, "utf8") });
      }
    }
  };
  for (const d of ["specs", "lib", "test"]) walk(join(ROOT, d));
  return out;
}

const TOKEN = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:\\.|[^"\\\n])*"|[A-Za-z_][A-Za-z0-9_]*|\d+|:=|==|!=|<=|>=|\.\.|\s+|[\s\S]/gu;
const OPERATORS = [":=", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "..", ":", ",", ".", "?", "=", "in", "notin", "subset", "union", "inter", "diff", "and", "or", "not", "implies", "at", "with"];
const KEYWORDS = ["spec", "module", "import", "macro", "const", "enum", "type", "var", "def", "action", "process", "invariant", "terminal", "property", "always", "eventually", "leadsto", "fairness", "weak", "strong", "await", "assert", "if", "then", "else", "either", "or", "any", "where", "for", "goto", "while", "skip", "forall", "exists", "let", "none", "some", "self", "true", "false", "Set", "Bool", "card", "min", "max", "unwrap", "done"];
const BRACKETS = ["(", ")", "[", "]", "{", "}", "(", ")", "\"", "/*", "*/", "//"];
const ODD = ["\u2028", "\u2029", "\uFEFF", "\u0000", "\u00A0", "\u200B", "😀", "é", "e\u0301", "\uD800", "\t", "\r", "\u000B", "\u000C", "λ", "∀", "\\"];
const HUGE = ["2147483647", "2147483648", "4294967296", "9007199254740993", "99999999999999999999999999", "-2147483648", "0000000000000000000001", "1e9", "0x10"];

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

const significant = (toks: string[]): number[] => toks.flatMap((t, i) => (/^\s+$/.test(t) ? [] : [i]));

/** One mutation of `text`. */
export function mutateOnce(c: Choices, text: string): string {
  const toks = tokenize(text);
  const sig = significant(toks);
  const at = (): number => (sig.length > 0 ? pickOne(c, sig) : 0);
  const words = toks.filter((t) => /^[A-Za-z_]/.test(t));
  const put = (i: number, ...rep: string[]): string => [...toks.slice(0, i), ...rep, ...toks.slice(i + 1)].join("");
  const insertAt = (i: number, s: string): string => [...toks.slice(0, i), s, ...toks.slice(i)].join("");
  return weighted<string>(c, [
    [4, () => put(at(), "")],
    [3, () => {
      const i = at();
      return put(i, toks[i] ?? "", " ", toks[i] ?? "");
    }],
    [3, () => {
      const i = at();
      const j = chance(c, 60) ? sig[Math.min(sig.length - 1, sig.indexOf(i) + 1)] ?? i : at();
      const a = toks[i] ?? "";
      const b = toks[j] ?? "";
      const copy = [...toks];
      copy[i] = b;
      copy[j] = a;
      return copy.join("");
    }],
    [4, () => insertAt(at(), ` ${pickOne(c, [...OPERATORS, ...BRACKETS])} `)],
    [3, () => insertAt(at(), ` ${pickOne(c, KEYWORDS)} `)],
    // Replacements that often keep the spec valid: other operators, names, small numbers.
    [8, () => {
      const ops = sig.filter((i) => OPERATORS.includes(toks[i]!));
      return ops.length > 0 ? put(pickOne(c, ops), pickOne(c, OPERATORS)) : text;
    }],
    [6, () => {
      const names = sig.filter((i) => /^[A-Za-z_]/.test(toks[i]!));
      return names.length > 0 && words.length > 0 ? put(pickOne(c, names), pickOne(c, words)) : text;
    }],
    [10, () => {
      const nums = sig.filter((i) => /^\d/.test(toks[i]!));
      return nums.length > 0 ? put(pickOne(c, nums), String(c.int(0, 5))) : text;
    }],
    [2, () => {
      const nums = sig.filter((i) => /^\d/.test(toks[i]!));
      return put(nums.length > 0 ? pickOne(c, nums) : at(), pickOne(c, HUGE));
    }],
    [2, () => text.slice(0, c.int(0, text.length))],
    [2, () => {
      const ls = text.split("\n");
      const i = c.int(0, ls.length - 1);
      return [...ls.slice(0, i + 1), ls[i] ?? "", ...ls.slice(i + 1)].join("\n");
    }],
    [1, () => {
      const depth = chance(c, 80) ? c.int(10, 200) : c.int(500, 5000);
      const [open, close] = pickOne(c, [["(", ")"], ["not ", ""], ["-", ""], ["{", "}"], ["[", "]"], ["if true then ", " else 0"], ["some(", ")"]] as const);
      const i = at();
      return put(i, open.repeat(depth), toks[i] ?? "", close.repeat(depth));
    }],
    [3, () => {
      const p = c.int(0, text.length);
      return text.slice(0, p) + pickOne(c, ODD) + text.slice(p);
    }],
    [1, () => "\uFEFF" + text],
    [1, () => text.replace(/\r?\n/g, "\r")],
    [1, () => text.replace(/\r?\n/g, "\r\n")],
    [1, () => text.replace(/^( {2})+/gm, (m) => "\t".repeat(m.length / 2))],
  ]);
}

/** The mutant of case `seed`: a corpus file with one to three mutations. */
export function mutantOfSeed(corpus: readonly CorpusFile[], seed: number): CorpusFile {
  const c = new Rng(seed);
  const file = pickOne(c, corpus);
  let text = file.text;
  // Mostly one mutation, so that a fair share of mutants still compile and get checked.
  const n = weighted(c, [[4, () => 1], [2, () => 2], [1, () => 3]]);
  for (let i = 0; i < n; i++) text = mutateOnce(c, text);
  return { path: file.path, text };
}
