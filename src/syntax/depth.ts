// The AST depth limit. Every later phase (names and types, static checks, macros, code generation,
// the language server) recurses over the AST, so no tree deeper than MAX_AST_DEPTH leaves the parser.
// The CST is already bounded (parser.ts MAX_RULE_DEPTH); what can still grow deep are operator chains
// the parser reads flat: `a + b + ... + z` (left-deep), `not not ... x`, `x[1][2]...`, `T??...`.
import { error, type Diagnostic } from "../diag/diagnostic.ts";
import type * as A from "./ast.ts";

/**
 * Deepest AST (counted from the spec) that later phases see: a chain of about 500 operators. Measured:
 * names and types and code generation overflow the default stack near 1,300 (`x + x + ...`).
 */
export const MAX_AST_DEPTH = 500;

const TYPE_KINDS = new Set(["namedType", "rangeType", "mapType", "recordType", "setType", "optionType", "errorType"]);
const EXPR_KINDS = new Set([
  "int", "bool", "none", "self", "name", "call", "some", "unary", "binary", "quant", "let", "ifExpr",
  "field", "index", "with", "setLit", "setFilter", "setMap", "mapLit", "recordLit", "error",
]);

type Obj = Record<string, unknown>;
const isNode = (v: unknown): v is Obj & { kind: string; id: number; span: A.Span } =>
  typeof v === "object" && v !== null && typeof (v as Obj)["kind"] === "string" && typeof (v as Obj)["id"] === "number";

/**
 * Replaces each expression or type that lies deeper than MAX_AST_DEPTH by an error node (which later
 * phases skip silently) and reports each place where the limit is crossed. Iterative, so any
 * depth is measured; mutates the freshly built tree before anyone else has seen it.
 */
export function limitDepth(ast: A.SpecAst, nextId: () => number): Diagnostic[] {
  const out: Diagnostic[] = [];
  const reported = new Set<object>();
  const stack: { holder: Obj | unknown[]; key: string | number; depth: number }[] = [];
  const root = ast as unknown as Obj;
  for (const k of Object.keys(root)) stack.push({ holder: root, key: k, depth: 0 });
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { holder, key } = item;
    const v = (holder as Obj)[key as string];
    if (typeof v !== "object" || v === null || key === "span" || key === "opSpan" || key === "file") continue;
    let depth = item.depth;
    if (isNode(v)) {
      depth++;
      if (depth > MAX_AST_DEPTH && (EXPR_KINDS.has(v.kind) || TYPE_KINDS.has(v.kind))) {
        // The place: the operator whose operand crosses the limit, else the node itself.
        const op = (holder as Obj)["opSpan"] as A.Span | undefined;
        const at = op ?? v.span;
        // Siblings past the limit (both operands of the deepest operator) are one place.
        if (!reported.has(holder)) out.push(error("KS1004", at, `nested too deeply: more than ${MAX_AST_DEPTH} levels of operators and brackets`, "split the expression: name parts of it with `def` or `let`"));
        reported.add(holder);
        (holder as Obj)[key as string] = TYPE_KINDS.has(v.kind) ? { kind: "errorType", id: nextId(), span: v.span } : { kind: "error", id: nextId(), span: v.span };
        continue;
      }
    }
    if (Array.isArray(v)) v.forEach((_, i) => stack.push({ holder: v, key: i, depth }));
    else for (const k of Object.keys(v)) stack.push({ holder: v as Obj, key: k, depth });
  }
  return out.sort((a, b) => (a.span?.start ?? 0) - (b.span?.start ?? 0));
}
