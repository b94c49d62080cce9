// Phase 2+3: name resolution and type checking in one walk over the AST. Results go to side tables
// (`refs`, `types`, `domains`) keyed by node id; user errors are diagnostics KS2xxx (names) and
// KS3xxx (types), never exceptions. Static checks over statements live in `static-checks.ts`.
import { closest, error, warning, type Diagnostic } from "../diag/diagnostic.ts";
import type * as A from "../syntax/ast.ts";
import type { Parsed } from "../syntax/index.ts";
import { evalConst, type ConstValue } from "./consts.ts";
import type { Binding, Checked, Domain, LocalInfo, ProcessInfo, VarInfo } from "./model.ts";
import { staticChecks } from "./static-checks.ts";
import { initOrder } from "./init-order.ts";
import {
  assignable, BOOL, cardinality, leafCount, isEmptyRange, sameKeys, comparable, EMPTY_SET, ERROR, INT, isEmptySet, isFiniteScalar, isIntLike, isNone, NONE_TYPE, show, slotRange, type ScalarType, type Type,
} from "./types.ts";

const BUILTINS = ["card", "min", "max", "unwrap"] as const;
const MAX_SET_CODE = 30;
/** A stored integer is one Int32 slot; -2^31 is the code of `none`. */
const MAX_SLOT = 2 ** 31 - 1;
/** Integers beyond this lose exactness in JavaScript arithmetic. */
const MAX_INT = Number.MAX_SAFE_INTEGER;
/** Every value a stored integer can have. */
const SLOT_RANGE: Type = { k: "range", lo: -MAX_SLOT, hi: MAX_SLOT };
/** Slots of one state (scalar leaves of every variable, process counter and local). */
const MAX_SLOTS = 1 << 20;
/** Initializers with a choice (`in`), counted per family member. */
const MAX_CHOICES = 256;

interface Scope {
  readonly names: Map<string, Binding>;
  readonly parent: Scope | undefined;
}

interface Ctx {
  readonly scope: Scope;
  /** The process whose step is being checked (self, locals, labels). */
  readonly proc: ProcessInfo | undefined;
  /** May state variables be read here? (not in constants and types) */
  readonly state: boolean;
}

export interface AnalyzeOptions {
  /** `--const NAME=VALUE` overrides, already split. */
  readonly constOverrides?: ReadonlyMap<string, string>;
}

export function analyze(parsed: Parsed, opts: AnalyzeOptions = {}): Checked {
  return new Analyzer(parsed, opts).run();
}

class Analyzer {
  private readonly diags: Diagnostic[] = [];
  /** Named asserts met while checking statements (a macro's assert once per call, same span). */
  private readonly assertNames: A.Ident[] = [];
  private readonly refs = new Map<number, Binding>();
  private readonly types = new Map<number, Type>();
  private readonly domains = new Map<number, Domain>();
  private readonly globals = new Map<string, Binding>();
  private readonly globalSpans = new Map<string, A.Span>();
  private readonly consts = new Map<string, ConstValue>();
  private readonly vars: VarInfo[] = [];
  private readonly processes: ProcessInfo[] = [];
  private readonly actions: { decl: A.ActionDecl; params: Type[] }[] = [];
  private readonly used = new Set<string>();
  private readonly parsed: Parsed;
  private readonly opts: AnalyzeOptions;

  constructor(parsed: Parsed, opts: AnalyzeOptions) {
    this.parsed = parsed;
    this.opts = opts;
  }

  run(): Checked {
    const ast = this.parsed.ast;
    for (const b of BUILTINS) this.globals.set(b, { k: "builtin", name: b });
    this.globals.set("Bool", { k: "type", type: BOOL });
    // Declarations are visible everywhere, but constants and types are evaluated in order.
    const overrides = new Map(this.opts.constOverrides ?? []);
    for (const d of ast.decls) {
      switch (d.kind) {
        case "const": this.declareConst(d, overrides); break;
        case "enum": this.declareEnum(d); break;
        case "typeDecl": this.define(d.name, { k: "type", type: this.typeOf(d.type) }); break;
        default: break;
      }
    }
    for (const [name] of overrides) {
      this.diags.push(error("KS2006", undefined, `--const ${name}: the spec declares no constant '${name}'`, hintFor(name, this.constNames())));
    }
    for (const d of ast.decls) {
      if (d.kind === "var") {
        const info: VarInfo = { decl: d, name: d.name.name, type: this.storableType(d.type) };
        this.vars.push(info);
        this.define(d.name, { k: "var", info });
      } else if (d.kind === "def") {
        this.define(d.name, { k: "def", decl: d, params: d.params.map((p) => this.typeOf(p.type)), result: this.typeOf(d.result) });
      } else if (d.kind === "process") {
        this.declareProcess(d);
      }
    }
    const top: Ctx = { scope: { names: new Map(), parent: undefined }, proc: undefined, state: true };
    // Initial values may read constants and the variables declared before them.
    for (const v of this.vars) this.checkInit(v.decl, v.type, top);
    for (const d of ast.decls) {
      switch (d.kind) {
        case "def": this.checkDef(d); break;
        case "action": this.checkAction(d, top); break;
        case "process": this.checkProcess(d); break;
        case "invariant": this.expect(d.cond, BOOL, top, "an invariant"); break;
        case "cover": this.expect(d.cond, BOOL, top, "a cover"); break;
        case "terminal": this.expect(d.cond, BOOL, top, "a terminal predicate"); break;
        case "property":
          this.expect(d.p, BOOL, top, "a temporal property");
          if (d.q) this.expect(d.q, BOOL, top, "a temporal property");
          break;
        case "fairness":
          for (const n of d.names) {
            const b = this.globals.get(n.name);
            if (b?.k === "process") {
              this.refs.set(n.id, b);
              this.used.add(n.name);
            } else if (this.actions.some((a) => a.decl.name.name === n.name) || ast.decls.some((x) => x.kind === "action" && x.name.name === n.name)) {
              this.used.add(n.name);
            } else if (n.name !== "") {
              const names = ast.decls.filter((x): x is A.ProcessDecl | A.ActionDecl => x.kind === "process" || x.kind === "action").map((x) => x.name.name);
              this.diags.push(error("KS2009", n.span, `'${n.name}' is not a process or an action`, hintFor(n.name, names) ?? "fairness applies to processes (each member) and actions"));
            }
          }
          break;
        default: break;
      }
    }
    if (!ast.name && ast.decls.length > 0) {
      this.diags.push(error("KS2007", { start: 0, end: 1 }, "a spec starts with `spec Name`", "add `spec MySpec` as the first line"));
    }
    this.unusedWarnings();
    this.propertyNames();
    const init = initOrder({ refs: this.refs, decls: [...this.vars.map((v) => v.decl), ...this.processes.flatMap((p) => p.locals.map((l) => l.decl))] });
    this.diags.push(...init.diagnostics);
    this.limitChoices();
    this.limitSize();
    const checked: Checked = {
      parsed: this.parsed,
      name: ast.name?.name ?? "Spec",
      consts: this.consts,
      refs: this.refs,
      types: this.types,
      domains: this.domains,
      vars: this.vars,
      initStages: init.stages,
      processes: this.processes,
      actions: this.actions,
      defs: ast.decls.filter((d): d is A.DefDecl => d.kind === "def"),
      invariants: ast.decls.filter((d): d is A.InvariantDecl => d.kind === "invariant"),
      covers: ast.decls.filter((d): d is A.CoverDecl => d.kind === "cover"),
      terminals: ast.decls.filter((d): d is A.TerminalDecl => d.kind === "terminal"),
      properties: ast.decls.filter((d): d is A.PropertyDecl => d.kind === "property"),
      fairness: ast.decls.filter((d): d is A.FairnessDecl => d.kind === "fairness"),
      diagnostics: this.diags,
    };
    this.diags.push(...staticChecks(checked));
    return checked;
  }

  /**
   * Every `in` initializer (one per member for a family's local) multiplies the initial states and
   * nests one loop in the generated code: past a few hundred neither is meaningful.
   */
  private limitChoices(): void {
    let count = 0;
    let first: A.VarDecl | undefined;
    for (const v of this.vars) if (v.decl.init.mode === "in") { count++; first ??= v.decl; }
    for (const p of this.processes) {
      const members = p.member ? cardinality(p.member) : 1;
      for (const l of p.locals) if (l.decl.init.mode === "in") { count += members; first ??= l.decl; }
    }
    if (count > MAX_CHOICES && first) {
      this.diags.push(error("KS3046", first.init.expr.span, `${count} initializers choose among values (\`in\`); kspec supports at most ${MAX_CHOICES}`, "every combination of their values is an initial state: give most of them one value with `=`, or use fewer members"));
    }
  }

  /**
   * A state is a vector of one slot per scalar leaf: a map over a hundred million keys, or a family
   * of a hundred million members, would exhaust memory in the compiler before any check began.
   */
  private limitSize(): void {
    let slots = 0;
    let biggest: { span: A.Span; slots: number } | undefined;
    const note = (span: A.Span, n: number): void => {
      slots += n;
      if (!biggest || n > biggest.slots) biggest = { span, slots: n };
    };
    for (const v of this.vars) note(v.decl.type.span, leafCount(v.type));
    for (const p of this.processes) {
      const members = p.member ? cardinality(p.member) : 1;
      note(p.decl.member?.span ?? p.decl.name.span, members * (1 + p.locals.reduce((n, l) => n + leafCount(l.type), 0)));
    }
    if (slots > MAX_SLOTS && biggest) {
      this.diags.push(error("KS3047", biggest.span, `a state would have ${slots.toLocaleString("en-US")} slots (this declaration: ${biggest.slots.toLocaleString("en-US")}); kspec supports at most ${MAX_SLOTS.toLocaleString("en-US")}`, "every map key, record field and family member is a slot of every state: use smaller ranges"));
    }
  }

  // ---------------------------------------------------------------- declarations
  private define(name: A.Ident, b: Binding): void {
    if (name.name === "") return;
    const prev = this.globalSpans.get(name.name);
    if (prev !== undefined || BUILTINS.includes(name.name as never) || name.name === "Bool") {
      const d = error("KS2002", name.span, `'${name.name}' is declared twice`, "give each declaration its own name");
      this.diags.push(prev ? { ...d, related: [{ span: prev, message: "first declared here" }] } : d);
      return;
    }
    this.globals.set(name.name, b);
    this.globalSpans.set(name.name, name.span);
  }

  private constNames(): string[] {
    return [...this.consts.keys()];
  }

  private declareConst(d: A.ConstDecl, overrides: Map<string, string>): void {
    const declared = d.type ? this.typeOf(d.type) : undefined;
    let value = this.constValue(d.value);
    const ov = overrides.get(d.name.name);
    if (ov !== undefined) {
      overrides.delete(d.name.name);
      const parsedOv = /^-?[0-9]+$/.test(ov) ? Number(ov) : ov === "true" ? true : ov === "false" ? false : undefined;
      if (typeof parsedOv === "number" && !Number.isSafeInteger(parsedOv)) {
        this.diags.push(error("KS3009", d.span, `--const ${d.name.name}=${ov}: the integer is too large`, `integers lie within ${-MAX_INT} .. ${MAX_INT} (2^53 - 1), where arithmetic is exact`));
      } else if (parsedOv === undefined || typeof parsedOv !== typeof value) {
        this.diags.push(error("KS3020", d.span, `--const ${d.name.name}=${ov}: expected ${typeof value === "boolean" ? "true or false" : "an integer"}`, `'${d.name.name}' is declared here`));
      } else {
        value = parsedOv;
      }
    }
    if (value === undefined) return;
    const type: Type = typeof value === "boolean" ? BOOL : INT;
    if (declared && declared.k === "range" && typeof value === "number" && (value < declared.lo || value > declared.hi)) {
      this.diags.push(error("KS3021", d.value.span, `constant ${d.name.name} = ${value} is outside its type ${show(declared)}`));
    }
    this.consts.set(d.name.name, value);
    this.define(d.name, { k: "const", name: d.name.name, value, type: declared ?? type, decl: d });
  }

  private constValue(e: A.Expr): ConstValue | undefined {
    const r = evalConst(e, (name) => {
      const b = this.globals.get(name);
      if (b?.k === "const") {
        this.used.add(name);
        return b.value;
      }
      if (b?.k === "enumMember") return b.index;
      return undefined;
    });
    if (!r.ok) {
      if (r.span) this.diags.push(error("KS3022", r.span, r.message, "constants and type bounds are built from numbers and other constants"));
      return undefined;
    }
    return r.value;
  }

  private declareEnum(d: A.EnumDecl): void {
    const type: Type = { k: "enum", name: d.name.name, members: d.members.map((m) => m.name) };
    this.define(d.name, { k: "type", type });
    d.members.forEach((m, index) => this.define(m, { k: "enumMember", type, index }));
  }

  private declareProcess(d: A.ProcessDecl): void {
    let member: ScalarType | undefined;
    if (d.member) {
      const dom = this.domainOf(d.member, { scope: { names: new Map(), parent: undefined }, proc: undefined, state: false });
      const elem = dom.k === "type" ? dom.type : dom.k === "range" ? dom.elem : ERROR;
      if (isFiniteScalar(elem)) member = elem;
      else if (dom.k === "set") this.diags.push(error("KS3030", d.member.domain.span, "a process family ranges over a type or a range with constant bounds, not a set", "write `process P[i in 1 .. N]` or `process P[i in SomeEnum]`"));
      else if (elem.k !== "error") this.diags.push(error("KS3030", d.member.domain.span, "a process family ranges over a finite domain with constant bounds", "write `process P[i in 1 .. N]` or `process P[i in SomeEnum]`"));
    }
    const labels = new Map<string, A.Ident>();
    const proc: ProcessInfo = { decl: d, name: d.name.name, member, locals: [], labels };
    collectLabels(d.body, (l) => {
      if (labels.has(l.name)) this.diags.push(error("KS2003", l.span, `label '${l.name}' is used twice in process ${d.name.name}`));
      else labels.set(l.name, l);
    });
    for (const v of d.locals) {
      const info: LocalInfo = { decl: v, name: v.name.name, type: this.storableType(v.type) };
      if (proc.locals.some((l) => l.name === info.name)) this.diags.push(error("KS2002", v.name.span, `local '${info.name}' is declared twice`));
      proc.locals.push(info);
    }
    this.processes.push(proc);
    this.define(d.name, { k: "process", proc });
    const first = d.body.stmts[0];
    if (first && !first.label) {
      this.diags.push(error("KS3040", first.stmt.span, `the body of process ${d.name.name} must start with a label`, "write a label such as `start:` before the first statement"));
    }
  }

  private storableType(t: A.TypeExpr): Type {
    const ty = this.typeOf(t);
    if (ty.k === "int") {
      this.diags.push(error("KS3001", t.span, "a stored value needs a finite type", "use a range such as `0 .. 7`"));
      return ERROR;
    }
    return ty;
  }

  // ---------------------------------------------------------------- types
  private typeOf(t: A.TypeExpr): Type {
    switch (t.kind) {
      case "errorType":
        return ERROR;
      case "namedType": {
        const b = this.globals.get(t.name.name);
        if (b?.k === "type") {
          this.used.add(t.name.name);
          return b.type;
        }
        if (t.name.name === "") return ERROR;
        if (b) {
          this.diags.push(error("KS3002", t.span, `'${t.name.name}' is not a type`));
        } else {
          this.diags.push(error("KS2001", t.span, `unknown type '${t.name.name}'`, hintFor(t.name.name, this.typeNames())));
        }
        return ERROR;
      }
      case "rangeType": {
        if (t.hi.kind === "error" && t.lo.kind !== "error") {
          this.diags.push(error("KS3002", t.span, "expected a type", "types are Bool, `lo .. hi`, an enum or alias, `[K] V`, `Set[T]`, `{ f: T }` or `T?`"));
          return ERROR;
        }
        const lo = this.constValue(t.lo);
        const hi = this.constValue(t.hi);
        if (typeof lo !== "number" || typeof hi !== "number") {
          if ((lo !== undefined && typeof lo !== "number") || (hi !== undefined && typeof hi !== "number")) {
            this.diags.push(error("KS3003", t.span, "range bounds must be integers"));
          }
          return ERROR;
        }
        if (lo > hi) {
          this.diags.push(error("KS3004", t.span, `empty range ${lo} .. ${hi}`, "the lower bound must not exceed the upper bound"));
          return ERROR;
        }
        if (lo < -MAX_SLOT || hi > MAX_SLOT) {
          this.diags.push(error("KS3008", t.span, `range ${lo} .. ${hi} does not fit in a state slot`, `a stored integer lies within ${-MAX_SLOT} .. ${MAX_SLOT} (32 bits; -2^31 stands for \`none\`)`));
          return ERROR;
        }
        return { k: "range", lo, hi };
      }
      case "optionType": {
        const inner = this.typeOf(t.inner);
        if (inner.k === "error") return ERROR;
        if (!isFiniteScalar(inner)) {
          this.diags.push(error("KS3005", t.span, `options of ${show(inner)} are not supported`, "an option wraps Bool, an enum or a range; use a record with a Bool flag"));
          return ERROR;
        }
        return { k: "option", inner };
      }
      case "setType": {
        const elem = this.typeOf(t.elem);
        if (elem.k === "error") return ERROR;
        const r = isFiniteScalar(elem) ? slotRange(elem) : undefined;
        if (!r || r.lo < 0 || r.hi > MAX_SET_CODE) {
          this.diags.push(error("KS3006", t.span, `a set's elements must be Bool, an enum or a range within 0 .. ${MAX_SET_CODE}, not ${show(elem)}`, "use a map to Bool for larger domains"));
          return ERROR;
        }
        return { k: "set", elem };
      }
      case "mapType": {
        const key = this.typeOf(t.key);
        const value = this.typeOf(t.value);
        if (key.k === "error" || value.k === "error") return ERROR;
        if (!isFiniteScalar(key)) {
          this.diags.push(error("KS3007", t.key.span, `a map key must be Bool, an enum or a range, not ${show(key)}`));
          return ERROR;
        }
        if (value.k === "int") {
          this.diags.push(error("KS3001", t.value.span, "a stored value needs a finite type", "use a range such as `0 .. 7`"));
          return ERROR;
        }
        return { k: "map", key, value };
      }
      case "recordType": {
        const fields: { name: string; type: Type }[] = [];
        for (const f of t.fields) {
          if (fields.some((g) => g.name === f.name.name)) this.diags.push(error("KS2002", f.name.span, `field '${f.name.name}' is declared twice`));
          fields.push({ name: f.name.name, type: this.typeOf(f.type) });
        }
        return fields.some((f) => f.type.k === "error") ? ERROR : { k: "record", fields };
      }
    }
  }

  private typeNames(): string[] {
    return [...this.globals].filter(([, b]) => b.k === "type").map(([n]) => n);
  }

  // ---------------------------------------------------------------- bodies
  private checkInit(d: A.VarDecl, type: Type, ctx: Ctx): void {
    if (d.init.mode === "eq") {
      this.expectAssignable(d.init.expr, type, ctx);
    } else {
      if (!isFiniteScalar(type) && type.k !== "option" && type.k !== "error") {
        this.diags.push(error("KS3010", d.init.expr.span, `'in' initializes only scalar variables, not ${show(type)}`, "use `= value`"));
      }
      const dom = this.domainExpr(d.init.expr, ctx);
      if (dom.k !== "error") {
        const elem = dom.k === "type" ? dom.type : dom.elem;
        if (!assignable(elem, type)) this.diags.push(error("KS3011", d.init.expr.span, `elements of this domain are ${show(elem)}, not ${show(type)}`));
      }
      this.domains.set(d.init.expr.id, dom);
    }
  }

  private checkDef(d: A.DefDecl): void {
    const names = new Map<string, Binding>();
    d.params.forEach((p) => {
      const b: Binding = { k: "bound", id: p.name.id, name: p.name.name, type: this.typeOf(p.type) };
      names.set(p.name.name, b);
      this.refs.set(p.name.id, b);
    });
    const ctx: Ctx = { scope: { names, parent: undefined }, proc: undefined, state: true };
    this.expectAssignable(d.body, this.typeOf(d.result), ctx);
    if (this.callsItself(d)) {
      this.diags.push(error("KS3012", d.name.span, `def ${d.name.name} calls itself`, "definitions are not recursive: every state is finite, write the iteration with forall/exists or a set comprehension"));
    }
  }

  /** Does `d` reach itself through calls (directly or through other definitions)? */
  private callsItself(d: A.DefDecl): boolean {
    const defs = new Map(this.parsed.ast.decls.filter((x): x is A.DefDecl => x.kind === "def").map((x) => [x.name.name, x]));
    const seen = new Set<string>();
    const todo = calledNames(d.body);
    while (todo.length > 0) {
      const name = todo.pop()!;
      if (name === d.name.name) return true;
      if (seen.has(name)) continue;
      seen.add(name);
      const callee = defs.get(name);
      if (callee) todo.push(...calledNames(callee.body));
    }
    return false;
  }

  private checkAction(d: A.ActionDecl, top: Ctx): void {
    const names = new Map<string, Binding>();
    const params: Type[] = [];
    for (const p of d.params) {
      const dom = this.domainOf(p, top);
      const elem = dom.k === "type" ? dom.type : dom.k === "error" ? ERROR : dom.elem;
      params.push(elem);
      const b: Binding = { k: "bound", id: p.name.id, name: p.name.name, type: elem };
      names.set(p.name.name, b);
      this.refs.set(p.name.id, b);
    }
    this.actions.push({ decl: d, params });
    this.block(d.body, { scope: { names, parent: top.scope }, proc: undefined, state: true });
  }

  private checkProcess(d: A.ProcessDecl): void {
    const proc = this.processes.find((p) => p.decl === d)!;
    const names = new Map<string, Binding>();
    if (d.member && proc.member) {
      const b: Binding = { k: "self", proc, type: proc.member };
      names.set(d.member.name.name, b);
      this.refs.set(d.member.name.id, b);
    }
    const ctx: Ctx = { scope: { names, parent: undefined }, proc, state: true };
    // Locals are initialized in order, and may read self, globals and earlier locals.
    for (const l of proc.locals) {
      this.checkInit(l.decl, l.type, ctx);
      names.set(l.name, { k: "local", proc, info: l });
    }
    for (const idle of d.idle) {
      for (const l of idle.labels) {
        if (l.name !== "" && !proc.labels.has(l.name)) this.diags.push(error("KS2004", l.span, `unknown label '${l.name}' in process ${proc.name}`, hintFor(l.name, proc.labels.keys())));
      }
      if (idle.cond) this.expect(idle.cond, BOOL, ctx, "an idle predicate");
    }
    this.block(d.body, ctx);
  }

  private block(b: A.Block, ctx: Ctx): void {
    for (const { stmt } of b.stmts) this.stmt(stmt, ctx);
  }

  private stmt(s: A.Stmt, ctx: Ctx): void {
    switch (s.kind) {
      case "assign": {
        const t = this.assignTarget(s, ctx);
        this.expectAssignable(s.value, t, ctx);
        return;
      }
      case "await": this.expect(s.cond, BOOL, ctx, "`await`"); return;
      case "assert":
        if (s.name) this.assertNames.push(s.name);
        this.expect(s.cond, BOOL, ctx, "`assert`");
        return;
      case "if":
        this.expect(s.cond, BOOL, ctx, "`if`");
        this.block(s.then, ctx);
        if (s.else) this.block(s.else, ctx);
        return;
      case "either": for (const b of s.branches) this.block(b, ctx); return;
      case "any": {
        const inner = this.bind(s.binder, ctx);
        if (s.where) this.expect(s.where, BOOL, inner, "`where`");
        this.block(s.body, inner);
        return;
      }
      case "goto": {
        if (!ctx.proc) {
          this.diags.push(error("KS3041", s.span, "`goto` is only allowed inside a process", "an action is a single atomic step"));
        } else if (s.label.name !== "" && !ctx.proc.labels.has(s.label.name)) {
          this.diags.push(error("KS2004", s.label.span, `unknown label '${s.label.name}' in process ${ctx.proc.name}`, hintFor(s.label.name, ctx.proc.labels.keys())));
        }
        return;
      }
      case "while":
        this.expect(s.cond, BOOL, ctx, "`while`");
        if (!ctx.proc) this.diags.push(error("KS3041", s.span, "`while` is only allowed inside a process", "an action is a single atomic step; use `forall`, `exists` or a map literal"));
        this.block(s.body, ctx);
        return;
      case "skip":
        return;
    }
  }

  private assignTarget(s: A.Assign, ctx: Ctx): Type {
    const name = s.target.name;
    if (name === "") return ERROR;
    const b = this.lookup(name, ctx);
    let t: Type;
    if (b?.k === "var") {
      t = b.info.type;
    } else if (b?.k === "local" && b.proc === ctx.proc) {
      t = b.info.type;
    } else {
      if (!b) this.diags.push(error("KS2001", s.target.span, `unknown variable '${name}'`, hintFor(name, this.assignableNames(ctx))));
      else this.diags.push(error("KS3013", s.target.span, `'${name}' is not a variable`, "only state variables and the process's own locals can be assigned"));
      return ERROR;
    }
    this.refs.set(s.target.id, b);
    this.used.add(b.k === "local" ? `${b.proc.name}.${name}` : name);
    for (const a of s.path) t = this.access(t, a, ctx);
    return t;
  }

  private assignableNames(ctx: Ctx): string[] {
    const out = this.vars.map((v) => v.name);
    if (ctx.proc) out.push(...ctx.proc.locals.map((l) => l.name));
    return out;
  }

  /** The type reached through `.f` or `[i]` from a value of type `t`. */
  private access(t: Type, a: A.Accessor, ctx: Ctx): Type {
    if (a.kind === "field") {
      if (t.k === "error") return ERROR;
      if (t.k !== "record") {
        this.diags.push(error("KS3014", a.field.span, `${show(t)} has no fields`));
        return ERROR;
      }
      const f = t.fields.find((g) => g.name === a.field.name);
      if (!f) {
        this.diags.push(error("KS2005", a.field.span, `no field '${a.field.name}' in ${show(t)}`, hintFor(a.field.name, t.fields.map((g) => g.name))));
        return ERROR;
      }
      return f.type;
    }
    const it = this.expr(a.index, ctx);
    if (t.k === "error") return ERROR;
    if (t.k !== "map") {
      this.diags.push(error("KS3015", a.index.span, `${show(t)} cannot be indexed`, "only maps `[K] V` are indexed"));
      return ERROR;
    }
    if (!comparable(it, t.key) || it.k === "option") this.diags.push(error("KS3016", a.index.span, `this map is indexed by ${show(t.key)}, not ${show(it)}`));
    return t.value;
  }

  // ---------------------------------------------------------------- binders and domains
  private bind(b: A.Binder, ctx: Ctx): Ctx {
    const dom = this.domainOf(b, ctx);
    const elem = dom.k === "type" ? dom.type : dom.k === "error" ? ERROR : dom.elem;
    const binding: Binding = { k: "bound", id: b.name.id, name: b.name.name, type: elem };
    this.refs.set(b.name.id, binding);
    return { ...ctx, scope: { names: new Map([[b.name.name, binding]]), parent: ctx.scope } };
  }

  private domainOf(b: A.Binder, ctx: Ctx): Domain {
    const d = this.domainExpr(b.domain, ctx);
    this.domains.set(b.id, d);
    return d;
  }

  /** A domain: a type name, a process family, `a .. b`, or a set-valued expression. */
  private domainExpr(e: A.Expr, ctx: Ctx): Domain {
    if (e.kind === "error") return { k: "error" };
    if (e.kind === "binary" && e.op === "..") {
      const lo = this.expr(e.left, ctx);
      const hi = this.expr(e.right, ctx);
      this.types.set(e.id, { k: "set", elem: INT });
      if (!isIntLike(lo) || !isIntLike(hi)) {
        // A bound the parser could not read was reported already.
        if (lo.k !== "error" && hi.k !== "error") this.diags.push(error("KS3017", e.span, "range bounds must be integers"));
        return { k: "error" };
      }
      const clo = this.constValueQuiet(e.left);
      const chi = this.constValueQuiet(e.right);
      // A constant range: its own type; an empty one (`1 .. 0`) the empty range, like `{}`.
      const elem: Type = typeof clo === "number" && typeof chi === "number" ? (clo <= chi ? { k: "range", lo: clo, hi: chi } : { k: "range", lo: 0, hi: -1 }) : INT;
      return { k: "range", elem };
    }
    if (e.kind === "name") {
      const b = this.lookup(e.name, ctx);
      if (b?.k === "process" && b.proc.member) {
        this.refs.set(e.id, b);
        this.used.add(e.name);
        this.types.set(e.id, { k: "set", elem: b.proc.member });
        return { k: "type", type: b.proc.member };
      }
      if (b?.k === "type") {
        this.refs.set(e.id, b);
        this.used.add(e.name);
        if (!isFiniteScalar(b.type)) {
          this.diags.push(error("KS3018", e.span, `cannot range over ${show(b.type)}`, "a domain is Bool, an enum, a range or a set"));
          return { k: "error" };
        }
        this.types.set(e.id, { k: "set", elem: b.type });
        return { k: "type", type: b.type };
      }
    }
    const t = this.expr(e, ctx);
    if (t.k === "error") return { k: "error" };
    if (t.k !== "set") {
      this.diags.push(error("KS3018", e.span, `cannot range over ${show(t)}`, "a domain is a type name, `a .. b`, a set, or a process family"));
      return { k: "error" };
    }
    return { k: "set", elem: t.elem };
  }

  private constValueQuiet(e: A.Expr): ConstValue | undefined {
    const r = evalConst(e, (name) => {
      const b = this.globals.get(name);
      return b?.k === "const" ? b.value : b?.k === "enumMember" ? b.index : undefined;
    });
    return r.ok ? r.value : undefined;
  }

  // ---------------------------------------------------------------- expressions
  private lookup(name: string, ctx: Ctx): Binding | undefined {
    for (let s: Scope | undefined = ctx.scope; s; s = s.parent) {
      const b = s.names.get(name);
      if (b) return b;
    }
    return this.globals.get(name);
  }

  private visibleNames(ctx: Ctx): string[] {
    const out = new Set<string>();
    for (let s: Scope | undefined = ctx.scope; s; s = s.parent) for (const n of s.names.keys()) out.add(n);
    for (const [n, b] of this.globals) if (b.k !== "builtin") out.add(n);
    return [...out];
  }

  private expect(e: A.Expr, want: Type, ctx: Ctx, what: string): void {
    const t = this.expr(e, ctx);
    if (!assignable(t, want)) this.diags.push(error("KS3019", e.span, `${what} needs ${show(want)}, found ${show(t)}`));
  }

  private expectAssignable(e: A.Expr, want: Type, ctx: Ctx): void {
    const t = this.expr(e, ctx);
    if (!assignable(t, want)) {
      this.diags.push(error("KS3019", e.span, `expected ${show(want)}, found ${show(t)}`, t.k === "option" && want.k !== "option" ? "use unwrap(x) to take the value of an option" : undefined));
    }
  }

  private expr(e: A.Expr, ctx: Ctx): Type {
    const t = this.exprInner(e, ctx);
    this.types.set(e.id, t);
    return t;
  }

  private exprInner(e: A.Expr, ctx: Ctx): Type {
    switch (e.kind) {
      case "error": return ERROR;
      case "int":
        if (!Number.isSafeInteger(e.value)) {
          this.diags.push(error("KS3009", e.span, `the integer ${e.span.end - e.span.start > 24 ? "literal" : String(BigInt(Math.trunc(e.value)))} is too large`, `integers lie within ${-MAX_INT} .. ${MAX_INT} (2^53 - 1), where arithmetic is exact`));
          return ERROR;
        }
        return { k: "range", lo: e.value, hi: e.value };
      case "bool": return BOOL;
      case "none": return NONE_TYPE;
      case "self": {
        if (!ctx.proc) {
          this.diags.push(error("KS2008", e.span, "`self` is only defined inside a process"));
          return ERROR;
        }
        if (!ctx.proc.member) {
          this.diags.push(error("KS2008", e.span, `process ${ctx.proc.name} is not a family, so it has no \`self\``, "declare `process P[i in S]` to get one member per element"));
          return ERROR;
        }
        this.refs.set(e.id, { k: "self", proc: ctx.proc, type: ctx.proc.member });
        return ctx.proc.member;
      }
      case "name": return this.nameExpr(e, ctx);
      case "some": {
        const t = this.expr(e.value, ctx);
        if (t.k === "error") return ERROR;
        if (!isFiniteScalar(t) && t.k !== "int") {
          this.diags.push(error("KS3005", e.span, `options of ${show(t)} are not supported`));
          return ERROR;
        }
        return { k: "option", inner: t.k === "int" ? { k: "range", lo: -2147483647, hi: 2147483647 } : t };
      }
      case "call": return this.call(e, ctx);
      case "unary": {
        if (e.op === "not") {
          this.expect(e.operand, BOOL, ctx, "`not`");
          return BOOL;
        }
        this.expect(e.operand, INT, ctx, "unary `-`");
        return INT;
      }
      case "binary": return this.binary(e, ctx);
      case "quant": {
        const inner = this.bind(e.binder, ctx);
        this.expect(e.body, BOOL, inner, `\`${e.q}\``);
        return BOOL;
      }
      case "let": {
        const vt = this.expr(e.value, ctx);
        const binding: Binding = { k: "bound", id: e.name.id, name: e.name.name, type: vt };
        this.refs.set(e.name.id, binding);
        return this.expr(e.body, { ...ctx, scope: { names: new Map([[e.name.name, binding]]), parent: ctx.scope } });
      }
      case "ifExpr": {
        this.expect(e.cond, BOOL, ctx, "`if`");
        const a = this.expr(e.then, ctx);
        const b = this.expr(e.else, ctx);
        return this.join(a, b, e.span);
      }
      case "field": {
        if (e.target.kind === "name" || e.target.kind === "index") {
          const pl = this.processLocal(e, ctx);
          if (pl) return pl;
        }
        return this.access(this.expr(e.target, ctx), { kind: "field", field: e.field }, ctx);
      }
      case "index": {
        if (e.target.kind === "name") {
          const b = this.lookup(e.target.name, ctx);
          if (b?.k === "process") {
            this.diags.push(error("KS3031", e.span, `${e.target.name}[...] names a process member: use \`${e.target.name}[i].x\` or \`${e.target.name}[i] at label\``));
            return ERROR;
          }
        }
        return this.access(this.expr(e.target, ctx), { kind: "index", index: e.index }, ctx);
      }
      case "with": {
        const t = this.expr(e.target, ctx);
        let at = t;
        for (const a of e.path) at = this.access(at, a, ctx);
        this.expectAssignable(e.value, at, ctx);
        // The result holds the new part: `{ f: 0 } with .f = 2` is a { f: 0 .. 2 }, checked where
        // it is stored, not against the literal's own range.
        const vt = this.types.get(e.value.id) ?? at;
        // An unbounded integer (x + 1) may be any slot value until it is stored.
        const wider = widen(at, vt.k === "int" && at.k === "range" ? SLOT_RANGE : vt);
        return wider ? replacePart(t, e.path, wider) : t;
      }
      case "setLit": {
        let elem: Type | undefined;
        for (const x of e.elems) {
          const t = this.expr(x, ctx);
          elem = elem === undefined ? t : this.join(elem, t, x.span);
        }
        return elem === undefined ? EMPTY_SET : this.setOf(elem, e.span);
      }
      case "setFilter": {
        const inner = this.bind(e.binder, ctx);
        this.expect(e.cond, BOOL, inner, "a set filter");
        const d = this.domains.get(e.binder.id);
        const elem = !d || d.k === "error" ? ERROR : d.k === "type" ? d.type : d.elem;
        return this.setOf(elem, e.span);
      }
      case "setMap": {
        const inner = this.bind(e.binder, ctx);
        return this.setOf(this.expr(e.elem, inner), e.span);
      }
      case "mapLit": {
        const d = this.domainOf(e.binder, ctx);
        const key = d.k === "type" ? d.type : d.k === "error" ? ERROR : d.elem;
        const binding: Binding = { k: "bound", id: e.binder.name.id, name: e.binder.name.name, type: key };
        this.refs.set(e.binder.name.id, binding);
        const vt = this.expr(e.value, { ...ctx, scope: { names: new Map([[e.binder.name.name, binding]]), parent: ctx.scope } });
        if (key.k === "error" || vt.k === "error") return ERROR;
        if (!isFiniteScalar(key) || d.k === "set") {
          this.diags.push(error("KS3007", e.binder.domain.span, "a map literal ranges over a type or a range with constant bounds", "write `[p in Page: e]` or `[i in 0 .. N - 1: e]`"));
          return ERROR;
        }
        return { k: "map", key, value: vt };
      }
      case "recordLit": {
        const fields: { name: string; type: Type }[] = [];
        for (const f of e.fields) {
          if (fields.some((g) => g.name === f.name.name)) this.diags.push(error("KS2002", f.name.span, `field '${f.name.name}' is given twice`));
          fields.push({ name: f.name.name, type: this.expr(f.value, ctx) });
        }
        return fields.some((f) => f.type.k === "error") ? ERROR : { k: "record", fields };
      }
    }
  }

  private setOf(elem: Type, span: A.Span): Type {
    if (elem.k === "error") return ERROR;
    if (elem.k === "range" && elem.hi < elem.lo) return { k: "set", elem };
    const r = isFiniteScalar(elem) ? slotRange(elem) : elem.k === "int" ? { lo: 0, hi: MAX_SET_CODE } : undefined;
    if (!r || r.lo < 0 || r.hi > MAX_SET_CODE) {
      this.diags.push(error("KS3006", span, `a set's elements must be Bool, an enum or integers within 0 .. ${MAX_SET_CODE}, not ${show(elem)}`));
      return ERROR;
    }
    return { k: "set", elem };
  }

  /** The common type of two branches (if-then-else, set literal elements). */
  private join(a: Type, b: Type, span: A.Span): Type {
    if (a.k === "error" || b.k === "error") return ERROR;
    if (isIntLike(a) && isIntLike(b)) {
      if (a.k === "range" && b.k === "range") return { k: "range", lo: Math.min(a.lo, b.lo), hi: Math.max(a.hi, b.hi) };
      return INT;
    }
    // An unbounded integer beside an option: an option of any slot value (checked where it is stored).
    if (a.k === "int" && (b.k === "option" || isNone(b))) return this.join(SLOT_RANGE, b, span);
    if (b.k === "int" && (a.k === "option" || isNone(a))) return this.join(a, SLOT_RANGE, span);
    if (isNone(a)) return b.k === "option" ? b : isFiniteScalar(b) ? { k: "option", inner: b } : ERROR;
    if (isNone(b)) return a.k === "option" ? a : isFiniteScalar(a) ? { k: "option", inner: a } : ERROR;
    if (isEmptySet(a) && b.k === "set") return b;
    if (isEmptySet(b) && a.k === "set") return a;
    const widened = widen(a, b);
    if (widened) return widened;
    if (assignable(b, a)) return a;
    if (assignable(a, b)) return b;
    this.diags.push(error("KS3023", span, `branches have different types: ${show(a)} and ${show(b)}`));
    return ERROR;
  }

  private nameExpr(e: A.NameRef, ctx: Ctx): Type {
    const b = this.lookup(e.name, ctx);
    if (!b) {
      this.diags.push(error("KS2001", e.span, `unknown name '${e.name}'`, hintFor(e.name, this.visibleNames(ctx))));
      return ERROR;
    }
    this.refs.set(e.id, b);
    if (b.k !== "bound" && b.k !== "self" && b.k !== "local") this.used.add(e.name);
    switch (b.k) {
      case "const": return b.type.k === "bool" ? BOOL : typeof b.value === "number" ? { k: "range", lo: b.value, hi: b.value } : b.type;
      case "enumMember": return b.type;
      case "var":
        if (!ctx.state) this.diags.push(error("KS3024", e.span, `variable '${e.name}' cannot be used in a constant`));
        return b.info.type;
      case "local":
        if (b.proc !== ctx.proc) return ERROR;
        this.used.add(`${b.proc.name}.${e.name}`);
        return b.info.type;
      case "self": return b.type;
      case "bound": return b.type;
      case "type":
        if (isFiniteScalar(b.type)) return { k: "set", elem: b.type };
        this.diags.push(error("KS3025", e.span, `type '${e.name}' is not a value`));
        return ERROR;
      case "process":
        if (b.proc.member) return { k: "set", elem: b.proc.member };
        this.diags.push(error("KS3025", e.span, `process '${e.name}' is not a value`, `use \`${e.name} at label\` or \`${e.name}.x\``));
        return ERROR;
      case "def":
        this.diags.push(error("KS3026", e.span, `'${e.name}' is a definition: call it as ${e.name}(...)`));
        return ERROR;
      case "builtin":
        this.diags.push(error("KS3026", e.span, `'${e.name}' is a built-in function: call it as ${e.name}(...)`));
        return ERROR;
    }
  }

  /** `P[i].x` and `P.x`: the local `x` of a process member. */
  private processLocal(e: A.Field, ctx: Ctx): Type | undefined {
    const target = e.target;
    const nameNode = target.kind === "name" ? target : target.kind === "index" && target.target.kind === "name" ? target.target : undefined;
    if (!nameNode) return undefined;
    const b = this.lookup(nameNode.name, ctx);
    if (b?.k !== "process") return undefined;
    this.refs.set(nameNode.id, b);
    this.used.add(nameNode.name);
    const proc = b.proc;
    this.memberIndex(target, proc, ctx);
    const local = proc.locals.find((l) => l.name === e.field.name);
    if (!local) {
      this.diags.push(error("KS2005", e.field.span, `process ${proc.name} has no local '${e.field.name}'`, hintFor(e.field.name, proc.locals.map((l) => l.name))));
      return ERROR;
    }
    this.used.add(`${proc.name}.${local.name}`);
    this.refs.set(e.field.id, { k: "local", proc, info: local });
    return local.type;
  }

  /** Checks the `[i]` of `P[i]` (or its absence for a single process). */
  private memberIndex(target: A.Expr, proc: ProcessInfo, ctx: Ctx): void {
    if (target.kind === "index") {
      const it = this.expr(target.index, ctx);
      if (!proc.member) this.diags.push(error("KS3032", target.span, `process ${proc.name} is not a family: write \`${proc.name}.x\``));
      else if (!comparable(it, proc.member) || it.k === "option") this.diags.push(error("KS3016", target.index.span, `members of ${proc.name} are ${show(proc.member)}, not ${show(it)}`));
    } else if (proc.member) {
      this.diags.push(error("KS3032", target.span, `process ${proc.name} is a family: name a member, \`${proc.name}[i]\``));
    }
  }

  private binary(e: A.Binary, ctx: Ctx): Type {
    const op = e.op;
    switch (op) {
      case "and": case "or": case "implies":
        this.expect(e.left, BOOL, ctx, `\`${op}\``);
        this.expect(e.right, BOOL, ctx, `\`${op}\``);
        return BOOL;
      case "+": case "-": case "*": case "/": case "%":
        this.expect(e.left, INT, ctx, `\`${op}\``);
        this.expect(e.right, INT, ctx, `\`${op}\``);
        return INT;
      case "<": case "<=": case ">": case ">=":
        this.expect(e.left, INT, ctx, `\`${op}\``);
        this.expect(e.right, INT, ctx, `\`${op}\``);
        return BOOL;
      case "==": case "!=": {
        const a = this.expr(e.left, ctx);
        const b = this.expr(e.right, ctx);
        if (!comparable(a, b)) this.diags.push(error("KS3027", e.span, `cannot compare ${show(a)} with ${show(b)}`));
        return BOOL;
      }
      case "in": case "notin": {
        const a = this.expr(e.left, ctx);
        const d = this.domainExpr(e.right, ctx);
        this.domains.set(e.right.id, d);
        if (d.k !== "error") {
          const elem = d.k === "type" ? d.type : d.elem;
          if (!isEmptyRange(elem) && (!comparable(a, elem) || a.k === "option")) this.diags.push(error("KS3027", e.span, `cannot test ${show(a)} for membership in a set of ${show(elem)}`));
        }
        return BOOL;
      }
      case "subset": case "union": case "inter": case "diff": {
        const a = this.expr(e.left, ctx);
        const b = this.expr(e.right, ctx);
        if (a.k === "error" || b.k === "error") return op === "subset" ? BOOL : ERROR;
        if (a.k !== "set" || b.k !== "set" || !(isEmptySet(a) || isEmptySet(b) || comparable(a.elem, b.elem))) {
          this.diags.push(error("KS3028", e.span, `\`${op}\` needs two sets of the same element type, found ${show(a)} and ${show(b)}`));
          return op === "subset" ? BOOL : ERROR;
        }
        return op === "subset" ? BOOL : this.join(a, b, e.span);
      }
      case "..": {
        const d = this.domainExpr(e, ctx);
        if (d.k === "error") return ERROR;
        return { k: "set", elem: d.k === "type" ? d.type : d.elem };
      }
      case "at": {
        const target = e.left;
        const nameNode = target.kind === "name" ? target : target.kind === "index" && target.target.kind === "name" ? target.target : undefined;
        const b = nameNode ? this.lookup(nameNode.name, ctx) : undefined;
        if (!nameNode || b?.k !== "process") {
          this.diags.push(error("KS3029", target.span, "`at` tests a process's label: `P[i] at label` or `P at label`"));
          return BOOL;
        }
        this.refs.set(nameNode.id, b);
        this.used.add(nameNode.name);
        this.memberIndex(target, b.proc, ctx);
        if (e.right.kind !== "name") {
          this.diags.push(error("KS3029", e.right.span, "expected a label name after `at`"));
        } else if (e.right.name !== "done" && !b.proc.labels.has(e.right.name)) {
          this.diags.push(error("KS2004", e.right.span, `unknown label '${e.right.name}' in process ${b.proc.name}`, hintFor(e.right.name, b.proc.labels.keys())));
        }
        this.types.set(e.right.id, BOOL);
        return BOOL;
      }
    }
  }

  private call(e: A.Call, ctx: Ctx): Type {
    const name = e.callee.name;
    const b = this.lookup(name, ctx);
    const args = e.args.map((a) => this.expr(a, ctx));
    if (!b) {
      this.diags.push(error("KS2001", e.callee.span, `unknown function '${name}'`, hintFor(name, [...BUILTINS, ...this.parsed.ast.decls.filter((d) => d.kind === "def").map((d) => (d as A.DefDecl).name.name)])));
      return ERROR;
    }
    this.refs.set(e.callee.id, b);
    this.used.add(name);
    const arity = (n: number): boolean => {
      if (args.length === n) return true;
      this.diags.push(error("KS3033", e.span, `${name} takes ${n} argument${n === 1 ? "" : "s"}, given ${args.length}`));
      return false;
    };
    if (b.k === "builtin") {
      switch (b.name) {
        case "card":
          if (arity(1) && args[0]!.k !== "set" && args[0]!.k !== "error") this.diags.push(error("KS3019", e.args[0]!.span, `card needs a set, found ${show(args[0]!)}`));
          return INT;
        case "min": case "max":
          if (arity(2)) args.forEach((t, i) => { if (!isIntLike(t) && t.k !== "error") this.diags.push(error("KS3019", e.args[i]!.span, `${name} needs integers, found ${show(t)}`)); });
          return INT;
        case "unwrap": {
          if (!arity(1)) return ERROR;
          const t = args[0]!;
          if (t.k === "error") return ERROR;
          if (t.k !== "option") {
            this.diags.push(error("KS3019", e.args[0]!.span, `unwrap needs an option, found ${show(t)}`));
            return ERROR;
          }
          return t.inner;
        }
      }
    }
    if (b.k !== "def") {
      this.diags.push(error("KS3026", e.callee.span, `'${name}' is not a function`));
      return ERROR;
    }
    if (arity(b.params.length)) {
      args.forEach((t, i) => {
        if (!assignable(t, b.params[i]!)) this.diags.push(error("KS3019", e.args[i]!.span, `argument ${i + 1} of ${name} must be ${show(b.params[i]!)}, found ${show(t)}`));
      });
    }
    return b.result;
  }

  /** Invariants, temporal properties, covers and named asserts share one namespace (what `--only` selects). */
  private propertyNames(): void {
    const seen = new Map<string, A.Ident>();
    const decls = this.parsed.ast.decls.flatMap((d) => (d.kind === "invariant" || d.kind === "property" || d.kind === "cover" ? [d.name] : []));
    for (const n of [...decls, ...this.assertNames]) {
      if (n.name === "") continue;
      const first = seen.get(n.name);
      if (first && first.span.start === n.span.start && first.span.file === n.span.file) continue; // one assert, spliced by several macro calls
      if (first) this.diags.push(error("KS2014", n.span, `two properties are named '${n.name}'`, "invariants, properties, covers and named asserts need different names (`--only` selects them by name)"));
      else if (n.name === "deadlock" || n.name === "stuck") this.diags.push(error("KS2014", n.span, `'${n.name}' names a built-in check`, "choose another name: `--only deadlock` and `--only stuck` select the built-in checks"));
      else seen.set(n.name, n);
    }
  }

  // ---------------------------------------------------------------- warnings
  private unusedWarnings(): void {
    for (const d of this.parsed.ast.decls) {
      // A declaration whose name the parser could not read has been reported already.
      if ("name" in d && d.name?.name === "") continue;
      if (d.kind === "const" && !this.used.has(d.name.name)) {
        this.diags.push(warning("KS3901", d.name.span, `constant '${d.name.name}' is never used`));
      } else if (d.kind === "var" && !this.used.has(d.name.name)) {
        this.diags.push(warning("KS3902", d.name.span, `variable '${d.name.name}' is never used`));
      } else if (d.kind === "process") {
        for (const l of d.locals) {
          if (!this.used.has(`${d.name.name}.${l.name.name}`)) this.diags.push(warning("KS3902", l.name.span, `local '${l.name.name}' of process ${d.name.name} is never used`));
        }
      }
    }
  }
}

function hintFor(name: string, candidates: Iterable<string>): string | undefined {
  const c = closest(name, candidates);
  return c === undefined ? undefined : `did you mean '${c}'?`;
}

function collectLabels(b: A.Block, f: (l: A.Ident) => void): void {
  for (const { label, stmt } of b.stmts) {
    if (label) f(label);
    if (stmt.kind === "if") {
      collectLabels(stmt.then, f);
      if (stmt.else) collectLabels(stmt.else, f);
    } else if (stmt.kind === "either") {
      for (const br of stmt.branches) collectLabels(br, f);
    } else if (stmt.kind === "while") {
      collectLabels(stmt.body, f);
    } else if (stmt.kind === "any") {
      collectLabels(stmt.body, f);
    }
  }
}

/** Names called anywhere inside an expression. */
function calledNames(e: A.Expr): string[] {
  const out: string[] = [];
  const visit = (x: unknown): void => {
    if (x === null || typeof x !== "object") return;
    if (Array.isArray(x)) return x.forEach(visit);
    const n = x as { kind?: string; callee?: A.Ident };
    if (n.kind === "call" && n.callee) out.push(n.callee.name);
    for (const v of Object.values(x)) visit(v);
  };
  visit(e);
  return out;
}

/**
 * The smallest type holding the values of both `a` and `b` when they differ only in integer
 * ranges inside options, sets, records or maps (`if c then some(1) else some(5)` is `(1 .. 5)?`),
 * so neither branch is converted to the other's narrower range. Undefined when they differ otherwise.
 */
function widen(a: Type, b: Type): Type | undefined {
  if (a.k === "range" && b.k === "range") return { k: "range", lo: Math.min(a.lo, b.lo), hi: Math.max(a.hi, b.hi) };
  if (a.k === "option" && b.k === "option") {
    if (isEmptyRange(a.inner)) return b;
    if (isEmptyRange(b.inner)) return a;
    const inner = widen(a.inner, b.inner);
    return inner && isFiniteScalar(inner) ? { k: "option", inner } : undefined;
  }
  if (a.k === "option" && isFiniteScalar(b)) return widen(a, { k: "option", inner: b });
  if (b.k === "option" && isFiniteScalar(a)) return widen({ k: "option", inner: a }, b);
  if (a.k === "set" && b.k === "set") {
    if (isEmptyRange(a.elem)) return b;
    if (isEmptyRange(b.elem)) return a;
    const elem = widen(a.elem, b.elem);
    return elem ? { k: "set", elem } : undefined;
  }
  if (a.k === "record" && b.k === "record") {
    if (a.fields.length !== b.fields.length || a.fields.some((f, i) => f.name !== b.fields[i]!.name)) return undefined;
    const fields = a.fields.map((f, i) => ({ name: f.name, type: widen(f.type, b.fields[i]!.type) }));
    return fields.every((f) => f.type) ? { k: "record", fields: fields.map((f) => ({ name: f.name, type: f.type! })) } : undefined;
  }
  if (a.k === "map" && b.k === "map") {
    if (!sameKeys(a.key, b.key)) return undefined;
    const value = widen(a.value, b.value);
    return value ? { k: "map", key: a.key, value } : undefined;
  }
  if (a.k === "bool" && b.k === "bool") return a;
  if (a.k === "enum" && b.k === "enum" && a.name === b.name) return a;
  return undefined;
}

/** `t` with the part that `path` reaches replaced by `part` (record fields by name, map values). */
function replacePart(t: Type, path: readonly A.Accessor[], part: Type): Type {
  const [first, ...rest] = path;
  if (!first) return part;
  if (first.kind === "field" && t.k === "record") {
    return { k: "record", fields: t.fields.map((f) => (f.name === first.field.name ? { name: f.name, type: replacePart(f.type, rest, part) } : f)) };
  }
  if (first.kind === "index" && t.k === "map") return { k: "map", key: t.key, value: replacePart(t.value, rest, part) };
  return t;
}
