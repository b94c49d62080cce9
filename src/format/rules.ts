// What a rule printer sees: its CST node, references to its children, and the helpers to print
// them. Each rule printer lays out its own children only; every child (token or rule) is printed
// through prettier's `print`, so its comments come along.
import type { CstNode, IToken } from "chevrotain";
import type { AstPath, Doc, ParserOptions } from "prettier";
import { doc, util } from "prettier";
import { breaksAfter, breaksBefore, endWithComments, inlineBefore } from "./comments.ts";
import { locStart, type KNode, type RuleName } from "./cst.ts";

const { hardline, line, softline } = doc.builders;

/** A child of the node being printed: where it sits in `children`, and the child itself. */
export class Ref {
  readonly key: string;
  readonly index: number;
  readonly node: CstNode | IToken;
  constructor(key: string, index: number, node: CstNode | IToken) {
    this.key = key;
    this.index = index;
    this.node = node;
  }
}

export type PrintFn = (selector?: string | number | (string | number)[] | AstPath<KNode>, args?: PrintArgs) => Doc;

/** What a parent tells a child's printer (prettier passes it along with `print`). */
export interface PrintArgs {
  /** A block after a head that may break (`if` condition): it expands when that group breaks. */
  readonly headGroup?: symbol;
}

export class Rules {
  readonly node: CstNode;
  readonly path: AstPath<KNode>;
  readonly options: ParserOptions<KNode>;
  readonly args: PrintArgs;
  private readonly printFn: PrintFn;

  constructor(node: CstNode, path: AstPath<KNode>, options: ParserOptions<KNode>, print: PrintFn, args: PrintArgs | undefined) {
    this.node = node;
    this.path = path;
    this.options = options;
    this.printFn = print;
    this.args = args ?? {};
  }

  /** The rule `level` steps above this one (1: the parent), skipping prettier's path entries. */
  ancestor(level = 1): CstNode | undefined {
    let seen = 0;
    const stack = this.path.stack as unknown[];
    for (let i = stack.length - 1; i >= 0; i--) {
      const x = stack[i];
      if (x !== null && typeof x === "object" && "children" in x && "name" in x && seen++ === level) return x as CstNode;
    }
    return undefined;
  }

  get text(): string {
    return this.options.originalText;
  }

  has(key: string): boolean {
    return (this.node.children[key]?.length ?? 0) > 0;
  }

  /** The child `key[index]`; the parser produced it, since the input had no syntax error. */
  ref(key: string, index = 0): Ref {
    const r = this.opt(key, index);
    if (r === undefined) throw new Error(`kspec formatter: ${this.node.name} has no ${key}[${index}]`);
    return r;
  }

  opt(key: string, index = 0): Ref | undefined {
    const n = this.node.children[key]?.[index];
    return n === undefined ? undefined : new Ref(key, index, n);
  }

  refs(key: string): Ref[] {
    return (this.node.children[key] ?? []).map((n, i) => new Ref(key, i, n));
  }

  /** Children under any of `keys`, in source order. */
  ordered(...keys: string[]): Ref[] {
    return keys.flatMap((k) => this.refs(k)).sort((a, b) => locStart(a.node) - locStart(b.node));
  }

  /** The one child of a rule that chooses between alternatives. */
  only(): Ref {
    const [first] = this.ordered(...Object.keys(this.node.children));
    if (first === undefined) throw new Error(`kspec formatter: ${this.node.name} is empty`);
    return first;
  }

  print(r: Ref, args?: PrintArgs): Doc {
    return this.printFn(["children", r.key, r.index], args);
  }

  /**
   * What goes between two adjacent children: `normal`, unless a comment needs a line break there
   * (an end-of-line comment after `a`, or an own-line comment before `b`).
   */
  sep(a: Ref, b: Ref, normal: Doc): Doc {
    if (breaksAfter(a.node) || breaksBefore(b.node)) return hardline;
    if (inlineBefore(b.node)) return normal === "" ? " " : normal === softline ? line : normal;
    return normal;
  }

  /** `r0, s0, r1, s1, r2`: the children printed with the separators between them. */
  seq(...parts: (Ref | Doc)[]): Doc[] {
    const out: Doc[] = [];
    let prev: Ref | undefined;
    let pending: Doc | undefined;
    for (const p of parts) {
      if (p instanceof Ref) {
        if (prev !== undefined) out.push(this.sep(prev, p, pending ?? ""));
        else if (pending !== undefined) out.push(pending);
        out.push(this.print(p));
        prev = p;
        pending = undefined;
      } else {
        if (pending !== undefined) throw new Error("kspec formatter: two separators in a row");
        pending = p;
      }
    }
    if (pending !== undefined) out.push(pending);
    return out;
  }

  /** `items` separated by `sepTokens` (commas): `a, b, c` with `line` after each comma. */
  list(items: Ref[], sepTokens: Ref[], after: Doc): Doc[] {
    const out: Doc[] = [];
    items.forEach((it, i) => {
      const comma = sepTokens[i - 1];
      const prev = items[i - 1];
      if (comma !== undefined && prev !== undefined) out.push(this.sep(prev, comma, ""), this.print(comma), this.sep(comma, it, after));
      out.push(this.print(it));
    });
    return out;
  }

  /** Was there a blank line after this child in the source (its trailing comments included)? */
  blankAfter(r: Ref): boolean {
    return util.isNextLineEmpty(this.text, endWithComments(r.node));
  }

  /** Does the source text of this node span several lines? */
  multiline(n: CstNode | IToken = this.node): boolean {
    const start = locStart(n);
    const end = "children" in n ? (n.location?.endOffset ?? start) : (n.endOffset ?? start);
    return this.text.slice(start, end + 1).includes("\n");
  }
}

export type RulePrinter = (p: Rules) => Doc;

/** One printer per grammar rule: a rule without a printer does not compile. */
export type PrinterTable = { readonly [R in RuleName]: RulePrinter };
