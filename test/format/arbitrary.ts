// fast-check generators of well-formed kspec specs, as token lists built from the grammar
// (declarations, processes with labels and statements, expressions with every operator, modules,
// macros, temporal properties), joined with
// random separators: blanks, line breaks, blank lines and comments, so that comments land at every
// kind of token boundary.
import fc from "fast-check";

type Toks = string[];

const NAMES = ["a", "b", "x", "flag", "Page", "n1", "Fault", "xa", "turn", "very_long_name_indeed"];
const name = fc.constantFrom(...NAMES);
const int = fc.integer({ min: 0, max: 999 }).map(String);
const BINOPS = ["implies", "or", "and", "==", "!=", "<", "<=", ">", ">=", "in", "notin", "subset", "at", "..", "union", "diff", "inter", "+", "-", "*", "/", "%"];

function commaList(items: Toks[]): Toks {
  return items.flatMap((it, i) => (i === 0 ? it : [",", ...it]));
}

const exprs = fc.letrec<{ expr: Toks; operand: Toks; atom: Toks; simple: Toks; binder: Toks; accessor: Toks }>((tie) => ({
  // A flat chain of operands and binary operators (precedence is the parser's business).
  expr: fc.oneof(
    { depthSize: "small", depthIdentifier: "expr", maxDepth: 4, withCrossShrink: true },
    tie("operand"),
    fc.tuple(tie("operand"), fc.array(fc.tuple(fc.constantFrom(...BINOPS), tie("operand")), { minLength: 1, maxLength: 4 })).map(([first, rest]) => [
      ...first,
      ...rest.flatMap(([op, e]) => [op, ...e]),
    ]),
  ),
  // Prefix operators, then a quantifier, let, if, or a postfix expression.
  operand: fc.oneof(
    { depthSize: "small", depthIdentifier: "expr", maxDepth: 4, withCrossShrink: true },
    tie("atom"),
    tie("atom"),
    fc.tuple(fc.constantFrom(["not"], ["-"], ["not", "-"], ["-", "-"]), tie("atom")).map(([pre, e]) => [...pre, ...e]),
    fc.tuple(fc.constantFrom("forall", "exists"), tie("binder"), tie("expr")).map(([q, b, e]) => [q, ...b, ":", ...e]),
    fc.tuple(name, tie("simple"), tie("expr")).map(([x, v, e]) => ["let", x, "=", ...v, "in", ...e]),
    fc.tuple(tie("expr"), tie("expr"), tie("expr")).map(([c, t, e]) => ["if", ...c, "then", ...t, "else", ...e]),
    fc.tuple(tie("atom"), fc.array(tie("accessor"), { minLength: 1, maxLength: 2 })).map(([a, acc]) => [...a, ...acc.flat()]),
    fc.tuple(tie("atom"), fc.array(fc.tuple(fc.array(tie("accessor"), { minLength: 1, maxLength: 2 }), tie("simple")), { minLength: 1, maxLength: 3 })).map(([a, ws]) => [
      ...a,
      ...ws.flatMap(([acc, v]) => ["with", ...acc.flat(), "=", ...v]),
    ]),
  ),
  // An operand that stops early where the grammar needs it (a `let` value, a `with` value).
  simple: fc.oneof(
    { depthSize: "small", depthIdentifier: "expr", maxDepth: 4 },
    int.map((t) => [t]),
    name.map((t) => [t]),
    fc.tuple(fc.constantFrom(["not"], ["-"]), name).map(([p, n]) => [...p, n]),
    tie("expr").map((e) => ["(", ...e, ")"]),
  ),
  binder: fc.tuple(name, tie("expr")).map(([x, s]) => [x, "in", ...s]),
  accessor: fc.oneof(name.map((f) => [".", f]), tie("expr").map((e) => ["[", ...e, "]"])),
  atom: fc.oneof(
    { depthSize: "small", depthIdentifier: "expr", maxDepth: 4, withCrossShrink: true },
    int.map((t) => [t]),
    name.map((t) => [t]),
    name.map((t) => [t]),
    fc.constantFrom("true", "false", "none", "self").map((t) => [t]),
    fc.tuple(name, fc.array(tie("expr"), { maxLength: 3 })).map(([f, args]) => [f, "(", ...commaList(args), ")"]),
    tie("expr").map((e) => ["some", "(", ...e, ")"]),
    tie("expr").map((e) => ["(", ...e, ")"]),
    fc.array(tie("expr"), { maxLength: 3 }).map((es) => ["{", ...commaList(es), "}"]),
    fc.tuple(name, name, tie("expr")).map(([x, s, p]) => ["{", x, "in", s, "where", ...p, "}"]),
    fc.tuple(tie("expr"), tie("binder")).map(([e, b]) => ["{", ...e, "for", ...b, "}"]),
    fc.tuple(tie("binder"), tie("expr")).map(([b, e]) => ["[", ...b, ":", ...e, "]"]),
    fc.array(fc.tuple(name, tie("expr")), { minLength: 1, maxLength: 3 }).map((fs) => ["{", ...commaList(fs.map(([f, e]) => [f, ":", ...e])), "}"]),
  ),
}));

export const expr = exprs.expr;

const arith: fc.Arbitrary<Toks> = fc.letrec<{ a: Toks; atom: Toks }>((tie) => ({
  a: fc.tuple(tie("atom"), fc.array(fc.tuple(fc.constantFrom("+", "-", "*", "/", "%"), tie("atom")), { maxLength: 2 })).map(([f, rest]) => [...f, ...rest.flatMap(([o, x]) => [o, ...x])]),
  atom: fc.oneof(
    { depthSize: "small", depthIdentifier: "arith", maxDepth: 2 },
    int.map((t) => [t]),
    name.map((t) => [t]),
    fc.tuple(fc.constantFrom(["-"], ["-", "-"]), int).map(([m, t]) => [...m, t]),
    fc.tuple(name, fc.array(expr, { maxLength: 2 })).map(([f, args]) => [f, "(", ...commaList(args), ")"]),
    expr.map((e) => ["(", ...e, ")"]),
  ),
})).a;

const type: fc.Arbitrary<Toks> = fc.letrec<{ t: Toks; base: Toks }>((tie) => ({
  t: fc.tuple(tie("base"), fc.constantFrom([], ["?"])).map(([b, q]) => [...b, ...q]),
  base: fc.oneof(
    { depthSize: "small", depthIdentifier: "type", maxDepth: 3 },
    fc.constantFrom<Toks>(["Bool"], ["Page"], ["Aops"]),
    fc.tuple(arith, arith).map(([lo, hi]) => [...lo, "..", ...hi]),
    fc.tuple(tie("t"), tie("t")).map(([k, v]) => ["[", ...k, "]", ...v]),
    tie("t").map((e) => ["Set", "[", ...e, "]"]),
    fc.array(fc.tuple(name, tie("t")), { minLength: 1, maxLength: 3 }).map((fs) => ["{", ...commaList(fs.map(([f, t]) => [f, ":", ...t])), "}"]),
  ),
})).t;

const stmts: fc.Arbitrary<Toks> = fc.letrec<{ list: Toks; stmt: Toks; block: Toks }>((tie) => ({
  list: fc.array(tie("stmt"), { maxLength: 4 }).map((ss) => ss.flat()),
  block: tie("list").map((l) => ["{", ...l, "}"]),
  stmt: fc.oneof(
    { depthSize: "small", depthIdentifier: "stmt", maxDepth: 3, withCrossShrink: true },
    fc.tuple(name, fc.array(exprs.accessor, { maxLength: 2 }), expr).map(([x, acc, e]) => [x, ...acc.flat(), ":=", ...e]),
    expr.map((e) => ["await", ...e]),
    fc.tuple(expr, fc.option(fc.constantFrom('"boom"', '"a \\" quote"'), { nil: undefined })).map(([e, m]) => (m ? ["assert", ...e, ":", m] : ["assert", ...e])),
    fc.tuple(fc.array(fc.tuple(expr, tie("block")), { minLength: 1, maxLength: 3 }), fc.option(tie("block"), { nil: undefined })).map(([arms, last]) => [
      ...arms.flatMap(([c, b], i) => [...(i > 0 ? ["else"] : []), "if", ...c, ...b]),
      ...(last ? ["else", ...last] : []),
    ]),
    fc.tuple(tie("block"), fc.array(tie("block"), { minLength: 1, maxLength: 2 })).map(([b, bs]) => ["either", ...b, ...bs.flatMap((x) => ["or", ...x])]),
    fc.tuple(exprs.binder, fc.option(expr, { nil: undefined }), tie("block")).map(([b, w, body]) => ["any", ...b, ...(w ? ["where", ...w] : []), ...body]),
    name.map((l) => ["goto", l]),
    fc.tuple(name, fc.array(expr, { maxLength: 2 })).map(([m, args]) => [m, "(", ...commaList(args), ")"]),
    name.map((l) => [l, ":"]),
    fc.tuple(expr, tie("block")).map(([c, b]) => ["while", ...c, ...b]),
    fc.constant<Toks>(["skip"]),
  ),
})).list;

const varDecl = fc.tuple(name, type, fc.constantFrom("=", "in"), expr).map(([x, t, op, e]) => ["var", x, ":", ...t, op, ...e]);

const declaration: fc.Arbitrary<Toks> = fc.oneof(
  fc.tuple(name, fc.option(type, { nil: undefined }), expr).map(([x, t, e]) => ["const", x, ...(t ? [":", ...t] : []), "=", ...e]),
  fc.tuple(name, fc.array(name, { minLength: 1, maxLength: 4 })).map(([x, ms]) => ["enum", x, "{", ...commaList(ms.map((m) => [m])), "}"]),
  fc.tuple(name, type).map(([x, t]) => ["type", x, "=", ...t]),
  varDecl,
  fc.tuple(name, fc.array(fc.tuple(name, type), { maxLength: 3 }), type, expr).map(([f, ps, r, e]) => ["def", f, "(", ...commaList(ps.map(([p, t]) => [p, ":", ...t])), ")", ":", ...r, "=", ...e]),
  fc.tuple(name, fc.array(exprs.binder, { maxLength: 2 }), stmts).map(([a, bs, body]) => ["action", a, ...(bs.length > 0 ? ["(", ...commaList(bs), ")"] : []), "{", ...body, "}"]),
  fc.tuple(name, fc.option(exprs.binder, { nil: undefined }), fc.array(varDecl, { maxLength: 2 }), stmts).map(([p, m, locals, body]) => [
    "process", p, ...(m ? ["[", ...m, "]"] : []), "{", ...locals.flat(), ...body, "}",
  ]),
  fc.tuple(name, expr).map(([i, e]) => ["invariant", i, ":", ...e]),
  expr.map((e) => ["terminal", ...e]),
  fc.tuple(name, fc.oneof(
    expr.map((e) => ["always", ...e]),
    expr.map((e) => ["eventually", ...e]),
    expr.map((e) => ["always", "eventually", ...e]),
    fc.tuple(expr, expr).map(([a, b]) => [...a, "leadsto", ...b]),
  )).map(([n, t]) => ["property", n, ":", ...t]),
  fc.tuple(fc.constantFrom("weak", "strong"), fc.array(name, { minLength: 1, maxLength: 3 })).map(([w, ns]) => ["fairness", w, ...commaList(ns.map((n) => [n]))]),
  fc.oneof(name.map((n) => ["import", n]), fc.constant<Toks>(["import", '"locks.kspec"'])),
  fc.tuple(name, fc.array(name, { maxLength: 3 }), stmts).map(([m, ps, body]) => ["macro", m, "(", ...commaList(ps.map((x) => [x])), ")", "{", ...body, "}"]),
);

export const spec: fc.Arbitrary<Toks> = fc.tuple(fc.constantFrom([], ["spec", "S"], ["module", "M"]), fc.array(declaration, { maxLength: 5 })).map(([header, ds]) => [...header, ...ds.flat()]);

/** Separators between tokens; comments are numbered later so that each one can be traced. */
const SEPS: [number, string][] = [
  [40, " "],
  [8, "\n"],
  [3, "\n\n"],
  [2, "\n\n\n"],
  [4, " //#\n"],
  [3, "\n//#\n"],
  [2, "\n\n//#\n\n"],
  [3, " /*#*/ "],
  [1, "/*#*/"],
  [1, "\n/*#*/\n"],
  [1, " /*#\n  more */\n"],
  [1, "\n// prettier-ignore\n"],
];
export const separators = fc.array(fc.oneof(...SEPS.map(([weight, s]) => ({ weight, arbitrary: fc.constant(s) }))), { minLength: 1, maxLength: 40 });

/** The token list joined with the separators (cycled), every comment numbered. */
export function render(tokens: Toks, seps: string[]): string {
  let n = 0;
  let out = "";
  const sep = (i: number): string => seps[i % seps.length]!.replace(/#/g, () => `c${n++}`);
  out += seps[0] === " " ? "" : sep(0);
  tokens.forEach((t, i) => {
    out += t;
    let s = sep(i + 1);
    if (t === "/" && s.startsWith("/")) s = " " + s; // `//*` would start a line comment
    out += i === tokens.length - 1 && s === " " ? "\n" : s;
  });
  return out;
}
