// Static checks over statements, after types: a variable (or the same part of it) assigned twice on
// one path of a step; labels nothing reaches; `while` without a label; labels inside actions.
import { error, warning, type Diagnostic } from "../diag/diagnostic.ts";
import type * as A from "../syntax/ast.ts";
import type { Checked } from "./model.ts";
import { enter, nextOf, stepEntries, type Cont, type StepEnd } from "./steps.ts";

/** Bound on the paths explored per step, so a pathological spec cannot stall the checks. */
const MAX_PATHS = 4096;

export function staticChecks(c: Checked): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const a of c.actions) {
    for (const l of labelsIn(a.decl.body)) out.push(error("KS3042", l.span, "labels are only allowed inside a process", "an action is one atomic step"));
    checkAssignments(enter(a.decl.body, []), out);
  }
  for (const p of c.processes) {
    const entries = stepEntries(p.decl.body);
    const targets = new Map<string, StepEnd[]>();
    for (const { label, cont } of entries) {
      const ends: StepEnd[] = [];
      checkAssignments(cont, out, ends);
      targets.set(label.name, ends);
    }
    whileLabels(p.decl.body, out);
    // Labels reachable from the first one.
    const first = entries[0]?.label.name;
    const seen = new Set<string>();
    const todo = first === undefined ? [] : [first];
    while (todo.length > 0) {
      const l = todo.pop()!;
      if (seen.has(l)) continue;
      seen.add(l);
      for (const e of targets.get(l) ?? []) if (e.kind === "label") todo.push(e.label);
    }
    for (const { label } of entries) {
      if (!seen.has(label.name)) out.push(warning("KS3903", label.span, `label '${label.name}' is never reached`, "no `goto` names it and no step falls through to it"));
    }
  }
  return out;
}

interface Written {
  readonly root: string;
  readonly path: readonly (string | null)[]; // field names; null for an index
  readonly span: A.Span;
}

/** Two writes overlap unless they differ in a field name along their common prefix. */
function overlaps(a: Written, b: Written): boolean {
  if (a.root !== b.root) return false;
  const n = Math.min(a.path.length, b.path.length);
  for (let i = 0; i < n; i++) {
    const x = a.path[i];
    const y = b.path[i];
    if (x !== null && y !== null && x !== y) return false;
  }
  return true;
}

function checkAssignments(start: Cont, out: Diagnostic[], ends: StepEnd[] = []): void {
  let paths = 0;
  const reported = new Set<number>();
  const walk = (cont: Cont, first: boolean, written: readonly Written[]): void => {
    if (++paths > MAX_PATHS) return;
    const n = nextOf(cont, first);
    if (n.kind === "end") {
      ends.push(n.end);
      return;
    }
    const s = n.stmt;
    switch (s.kind) {
      case "assign": {
        const w: Written = { root: s.target.name, path: s.path.map((a) => (a.kind === "field" ? a.field.name : null)), span: s.span };
        const prev = written.find((x) => overlaps(x, w));
        if (prev && !reported.has(s.id)) {
          reported.add(s.id);
          out.push({
            ...error("KS3043", s.span, `'${s.target.name}' is assigned twice in one atomic step`, "assign each variable once per step: combine the updates (`m with [i] = a with [j] = b`) or put a label between them"),
            related: [{ span: prev.span, message: "first assigned here" }],
          });
        }
        walk(n.rest, false, [...written, w]);
        return;
      }
      case "goto":
        ends.push({ kind: "label", label: s.label.name });
        return;
      case "if":
        walk(enter(s.then, n.rest), false, written);
        if (s.else) walk(enter(s.else, n.rest), false, written);
        else walk(n.rest, false, written);
        return;
      case "either":
        for (const b of s.branches) walk(enter(b, n.rest), false, written);
        return;
      case "any":
        walk(enter(s.body, n.rest), false, written);
        return;
      case "while":
        walk(enter(s.body, n.label ? [{ kind: "loop", label: n.label.name }, ...n.rest] : n.rest), false, written);
        walk(n.rest, false, written);
        return;
      default:
        walk(n.rest, false, written);
    }
  };
  walk(start, true, []);
}

function whileLabels(b: A.Block, out: Diagnostic[]): void {
  for (const { label, stmt } of b.stmts) {
    if (stmt.kind === "while" && !label) out.push(error("KS3044", stmt.span, "a `while` must carry a label", "write `loop: while cond { ... }`: each iteration is at least one atomic step"));
    for (const inner of childBlocks(stmt)) whileLabels(inner, out);
  }
}

function labelsIn(b: A.Block): A.Ident[] {
  const out: A.Ident[] = [];
  for (const { label, stmt } of b.stmts) {
    if (label) out.push(label);
    for (const inner of childBlocks(stmt)) out.push(...labelsIn(inner));
  }
  return out;
}

function childBlocks(s: A.Stmt): A.Block[] {
  switch (s.kind) {
    case "if": return s.else ? [s.then, s.else] : [s.then];
    case "either": return [...s.branches];
    case "any": case "while": return [s.body];
    default: return [];
  }
}
