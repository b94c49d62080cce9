// Static bounds of integer expressions, so arithmetic that cannot leave the exactly representable
// integers (|v| <= 2^53 - 1) compiles to a plain JavaScript operator, and arithmetic that might
// compiles to a checked helper that faults instead of silently rounding. Stored values are Int32
// slots and literals are checked by sema, so almost every spec gets plain operators only.
import type * as A from "../syntax/ast.ts";
import type { Gen } from "./gen.ts";

export type Bounds = readonly [lo: number, hi: number];

const SAFE = Number.MAX_SAFE_INTEGER;
const ANY: Bounds = [-SAFE, SAFE];
const cache = new WeakMap<Gen, Map<number, Bounds>>();

/** Is every value in `b` exactly representable? */
export const exact = (b: Bounds): boolean => b[0] >= -SAFE && b[1] <= SAFE;

/** A conservative interval of an integer expression's value. */
export function intBounds(g: Gen, e: A.Expr): Bounds {
  let memo = cache.get(g);
  if (!memo) cache.set(g, (memo = new Map()));
  const known = memo.get(e.id);
  if (known) return known;
  const b = compute(g, e);
  memo.set(e.id, b);
  return b;
}

function compute(g: Gen, e: A.Expr): Bounds {
  const t = g.type(e);
  if (t.k === "range") return [t.lo, t.hi];
  switch (e.kind) {
    case "binary": {
      const [a0, a1] = intBounds(g, e.left);
      const [b0, b1] = intBounds(g, e.right);
      switch (e.op) {
        case "+": return [a0 + b0, a1 + b1];
        case "-": return [a0 - b1, a1 - b0];
        case "*": {
          const ps = [a0 * b0, a0 * b1, a1 * b0, a1 * b1];
          return [Math.min(...ps), Math.max(...ps)];
        }
        case "/": {
          const m = Math.max(Math.abs(a0), Math.abs(a1));
          return [-m, m];
        }
        case "%": {
          const m = Math.max(Math.abs(b0), Math.abs(b1));
          return [-m, m];
        }
        default: return ANY;
      }
    }
    case "unary": {
      if (e.op !== "-") return ANY;
      const [lo, hi] = intBounds(g, e.operand);
      return [-hi, -lo];
    }
    case "ifExpr": {
      const a = intBounds(g, e.then);
      const b = intBounds(g, e.else);
      return [Math.min(a[0], b[0]), Math.max(a[1], b[1])];
    }
    case "let": return intBounds(g, e.body);
    case "call": {
      const b = g.c.refs.get(e.callee.id);
      if (b?.k !== "builtin") return ANY;
      if (b.name === "card") return [0, 32];
      if ((b.name === "min" || b.name === "max") && e.args.length === 2) {
        const x = intBounds(g, e.args[0]!);
        const y = intBounds(g, e.args[1]!);
        return b.name === "min" ? [Math.min(x[0], y[0]), Math.min(x[1], y[1])] : [Math.max(x[0], y[0]), Math.max(x[1], y[1])];
      }
      return ANY;
    }
    default:
      // Names of type Int (a binder over `a .. b`, a `let`): some exact integer.
      return ANY;
  }
}
