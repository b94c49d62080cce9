// Macros: `macro lock(m) { await not m  m := true }`. Each call statement `lock(x)` is replaced by a
// copy of the body (fresh node ids, spans kept in the macro, so errors point into it) in which the
// parameters stand for the arguments. A parameter assigned in the body must be given a variable
// (`x`, `x.f`, `x[i]`). Free names in the body are resolved where the macro is called.
import { closest, error, type Diagnostic } from "../diag/diagnostic.ts";
import type * as A from "../syntax/ast.ts";

const MAX_DEPTH = 16;

export interface Expanded {
  readonly decls: readonly A.Decl[];
  readonly diagnostics: readonly Diagnostic[];
  readonly nodeCount: number;
}

export function expandMacros(decls: readonly A.Decl[], firstId: number): Expanded {
  const diagnostics: Diagnostic[] = [];
  const macros = new Map<string, A.MacroDecl>();
  for (const d of decls) {
    if (d.kind !== "macro") continue;
    if (macros.has(d.name.name)) diagnostics.push(error("KS2002", d.name.span, `macro '${d.name.name}' is declared twice`));
    else macros.set(d.name.name, d);
    for (const l of labelsOf(d.body)) diagnostics.push(error("KS3042", l.span, "labels are not allowed inside a macro", "a macro call is part of one atomic step; put labels around the call"));
  }
  let nextId = firstId;
  const fresh = (): number => nextId++;

  /** Deep copy with fresh ids; names in `subst` (unless rebound) become copies of their arguments. */
  const clone = <T>(x: T, subst: ReadonlyMap<string, A.Expr>): T => {
    if (x === null || typeof x !== "object") return x;
    if (Array.isArray(x)) return x.map((v) => clone(v, subst)) as T;
    const n = x as unknown as { kind?: string; id?: number; name?: unknown };
    if (n.kind === "name" && typeof n.name === "string" && subst.has(n.name)) return clone(subst.get(n.name)!, new Map()) as T;
    // Binders hide parameters of the same name in their scope.
    const hidden = boundName(n as unknown as A.Expr | A.Stmt);
    const inner = hidden !== undefined && subst.has(hidden) ? new Map([...subst].filter(([k]) => k !== hidden)) : subst;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) {
      if (k === "span") out[k] = v;
      else if (k === "id" && typeof v === "number") out[k] = fresh();
      else out[k] = clone(v, k === "domain" || (n.kind === "let" && k === "value") ? subst : inner);
    }
    return out as T;
  };

  const expandBlock = (b: A.Block, depth: number): A.Block => ({ ...b, stmts: b.stmts.flatMap((ls) => expandStmt(ls, depth)) });

  const expandStmt = (ls: A.LabelledStmt, depth: number): A.LabelledStmt[] => {
    const s = ls.stmt;
    switch (s.kind) {
      case "macroCall": {
        const m = macros.get(s.callee.name);
        if (!m) {
          const hint = closest(s.callee.name, macros.keys());
          diagnostics.push(error("KS2012", s.callee.span, `unknown macro '${s.callee.name}'`, hint ? `did you mean '${hint}'?` : "a statement call names a `macro`; definitions (`def`) are used in expressions"));
          return [{ label: ls.label, stmt: { kind: "skip", id: fresh(), span: s.span } }];
        }
        if (m.params.length !== s.args.length) {
          diagnostics.push(error("KS3033", s.span, `macro ${m.name.name} takes ${m.params.length} argument${m.params.length === 1 ? "" : "s"}, given ${s.args.length}`));
          return [{ label: ls.label, stmt: { kind: "skip", id: fresh(), span: s.span } }];
        }
        if (depth >= MAX_DEPTH) {
          diagnostics.push(error("KS3012", s.span, `macro ${m.name.name} calls itself`, "macros are expanded in place and cannot recurse"));
          return [{ label: ls.label, stmt: { kind: "skip", id: fresh(), span: s.span } }];
        }
        const subst = new Map(m.params.map((p, i) => [p.name, s.args[i]!] as const));
        const body = substituteAssignments(clone(m.body, subst), m, s, diagnostics, fresh);
        const stmts = expandBlock(body, depth + 1).stmts;
        if (stmts.length === 0) return [{ label: ls.label, stmt: { kind: "skip", id: fresh(), span: s.span } }];
        return stmts.map((x, i) => (i === 0 ? { label: ls.label, stmt: x.stmt } : { label: undefined, stmt: x.stmt }));
      }
      case "if":
        return [{ label: ls.label, stmt: { ...s, then: expandBlock(s.then, depth), else: s.else ? expandBlock(s.else, depth) : undefined } }];
      case "either":
        return [{ label: ls.label, stmt: { ...s, branches: s.branches.map((b) => expandBlock(b, depth)) } }];
      case "any":
      case "while":
        return [{ label: ls.label, stmt: { ...s, body: expandBlock(s.body, depth) } as A.Stmt }];
      default:
        return [ls];
    }
  };

  const out: A.Decl[] = [];
  for (const d of decls) {
    if (d.kind === "action") out.push({ ...d, body: expandBlock(d.body, 0) });
    else if (d.kind === "process") out.push({ ...d, body: expandBlock(d.body, 0) });
    else out.push(d);
  }
  return { decls: out, diagnostics, nodeCount: nextId };
}

/**
 * Assignments to a parameter (`m := true` in `macro lock(m)`): after cloning, the target is still
 * the parameter's name, so it is rewritten to the argument's variable and access path.
 */
function substituteAssignments(body: A.Block, m: A.MacroDecl, call: A.MacroCall, diagnostics: Diagnostic[], fresh: () => number): A.Block {
  const params = new Map(m.params.map((p, i) => [p.name, i] as const));
  const fixBlock = (b: A.Block): A.Block => ({ ...b, stmts: b.stmts.map((ls) => ({ label: ls.label, stmt: fix(ls.stmt) })) });
  const fix = (s: A.Stmt): A.Stmt => {
    switch (s.kind) {
      case "assign": {
        const i = params.get(s.target.name);
        if (i === undefined) return s;
        const arg = call.args[i]!;
        const place = asPlace(arg, fresh);
        if (!place) {
          diagnostics.push({ ...error("KS3013", arg.span, `macro ${m.name.name} assigns its parameter '${s.target.name}', so it needs a variable here`), related: [{ span: s.span, message: "assigned here" }] });
          return { kind: "skip", id: fresh(), span: s.span };
        }
        return { ...s, target: place.root, path: [...place.path, ...s.path] };
      }
      case "if": return { ...s, then: fixBlock(s.then), else: s.else ? fixBlock(s.else) : undefined };
      case "either": return { ...s, branches: s.branches.map(fixBlock) };
      case "any": case "while": return { ...s, body: fixBlock(s.body) } as A.Stmt;
      default: return s;
    }
  };
  return fixBlock(body);
}

function asPlace(e: A.Expr, fresh: () => number): { root: A.Ident; path: A.Accessor[] } | undefined {
  switch (e.kind) {
    case "name": return { root: { kind: "ident", id: fresh(), span: e.span, name: e.name }, path: [] };
    case "field": {
      const p = asPlace(e.target, fresh);
      return p && { root: p.root, path: [...p.path, { kind: "field", field: e.field }] };
    }
    case "index": {
      const p = asPlace(e.target, fresh);
      return p && { root: p.root, path: [...p.path, { kind: "index", index: e.index }] };
    }
    default: return undefined;
  }
}

function boundName(n: A.Expr | A.Stmt): string | undefined {
  switch (n.kind) {
    case "quant": case "setFilter": case "setMap": case "mapLit": case "any": return n.binder.name.name;
    case "let": return n.name.name;
    default: return undefined;
  }
}

function labelsOf(b: A.Block): A.Ident[] {
  const out: A.Ident[] = [];
  for (const { label, stmt } of b.stmts) {
    if (label) out.push(label);
    if (stmt.kind === "if") out.push(...labelsOf(stmt.then), ...(stmt.else ? labelsOf(stmt.else) : []));
    else if (stmt.kind === "either") for (const x of stmt.branches) out.push(...labelsOf(x));
    else if (stmt.kind === "any" || stmt.kind === "while") out.push(...labelsOf(stmt.body));
  }
  return out;
}
