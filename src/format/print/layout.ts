// Layout shared by the printers of several grammar areas: item lists one per line, `= value`
// bodies, parenthesized lists.
import type { Doc } from "prettier";
import { doc } from "prettier";
import type { BinaryOperator } from "../../syntax/ast.ts";
import { PREC } from "../../syntax/cst-to-ast.ts";
import type { CstNode, IToken } from "chevrotain";
import { isRule, soleOperand } from "../cst.ts";
import type { Ref, Rules } from "../rules.ts";

const { group, indent, line, softline, hardline } = doc.builders;

export const isLabel = (r: Ref): boolean => isRule(r.node) && r.node.name === "statement" && r.node.children["labelStmt"] !== undefined;

/**
 * Items one per line (declarations, locals, statements), a blank line kept where the source had
 * one; the statements after a label go one level deeper. The caller puts the line break before the
 * first item.
 */
export function itemList(p: Rules, items: Ref[], labelled: (r: Ref) => boolean = isLabel): Doc {
  const out: Doc[] = [];
  let step: Doc[] | undefined;
  let prev: Ref | undefined;
  const flush = (): void => {
    if (step !== undefined && step.length > 0) out.push(indent(step));
    step = undefined;
  };
  for (const it of items) {
    const gap: Doc[] = prev === undefined ? [] : [p.sep(prev, it, hardline), p.blankAfter(prev) ? hardline : ""];
    if (labelled(it)) {
      flush();
      out.push(...gap, p.print(it));
      step = [];
    } else if (step !== undefined) {
      step.push(...gap, p.print(it));
    } else {
      out.push(...gap, p.print(it));
    }
    prev = it;
  }
  flush();
  return out;
}

/**
 * `head = value`: the value stays on the line when it fits, else moves below, indented. A `with`
 * chain stays after the `=` and breaks before each `with` instead.
 */
export function valueAfter(p: Rules, op: Ref, value: Ref): Doc {
  if (isWithChain(value.node)) return [p.sep(op, value, " "), p.print(value)];
  return group(indent([p.sep(op, value, line), p.print(value)]));
}

/** `m with [k] = v ...`: an expression that is one postfix operand with `with` updates. */
function isWithChain(n: CstNode | IToken): boolean {
  const operand = isRule(n) && n.name === "expression" ? soleOperand(n) : undefined;
  return operand !== undefined && operand.name === "postfixExpr" && operand.children["withUpdate"] !== undefined;
}

/** `(a, b)` that breaks one item per line when too long. */
export function parenList(p: Rules, open: Ref, items: Ref[], commas: Ref[], close: Ref): Doc {
  if (items.length === 0) return p.seq(open, "", close);
  const first = items[0]!;
  const last = items[items.length - 1]!;
  return group([p.print(open), indent([p.sep(open, first, softline), ...p.list(items, commas, line)]), p.sep(last, close, softline), p.print(close)]);
}


/**
 * A flat operator chain `a op b op c` (the parser reads binary operators flat): grouped by
 * precedence so that the loosest operators break first, each broken line starting with its
 * operator; a tighter chain inside a broken one is indented below it.
 */
export function chain(p: Rules, operands: Ref[], ops: Ref[]): Doc {
  const prec = (op: Ref): number => PREC[(op.node as { image: string }).image as BinaryOperator] ?? 0;
  const build = (lo: number, hi: number, top: boolean): Doc => {
    if (lo === hi) return p.print(operands[lo]!);
    let min = Infinity;
    for (let j = lo; j < hi; j++) min = Math.min(min, prec(ops[j]!));
    const cuts: number[] = [];
    for (let j = lo; j < hi; j++) if (prec(ops[j]!) === min) cuts.push(j);
    const first = build(lo, cuts[0]!, false);
    const rest: Doc[] = [];
    cuts.forEach((j, k) => {
      const op = ops[j]!;
      const end = cuts[k + 1] ?? hi;
      rest.push(p.sep(operands[j]!, op, line), p.print(op), p.sep(op, operands[j + 1]!, " "), build(j + 1, end, false));
    });
    return top ? group([first, ...rest]) : group([first, indent(rest)]);
  };
  return build(0, operands.length - 1, true);
}
