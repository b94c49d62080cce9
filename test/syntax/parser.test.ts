// Parser: valid input, several errors per run, precedence, and a property-based round trip
// (random expressions printed with minimal parentheses parse back to the same tree, whatever
// whitespace and comments sit between the tokens).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileSpec } from "../../src/compile/index.ts";
import { SourceFile } from "../../src/diag/diagnostic.ts";
import type * as A from "../../src/syntax/ast.ts";
import { parseSpec } from "../../src/syntax/index.ts";

function parse(text: string) {
  return parseSpec(new SourceFile("t.kspec", text));
}

/** An expression tree without ids and spans, for comparison. */
type Shape = string | { op: string; args: Shape[] };
function shape(e: A.Expr): Shape {
  switch (e.kind) {
    case "int": return String(e.value);
    case "bool": return String(e.value);
    case "name": return e.name;
    case "unary": return { op: e.op, args: [shape(e.operand)] };
    case "binary": return { op: e.op, args: [shape(e.left), shape(e.right)] };
    case "ifExpr": return { op: "if", args: [shape(e.cond), shape(e.then), shape(e.else)] };
    case "quant": return { op: e.q, args: [e.binder.name.name, shape(e.binder.domain), shape(e.body)] };
    case "index": return { op: "[]", args: [shape(e.target), shape(e.index)] };
    case "field": return { op: ".", args: [shape(e.target), e.field.name] };
    default: return e.kind;
  }
}

function exprOf(text: string): A.Expr {
  const r = parse(`spec T\ninvariant I: ${text}\n`);
  expect(r.diagnostics).toEqual([]);
  const d = r.ast.decls[0];
  if (d?.kind !== "invariant") throw new Error("no invariant");
  return d.cond;
}

describe("parser", () => {
  it("parses the founding race from the language sketch", () => {
    const r = parse(`spec DaxToctou
const FAULTS = 2
const PAGES = 1
enum Aops { PageCache, Dax }
type Page = 0 .. PAGES - 1
var aops: Aops = PageCache
var xa: [Page] Aops? = [p in Page: none]
process Fault[f in 1 .. FAULTS] {
  var page: Page = 0
  var via: Aops? = none
  populate:
    any p in Page { page := p }
    if xa[page] == none { xa[page] := aops }
    via := xa[page]
  mkwrite:
    assert via == aops : "page_mkwrite through an aops differing from the populating one"
    goto populate
}
invariant NoMixedAops:
  forall f in Fault: Fault[f] at mkwrite implies Fault[f].via == aops`);
    expect(r.diagnostics).toEqual([]);
    expect(r.ast.decls.map((d) => d.kind)).toEqual(["const", "const", "enum", "typeDecl", "var", "var", "process", "invariant"]);
    const proc = r.ast.decls[6] as A.ProcessDecl;
    expect(proc.locals.map((l) => l.name.name)).toEqual(["page", "via"]);
    expect(proc.body.stmts.map((s) => s.label?.name ?? "")).toEqual(["populate", "", "", "mkwrite", ""]);
  });

  it("keeps comments as tokens for the formatter", () => {
    const r = parse("// header\nspec S /* inline */\nvar x: Bool = false // trailing\n");
    expect(r.comments.map((c) => c.image)).toEqual(["// header", "/* inline */", "// trailing"]);
  });

  it("reports several syntax errors in one run and still builds the rest", () => {
    const r = parse(`spec S
var x: Bool =
var y: 0 .. 3 = 1
action A { x = true }
action B { y := }
invariant I: y < 3`);
    expect(r.diagnostics.length).toBeGreaterThanOrEqual(3);
    expect(r.diagnostics.every((d) => d.code === "KS1002")).toBe(true);
    expect(r.ast.decls.some((d) => d.kind === "invariant")).toBe(true);
  });

  it("resolves precedence: arithmetic, comparison, not, and, or, implies", () => {
    expect(shape(exprOf("a or b and not c == d + 1 * 2 implies e"))).toEqual({
      op: "implies",
      args: [
        { op: "or", args: ["a", { op: "and", args: ["b", { op: "not", args: [{ op: "==", args: ["c", { op: "+", args: ["d", { op: "*", args: ["1", "2"] }] }] }] }] }] },
        "e",
      ],
    });
    expect(shape(exprOf("a implies b implies c"))).toEqual({ op: "implies", args: ["a", { op: "implies", args: ["b", "c"] }] });
    expect(shape(exprOf("a - b - c"))).toEqual({ op: "-", args: [{ op: "-", args: ["a", "b"] }, "c"] });
    expect(shape(exprOf("forall x in S: x and y"))).toEqual({ op: "forall", args: ["x", "S", { op: "and", args: ["x", "y"] }] });
  });

  // ---------------------------------------------------------------- property: print and re-parse
  const PREC: Record<string, number> = { implies: 1, or: 2, and: 3, "==": 5, "<": 5, "+": 9, "-": 9, "*": 10 };
  type Gen = { op: string; args: Gen[] } | string;
  const leaf = fc.oneof(fc.constantFrom("a", "b", "c", "x1", "flag"), fc.integer({ min: 0, max: 99 }).map(String));
  const tree: fc.Arbitrary<Gen> = fc.letrec<{ e: Gen }>((tie) => ({
    e: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      leaf,
      fc.record({ op: fc.constantFrom(...Object.keys(PREC)), args: fc.tuple(tie("e"), tie("e")) }).map((r) => ({ op: r.op, args: [...r.args] })),
      fc.record({ op: fc.constant("not"), args: fc.tuple(tie("e")) }).map((r) => ({ op: r.op, args: [...r.args] })),
      fc.record({ op: fc.constant("if"), args: fc.tuple(tie("e"), tie("e"), tie("e")) }).map((r) => ({ op: r.op, args: [...r.args] })),
    ),
  })).e;

  /** Prints with the fewest parentheses precedence allows; `sep` goes between tokens. */
  function print(g: Gen, sep: () => string, min = 0): string {
    if (typeof g === "string") return g;
    const s = sep;
    let text: string;
    let prec: number;
    if (g.op === "not") {
      text = `not${s() || " "}${print(g.args[0]!, sep, 5)}`;
      prec = 4;
    } else if (g.op === "if") {
      text = `if ${print(g.args[0]!, sep)} then ${print(g.args[1]!, sep)} else ${print(g.args[2]!, sep)}`;
      prec = 0;
    } else {
      prec = PREC[g.op]!;
      const right = g.op === "implies";
      const nonAssoc = prec === 5;
      const l = print(g.args[0]!, sep, right || nonAssoc ? prec + 1 : prec);
      const r = print(g.args[1]!, sep, right ? prec : prec + 1);
      text = `${l}${s() || " "}${g.op}${s() || " "}${r}`;
    }
    return prec < min || (prec === 0 && min > 0) ? `(${text})` : text;
  }

  const seps = fc.array(fc.constantFrom(" ", "  ", "\n", " /* c */ ", " // c\n"), { minLength: 1, maxLength: 8 });

  it("round trip: random expressions re-parse to the same tree (fast-check)", () => {
    fc.assert(
      fc.property(tree, seps, (g, pool) => {
        let i = 0;
        const sep = () => pool[i++ % pool.length]!;
        const text = print(g, sep);
        const r = parse(`spec T\ninvariant I: ${text}\n`);
        if (r.diagnostics.length > 0) return false;
        const d = r.ast.decls[0] as A.InvariantDecl;
        const norm = (x: Shape): Shape => (typeof x === "string" ? x : { op: x.op, args: x.args.map(norm) });
        expect(norm(shape(d.cond))).toEqual(norm(g as Shape));
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it("the whole front end never throws on arbitrary input (fast-check)", () => {
    const tokens = fc.constantFrom("spec", "S", "var", "x", ":", "Bool", "=", "true", "{", "}", "(", ")", "[", "]", "process", "P", "a:", ":=", "await", "+", "..", "1", "//c\n", "\"s\"", "#", "if", "else", "any", "in", ",");
    fc.assert(
      fc.property(fc.array(tokens, { maxLength: 40 }), (ts) => {
        const r = compileSpec("t.kspec", ts.join(" "));
        return Array.isArray(r.diagnostics) && (r.code !== undefined || r.diagnostics.length > 0 || r.parsed.ast.decls.length === 0);
      }),
      { numRuns: 1000 },
    );
  });
});
