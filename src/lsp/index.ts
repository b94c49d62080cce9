// What the language server knows about one document: every name written in it (declaration or
// use) with what it stands for, computed from the pipeline's side tables (`checked.refs` for
// bindings, `checked.types` for types) plus what the checker does not record (labels, type names,
// declaration sites). Works on the recovered tree of a spec that does not parse, too.
import type { Compiled } from "../compile/index.ts";
import type { Binding, Checked } from "../sema/model.ts";
import { show as showTypeOf, type Type } from "../sema/types.ts";
import type * as A from "../syntax/ast.ts";
import { keywords } from "../syntax/tokens.ts";

export type TargetKind =
  | "var" | "local" | "const" | "enum" | "enumMember" | "type" | "def" | "bound" | "process" | "label" | "action" | "invariant" | "property"
  | "macro" | "builtin";

/** What a name stands for. Two occurrences with the same `key` name the same thing. */
export interface Target {
  readonly key: string;
  readonly kind: TargetKind;
  readonly name: string;
  /** The declaring name, when known (its span carries `file` when it is in an imported module). */
  readonly decl: A.Span | undefined;
  /** A line of kspec describing it, for hovers: `var xa: [0 .. 0] Aops?`. */
  readonly detail: string;
}

export interface Occurrence {
  readonly start: number;
  readonly end: number;
  readonly target: Target;
}

const BUILTIN_SIGNATURES: Record<string, string> = {
  card: "card(s: Set[T]): Int",
  min: "min(a: Int, b: Int): Int",
  max: "max(a: Int, b: Int): Int",
  unwrap: "unwrap(o: T?): T",
};

/** Kinds a rename may touch: names declared in the spec itself. */
const RENAMABLE = new Set<TargetKind>(["var", "local", "const", "enum", "enumMember", "type", "def", "bound", "process", "label", "action", "invariant", "property", "macro"]);

export function isRenamable(t: Target): boolean {
  return RENAMABLE.has(t.kind) && t.decl !== undefined && t.decl.file === undefined;
}

export function isValidName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !keywords.includes(name) && !["Bool", "card", "min", "max", "unwrap", "done"].includes(name);
}

/** A type as written in kspec (a one-value range stays `0 .. 0`, where messages say Int). */
export function showType(t: Type): string {
  return showTypeOf(t, true);
}
const show = showType;

type AnyNode = { readonly kind?: string; readonly id?: number; readonly span?: A.Span };

export class DocumentIndex {
  readonly compiled: Compiled;
  private readonly checked: Checked | undefined;
  /** Occurrences in this document, by start offset. */
  private readonly byStart = new Map<number, Occurrence>();
  private readonly nodesById = new Map<number, AnyNode>();
  private readonly decls: readonly A.Decl[];

  constructor(compiled: Compiled) {
    this.compiled = compiled;
    this.checked = compiled.checked;
    // The analyzed program (imports first, macros expanded) when there is one, else what parsed.
    this.decls = this.checked?.parsed.ast.decls ?? compiled.parsed.ast.decls;
    for (const d of this.decls) this.indexIds(d);
    for (const d of [...compiled.parsed.ast.decls, ...this.decls]) this.declaration(d);
  }

  /** The name at (or just before) an offset. */
  at(offset: number): Occurrence | undefined {
    for (const o of this.byStart.values()) if (o.start <= offset && offset <= o.end) return o;
    return undefined;
  }

  /** Every occurrence in this document of what `t` names, declaration included. */
  occurrences(t: Target): Occurrence[] {
    return [...this.byStart.values()].filter((o) => o.target.key === t.key).sort((a, b) => a.start - b.start);
  }

  /** Every occurrence in this document, in order. */
  all(): Occurrence[] {
    return [...this.byStart.values()].sort((a, b) => a.start - b.start);
  }

  // ---------------------------------------------------------------- building the index
  private indexIds(x: unknown): void {
    if (x === null || typeof x !== "object") return;
    if (Array.isArray(x)) {
      for (const v of x) this.indexIds(v);
      return;
    }
    const n = x as AnyNode;
    if (typeof n.id === "number" && n.span !== undefined && !this.nodesById.has(n.id)) this.nodesById.set(n.id, n);
    for (const [k, v] of Object.entries(x)) if (k !== "span" && k !== "opSpan" && k !== "target") this.indexIds(v);
  }

  /** Records a name written in this document (imported modules' names are skipped). */
  private record(span: A.Span, name: string, target: Target | undefined): void {
    if (target === undefined || span.file !== undefined || name === "") return;
    const start = this.nameStart(span, name);
    if (start === undefined) return;
    const prev = this.byStart.get(start);
    if (prev === undefined || prev.target.kind === "builtin") this.byStart.set(start, { start, end: start + name.length, target });
  }

  /** Where `name` is written inside `span` (a parenthesized name's span includes the parentheses). */
  private nameStart(span: A.Span, name: string): number | undefined {
    const text = this.compiled.file.text;
    if (text.startsWith(name, span.start)) return span.start;
    const re = new RegExp(`(?<![A-Za-z0-9_])${name}(?![A-Za-z0-9_])`, "g");
    re.lastIndex = span.start;
    const m = re.exec(text);
    return m !== null && m.index < span.end ? m.index : undefined;
  }

  private ident(id: A.Ident, target: Target | undefined): void {
    this.record(id.span, id.name, target);
  }

  private declaration(d: A.Decl): void {
    switch (d.kind) {
      case "const": {
        this.ident(d.name, this.constTarget(d.name.name));
        this.typeExpr(d.type);
        this.expr(d.value, undefined);
        return;
      }
      case "enum":
        this.ident(d.name, this.typeTarget(d.name.name));
        d.members.forEach((m, i) => this.ident(m, { key: `enumMember:${d.name.name}.${i}`, kind: "enumMember", name: m.name, decl: m.span, detail: `${m.name}: ${d.name.name}` }));
        return;
      case "typeDecl":
        this.ident(d.name, this.typeTarget(d.name.name));
        this.typeExpr(d.type);
        return;
      case "var":
        this.ident(d.name, this.varTarget(d));
        this.typeExpr(d.type);
        this.expr(d.init.expr, undefined);
        return;
      case "def":
        this.ident(d.name, this.defTarget(d));
        for (const p of d.params) {
          this.ident(p.name, this.fromBinding(this.checked?.refs.get(p.name.id)));
          this.typeExpr(p.type);
        }
        this.typeExpr(d.result);
        this.expr(d.body, undefined);
        return;
      case "action":
        this.ident(d.name, this.simple("action", d.name, `action ${d.name.name}`));
        for (const b of d.params) this.binder(b, undefined);
        this.block(d.body, undefined);
        return;
      case "process": {
        this.ident(d.name, this.processTarget(d.name.name));
        if (d.member) this.binder(d.member, d);
        for (const l of d.locals) {
          this.ident(l.name, this.localTarget(d, l));
          this.typeExpr(l.type);
          this.expr(l.init.expr, d);
        }
        for (const idle of d.idle) {
          for (const l of idle.labels) this.ident(l, this.labelTarget(d, l.name));
          if (idle.cond) this.expr(idle.cond, d);
        }
        this.block(d.body, d);
        return;
      }
      case "invariant":
        this.ident(d.name, this.simple("invariant", d.name, `invariant ${d.name.name}`));
        this.expr(d.cond, undefined);
        return;
      case "terminal":
        this.expr(d.cond, undefined);
        return;
      case "property":
        this.ident(d.name, this.simple("property", d.name, `property ${d.name.name}`));
        this.expr(d.p, undefined);
        if (d.q) this.expr(d.q, undefined);
        return;
      case "fairness":
        for (const n of d.names) this.ident(n, this.processTarget(n.name) ?? this.actionTarget(n.name));
        return;
      case "macro":
        this.ident(d.name, this.simple("macro", d.name, `macro ${d.name.name}(${d.params.map((p) => p.name).join(", ")})`));
        return;
      case "import":
        return;
    }
  }

  private block(b: A.Block, proc: A.ProcessDecl | undefined): void {
    for (const { label, stmt } of b.stmts) {
      if (label && proc) this.ident(label, this.labelTarget(proc, label.name));
      this.stmt(stmt, proc);
    }
  }

  private stmt(s: A.Stmt, proc: A.ProcessDecl | undefined): void {
    switch (s.kind) {
      case "assign":
        this.ident(s.target, this.fromBinding(this.checked?.refs.get(s.target.id)));
        this.accessors(s.path, proc);
        this.expr(s.value, proc);
        return;
      case "await":
      case "assert":
        this.expr(s.cond, proc);
        return;
      case "if":
        this.expr(s.cond, proc);
        this.block(s.then, proc);
        if (s.else) this.block(s.else, proc);
        return;
      case "either":
        for (const b of s.branches) this.block(b, proc);
        return;
      case "any":
        this.binder(s.binder, proc);
        if (s.where) this.expr(s.where, proc);
        this.block(s.body, proc);
        return;
      case "goto":
        if (proc) this.ident(s.label, this.labelTarget(proc, s.label.name));
        return;
      case "while":
        this.expr(s.cond, proc);
        this.block(s.body, proc);
        return;
      case "macroCall": {
        const m = this.decls.find((d): d is A.MacroDecl => d.kind === "macro" && d.name.name === s.callee.name) ?? this.compiled.parsed.ast.decls.find((d): d is A.MacroDecl => d.kind === "macro" && d.name.name === s.callee.name);
        if (m) this.ident(s.callee, this.simple("macro", m.name, `macro ${m.name.name}(${m.params.map((x) => x.name).join(", ")})`));
        for (const a of s.args) this.expr(a, proc);
        return;
      }
      default:
        this.generic(s, proc);
    }
  }

  private accessors(path: readonly A.Accessor[], proc: A.ProcessDecl | undefined): void {
    for (const a of path) if (a.kind === "index") this.expr(a.index, proc);
  }

  private binder(b: A.Binder, proc: A.ProcessDecl | undefined): void {
    this.ident(b.name, this.fromBinding(this.checked?.refs.get(b.name.id)));
    this.expr(b.domain, proc);
  }

  private typeExpr(t: A.TypeExpr | undefined): void {
    if (t === undefined) return;
    switch (t.kind) {
      case "namedType": this.ident(t.name, this.typeTarget(t.name.name)); return;
      case "rangeType": this.expr(t.lo, undefined); this.expr(t.hi, undefined); return;
      case "mapType": this.typeExpr(t.key); this.typeExpr(t.value); return;
      case "recordType": for (const f of t.fields) this.typeExpr(f.type); return;
      case "setType": this.typeExpr(t.elem); return;
      case "optionType": this.typeExpr(t.inner); return;
      case "errorType": return;
    }
  }

  private expr(e: A.Expr, proc: A.ProcessDecl | undefined): void {
    switch (e.kind) {
      case "name": {
        const b = this.checked?.refs.get(e.id);
        // Names in constant expressions (type bounds, say) are evaluated, not bound: look them up.
        this.record(e.span, e.name, this.fromBinding(b) ?? this.constTarget(e.name) ?? this.enumMemberTarget(e.name) ?? this.typeTarget(e.name) ?? this.processTarget(e.name));
        return;
      }
      case "call":
        this.ident(e.callee, this.fromBinding(this.checked?.refs.get(e.callee.id)));
        for (const a of e.args) this.expr(a, proc);
        return;
      case "binary":
        this.expr(e.left, proc);
        if (e.op === "at" && e.right.kind === "name") {
          const target = e.left.kind === "index" ? e.left.target : e.left;
          const p = target.kind === "name" ? this.processDecl(target.name) : undefined;
          if (p) this.record(e.right.span, e.right.name, this.labelTarget(p, e.right.name));
          return;
        }
        this.expr(e.right, proc);
        return;
      case "field":
        this.expr(e.target, proc);
        this.ident(e.field, this.fromBinding(this.checked?.refs.get(e.field.id)));
        return;
      case "quant": this.binder(e.binder, proc); this.expr(e.body, proc); return;
      case "let":
        this.ident(e.name, this.fromBinding(this.checked?.refs.get(e.name.id)));
        this.expr(e.value, proc);
        this.expr(e.body, proc);
        return;
      case "setFilter": this.binder(e.binder, proc); this.expr(e.cond, proc); return;
      case "setMap": this.binder(e.binder, proc); this.expr(e.elem, proc); return;
      case "mapLit": this.binder(e.binder, proc); this.expr(e.value, proc); return;
      case "with": this.expr(e.target, proc); this.accessors(e.path, proc); this.expr(e.value, proc); return;
      default:
        this.generic(e, proc);
    }
  }

  /** Sub-expressions of any other node. */
  private generic(x: object, proc: A.ProcessDecl | undefined): void {
    for (const [k, v] of Object.entries(x)) {
      if (k === "span" || k === "opSpan") continue;
      const visit = (y: unknown): void => {
        if (y !== null && typeof y === "object" && "kind" in y && typeof (y as { kind: unknown }).kind === "string" && "span" in y) this.expr(y as A.Expr, proc);
      };
      if (Array.isArray(v)) v.forEach(visit);
      else visit(v);
    }
  }

  // ---------------------------------------------------------------- targets
  private simple(kind: TargetKind, name: A.Ident, detail: string): Target {
    return { key: `${kind}:${name.name}`, kind, name: name.name, decl: name.span, detail };
  }

  private globalBinding(name: string): Binding | undefined {
    for (const b of this.checked?.refs.values() ?? []) if (b.k === "const" && b.name === name) return b;
    return undefined;
  }

  private constTarget(name: string): Target | undefined {
    const d = this.decls.find((x): x is A.ConstDecl => x.kind === "const" && x.name.name === name);
    if (d === undefined) return undefined;
    return this.fromBinding(this.globalBinding(name)) ?? this.simple("const", d.name, `const ${name}`);
  }

  private enumMemberTarget(name: string): Target | undefined {
    for (const d of this.decls) {
      if (d.kind !== "enum") continue;
      const i = d.members.findIndex((m) => m.name === name);
      const m = d.members[i];
      if (m) return { key: `enumMember:${d.name.name}.${i}`, kind: "enumMember", name, decl: m.span, detail: `${name}: ${d.name.name}` };
    }
    return undefined;
  }

  private processDecl(name: string): A.ProcessDecl | undefined {
    return this.decls.find((d): d is A.ProcessDecl => d.kind === "process" && d.name.name === name);
  }

  private processTarget(name: string): Target | undefined {
    const d = this.processDecl(name);
    if (d === undefined) return undefined;
    const member = d.member ? `[${d.member.name.name} in ${this.typeText(d.member.name.id)}]` : "";
    return { key: `process:${name}`, kind: "process", name, decl: d.name.span, detail: `process ${name}${member}` };
  }

  private actionTarget(name: string): Target | undefined {
    const d = this.decls.find((x): x is A.ActionDecl => x.kind === "action" && x.name.name === name);
    return d ? this.simple("action", d.name, `action ${name}`) : undefined;
  }

  private labelTarget(proc: A.ProcessDecl, name: string): Target | undefined {
    const decl = this.checked?.processes.find((p) => p.decl === proc)?.labels.get(name) ?? findLabel(proc.body, name);
    if (decl === undefined) return undefined;
    return { key: `label:${proc.name.name}:${name}`, kind: "label", name, decl: decl.span, detail: `${name}: a step of process ${proc.name.name}` };
  }

  private typeTarget(name: string): Target | undefined {
    const d = this.decls.find((x): x is A.EnumDecl | A.TypeDecl => (x.kind === "enum" || x.kind === "typeDecl") && x.name.name === name);
    if (d === undefined) return name === "Bool" ? { key: "type:Bool", kind: "type", name, decl: undefined, detail: "type Bool = false | true" } : undefined;
    if (d.kind === "enum") return { key: `type:${name}`, kind: "enum", name, decl: d.name.span, detail: `enum ${name} { ${d.members.map((m) => m.name).join(", ")} }` };
    const text = (d.type.span.file?.text ?? this.compiled.file.text).slice(d.type.span.start, d.type.span.end);
    return { key: `type:${name}`, kind: "type", name, decl: d.name.span, detail: `type ${name} = ${text.replace(/\s+/g, " ")}` };
  }

  private varTarget(d: A.VarDecl): Target {
    const info = this.checked?.vars.find((v) => v.decl === d);
    return { key: `var:${d.name.name}`, kind: "var", name: d.name.name, decl: d.name.span, detail: `var ${d.name.name}: ${info ? show(info.type) : "?"}` };
  }

  private localTarget(proc: A.ProcessDecl, d: A.VarDecl): Target {
    const info = this.checked?.processes.find((p) => p.decl === proc)?.locals.find((l) => l.decl === d);
    return {
      key: `local:${proc.name.name}.${d.name.name}`, kind: "local", name: d.name.name, decl: d.name.span,
      detail: `var ${d.name.name}: ${info ? show(info.type) : "?"}  (local of process ${proc.name.name})`,
    };
  }

  private defTarget(d: A.DefDecl): Target {
    const b = this.checked !== undefined ? [...this.checked.refs.values()].find((x) => x.k === "def" && x.decl === d) : undefined;
    const sig = b?.k === "def" ? `(${d.params.map((p, i) => `${p.name.name}: ${show(b.params[i]!)}`).join(", ")}): ${show(b.result)}` : "(...)";
    return { key: `def:${d.name.name}`, kind: "def", name: d.name.name, decl: d.name.span, detail: `def ${d.name.name}${sig}` };
  }

  private typeText(id: number): string {
    const b = this.checked?.refs.get(id);
    return b && (b.k === "self" || b.k === "bound") ? show(b.type) : "?";
  }

  private fromBinding(b: Binding | undefined): Target | undefined {
    if (b === undefined) return undefined;
    switch (b.k) {
      case "const": {
        const type = b.type.k === "range" ? show(b.type) : typeof b.value === "boolean" ? "Bool" : "Int";
        return { key: `const:${b.name}`, kind: "const", name: b.name, decl: b.decl?.name.span, detail: `const ${b.name}: ${type} = ${String(b.value)}` };
      }
      case "enumMember": {
        const t = b.type;
        if (t.k !== "enum") return undefined;
        const d = this.decls.find((x): x is A.EnumDecl => x.kind === "enum" && x.name.name === t.name);
        const m = d?.members[b.index];
        return { key: `enumMember:${t.name}.${b.index}`, kind: "enumMember", name: t.members[b.index] ?? "", decl: m?.span, detail: `${t.members[b.index] ?? ""}: ${t.name}` };
      }
      case "type":
        return b.type.k === "enum" ? this.typeTarget(b.type.name) : undefined;
      case "var":
        return this.varTarget(b.info.decl);
      case "local":
        return this.localTarget(b.proc.decl, b.info.decl);
      case "self": {
        const m = b.proc.decl.member;
        if (m === undefined) return undefined;
        return { key: `bound:${m.name.id}`, kind: "bound", name: m.name.name, decl: m.name.span, detail: `${m.name.name}: ${show(b.type)}  (member of process ${b.proc.name})` };
      }
      case "bound": {
        const decl = this.nodesById.get(b.id)?.span;
        return { key: `bound:${b.id}`, kind: "bound", name: b.name, decl, detail: `${b.name}: ${show(b.type)}` };
      }
      case "def":
        return this.defTarget(b.decl);
      case "process":
        return this.processTarget(b.proc.name);
      case "builtin":
        return { key: `builtin:${b.name}`, kind: "builtin", name: b.name, decl: undefined, detail: BUILTIN_SIGNATURES[b.name] ?? b.name };
    }
  }
}

function findLabel(b: A.Block, name: string): A.Ident | undefined {
  for (const { label, stmt } of b.stmts) {
    if (label?.name === name) return label;
    const inner = stmt.kind === "if" ? [stmt.then, stmt.else] : stmt.kind === "either" ? stmt.branches : stmt.kind === "while" || stmt.kind === "any" ? [stmt.body] : [];
    for (const x of inner) {
      const found = x ? findLabel(x, name) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Renames `target` to `newName` in the document text, or says why it would change the meaning: the
 * renamed spec must have no new error, the renamed occurrences must still name one thing, and every
 * other name must still name what it named (no capture by, or of, the new name).
 */
export function rename(index: DocumentIndex, target: Target, newName: string, compile: (text: string) => DocumentIndex): { text: string; occurrences: Occurrence[] } | { error: string } {
  const text = index.compiled.file.text;
  const renamed = index.occurrences(target);
  const delta = newName.length - target.name.length;
  let out = "";
  let last = 0;
  for (const o of renamed) {
    out += text.slice(last, o.start) + newName;
    last = o.end;
  }
  out += text.slice(last);
  const shift = (offset: number): number => offset + delta * renamed.filter((o) => o.start < offset).length;
  const after = compile(out);
  const errors = (ix: DocumentIndex): number => ix.compiled.diagnostics.filter((d) => d.severity === "error").length;
  if (errors(after) > errors(index)) {
    const first = after.compiled.diagnostics.find((d) => d.severity === "error" && !index.compiled.diagnostics.some((e) => e.code === d.code && e.message === d.message));
    return { error: `renaming '${target.name}' to '${newName}' would make the spec wrong${first ? `: ${first.message}` : ""}` };
  }
  // What a name refers to, by where it is declared (keys hold names, which the rename changes).
  const where = (t: Target, moved: boolean): string =>
    t.decl === undefined ? t.key : `${t.kind}@${t.decl.file?.path ?? ""}:${t.decl.file !== undefined || !moved ? t.decl.start : shift(t.decl.start)}`;
  const wanted = where(target, true);
  for (const o of index.all()) {
    const now = after.at(shift(o.start));
    if (now === undefined || where(now.target, false) !== where(o.target, true)) {
      const what = o.target.key === target.key ? "the renamed names" : `'${o.target.name}'`;
      return { error: `renaming '${target.name}' to '${newName}' would change what ${what} refer${what.startsWith("'") ? "s" : ""} to` };
    }
    if (o.target.key !== target.key && where(now.target, false) === wanted) return { error: `renaming '${target.name}' to '${newName}' would change what '${o.target.name}' refers to` };
  }
  return { text: out, occurrences: renamed };
}
