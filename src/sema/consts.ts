// Evaluation of constant expressions: constant values, type bounds (`0 .. PAGES - 1`), and range
// bounds the checker can see statically. Only numbers, booleans, constants and enum members.
import type * as A from "../syntax/ast.ts";

export type ConstValue = number | boolean;
export type ConstResult = { ok: true; value: ConstValue } | { ok: false; span: A.Span | undefined; message: string };

const fail = (span: A.Span | undefined, message: string): ConstResult => ({ ok: false, span, message });

/** `lookup` answers a name's constant value, or undefined when the name is not a constant. */
export function evalConst(e: A.Expr, lookup: (name: string) => ConstValue | undefined): ConstResult {
  const num = (x: A.Expr): number | ConstResult => {
    const r = evalConst(x, lookup);
    if (!r.ok) return r;
    return typeof r.value === "number" ? r.value : fail(x.span, "expected an integer");
  };
  const bool = (x: A.Expr): boolean | ConstResult => {
    const r = evalConst(x, lookup);
    if (!r.ok) return r;
    return typeof r.value === "boolean" ? r.value : fail(x.span, "expected true or false");
  };
  const ok = (value: ConstValue): ConstResult => ({ ok: true, value });
  // Beyond 2^53 JavaScript arithmetic rounds: say so rather than compute a wrong constant.
  const exact = (v: number): ConstResult => (Number.isSafeInteger(v) ? ok(v) : fail(e.span, `the value ${v} of this constant expression is too large (beyond 2^53 - 1, arithmetic is not exact)`));
  switch (e.kind) {
    case "int": return ok(e.value);
    case "bool": return ok(e.value);
    case "error": return fail(undefined, "");
    case "name": {
      const v = lookup(e.name);
      return v === undefined ? fail(e.span, `'${e.name}' is not a constant`) : ok(v);
    }
    case "unary": {
      if (e.op === "-") {
        const v = num(e.operand);
        return typeof v === "number" ? ok(-v) : v;
      }
      const b = bool(e.operand);
      return typeof b === "boolean" ? ok(!b) : b;
    }
    case "ifExpr": {
      const c = bool(e.cond);
      if (typeof c !== "boolean") return c;
      return evalConst(c ? e.then : e.else, lookup);
    }
    case "call": {
      if ((e.callee.name === "min" || e.callee.name === "max") && e.args.length === 2) {
        const a = num(e.args[0]!);
        const b = num(e.args[1]!);
        if (typeof a !== "number") return a;
        if (typeof b !== "number") return b;
        return ok(e.callee.name === "min" ? Math.min(a, b) : Math.max(a, b));
      }
      return fail(e.span, "not a constant expression");
    }
    case "binary": {
      const op = e.op;
      if (op === "and" || op === "or" || op === "implies") {
        const a = bool(e.left);
        const b = bool(e.right);
        if (typeof a !== "boolean") return a;
        if (typeof b !== "boolean") return b;
        return ok(op === "and" ? a && b : op === "or" ? a || b : !a || b);
      }
      if (op === "==" || op === "!=") {
        const a = evalConst(e.left, lookup);
        const b = evalConst(e.right, lookup);
        if (!a.ok) return a;
        if (!b.ok) return b;
        return ok(op === "==" ? a.value === b.value : a.value !== b.value);
      }
      const a = num(e.left);
      const b = num(e.right);
      if (typeof a !== "number") return a;
      if (typeof b !== "number") return b;
      switch (op) {
        case "+": return exact(a + b);
        case "-": return exact(a - b);
        case "*": return exact(a * b);
        case "/": return b === 0 ? fail(e.span, "division by zero") : ok(Math.floor(a / b));
        case "%": return b === 0 ? fail(e.span, "division by zero") : ok(a - b * Math.floor(a / b));
        case "<": return ok(a < b);
        case "<=": return ok(a <= b);
        case ">": return ok(a > b);
        case ">=": return ok(a >= b);
        default: return fail(e.span, "not a constant expression");
      }
    }
    default:
      return fail(e.span, "not a constant expression");
  }
}
