// Shared state of one code generation: sites, lifted helper functions, scratch buffers, fresh names.
// Code generation is a pure function of the checked AST; nothing from the spec reaches the output
// except as a literal made by `lit` (JSON with U+2028/U+2029 escaped), a number, or inside an
// identifier made of `[A-Za-z0-9_]` behind a fixed prefix (kspec identifiers cannot contain anything
// else).
import type * as A from "../syntax/ast.ts";
import type { Checked } from "../sema/model.ts";
import type { Layout, ProcessLayout } from "./layout.ts";
import type { ChoicePoint, Site } from "../runtime/machine.ts";
import type { Type } from "../sema/types.ts";
import { clipFrame } from "../source.ts";

export interface Ctx {
  /** Name of the state buffer that reads and writes go to. */
  readonly buf: string;
  /** JS expression of `self`, inside a process family. */
  readonly self: string | undefined;
  /** JS expression of the offset of the running member's block. */
  readonly mb: string | undefined;
  readonly proc: ProcessLayout | undefined;
  /** Binder ident id -> JS name and TS type, for the names in scope. */
  readonly bound: ReadonlyMap<number, { readonly js: string; readonly ts: string }>;
  /**
   * Binder ident id -> the module-level scratch buffer holding a compound (record or map) value
   * bound by `let`. Module-level, so lifted helpers read it without a parameter.
   */
  readonly places?: ReadonlyMap<number, { readonly buf: string; readonly type: Type }>;
}

export class Gen {
  readonly c: Checked;
  readonly layout: Layout;
  readonly sites: Site[] = [];
  private readonly siteIndex = new Map<string, number>();
  /** Module-level helper functions (quantifiers, comprehensions) and temporaries. */
  readonly lifted: string[] = [];
  private counter = 0;
  /** Deepest fork nesting used by a step: scratch buffers B0..Bn. */
  maxDepth = 0;
  /** The `either` and `any` statements, in the order code was generated for them. */
  readonly choices: ChoicePoint[] = [];
  /** Every `assert` statement (by site): its property name, `assert` when unnamed. */
  readonly asserts: { name: string; site: number }[] = [];

  /** The index of the assert at `site` in `asserts` (one entry per source assert, however often its code is generated). */
  assertIndex(name: string, site: number): number {
    const k = this.asserts.findIndex((a) => a.site === site);
    if (k >= 0) return k;
    this.asserts.push({ name, site });
    return this.asserts.length - 1;
  }

  constructor(c: Checked, layout: Layout) {
    this.c = c;
    this.layout = layout;
  }

  fresh(prefix: string): string {
    return `${prefix}${this.counter++}`;
  }

  /** A JS identifier that shows a spec name; safe because spec names match [A-Za-z_][A-Za-z0-9_]*. */
  jsName(prefix: string, specName: string): string {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(specName)) return this.fresh(prefix);
    return `${prefix}${this.counter++}_${specName}`;
  }

  site(span: A.Span): number {
    const key = `${span.file?.path ?? ""}:${span.start}:${span.end}`;
    const known = this.siteIndex.get(key);
    if (known !== undefined) return known;
    const file = span.file ?? this.c.parsed.file;
    // Long lines are kept as a window around the span: every site stores its line, and a long line
    // with many sites would make the module quadratic in size.
    const real = file.frame(span);
    const f = clipFrame(real);
    const [text = "", ...more] = f.lines;
    const length = more.length === 0 ? Math.max(1, f.endCol - f.col) : Math.max(1, text.length - f.col + 1);
    const site: Site = {
      line: f.line, col: real.col, length, text,
      ...(f.shift > 0 ? { textCol: f.col } : {}),
      ...(span.file ? { file: span.file.path } : {}),
      ...(more.length > 0 ? { more, endCol: f.endCol } : {}),
    };
    const idx = this.sites.length;
    this.sites.push(site);
    this.siteIndex.set(key, idx);
    return idx;
  }

  type(e: A.Expr): Type {
    return this.c.types.get(e.id) ?? { k: "error" };
  }

  /** A module-level scratch array for compound values at one site. */
  temp(size: number): string {
    const name = this.fresh("T");
    this.lifted.push(`const ${name} = new Int32Array(${Math.max(1, size)});`);
    return name;
  }

  /**
   * Moves a computation into a module-level function of the names in scope, so that loops inside
   * expressions (quantifiers, comprehensions) need no closure per evaluation.
   */
  lift(ctx: Ctx, returns: string, body: (inner: Ctx) => string[]): string {
    const name = this.fresh("f");
    const params = ["buf: rt.State"];
    const args = [ctx.buf];
    if (ctx.self !== undefined) {
      params.push("self: number");
      args.push(ctx.self);
    }
    if (ctx.mb !== undefined) {
      params.push("mb: number");
      args.push(ctx.mb);
    }
    for (const { js, ts } of ctx.bound.values()) {
      params.push(`${js}: ${ts}`);
      args.push(js);
    }
    const inner: Ctx = { ...ctx, buf: "buf", self: ctx.self === undefined ? undefined : "self", mb: ctx.mb === undefined ? undefined : "mb" };
    const lines = body(inner);
    this.lifted.push(`function ${name}(${params.join(", ")}): ${returns} {\n${lines.map((l) => `  ${l}`).join("\n")}\n}`);
    return `${name}(${args.join(", ")})`;
  }
}

export const tsOf = (t: Type): string => (t.k === "bool" ? "boolean" : "number");

/**
 * A value as a JS literal: JSON, with U+2028 and U+2029 escaped too. JSON.stringify leaves them raw,
 * and in generated code they end a `//` comment (the path in the header is one), so the rest of the
 * line would run as code. Every string from a spec or a path reaches the output through this.
 */
export function lit(v: unknown): string {
  return (JSON.stringify(v) ?? "undefined").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}
