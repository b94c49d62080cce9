// The whole generated module: layout constants, scratch buffers, helper functions, one function per
// step, and the exported `machine` implementing kspec/runtime's Machine interface.
import type * as A from "../syntax/ast.ts";
import type { Checked } from "../sema/model.ts";
import { minCode, type Type } from "../sema/types.ts";
import { stepEntries } from "../sema/steps.ts";
import type { TransitionInfo } from "../runtime/machine.ts";
import { slotCount } from "../runtime/format.ts";
import { conv, defName, ex, loopDomain, loopOver, storeInto, toSlot } from "./expr.ts";
import { Gen, lit, tsOf, type Ctx } from "./gen.ts";
import { layoutOf, valueType, type ProcessLayout } from "./layout.ts";
import { genCont, type StepCtx } from "./stmt.ts";
import { explainFunction } from "./explain.ts";
import { premiseOf } from "./vacuity.ts";
import { packCode, packingOf } from "./pack.ts";

export interface EmitOptions {
  /** Module the generated code imports the runtime from. */
  readonly runtimeImport?: string;
}

const ind = (ls: string[], n = 1): string[] => ls.map((l) => `${"  ".repeat(n)}${l}`);

export function emitModule(c: Checked, opts: EmitOptions = {}): string {
  const layout = layoutOf(c);
  const g = new Gen(c, layout);
  const transitions: TransitionInfo[] = [];
  const steps: string[] = [];
  const dispatch: string[] = [];
  let maxArgs = 1;
  const noBound = new Map<number, { js: string; ts: string }>();

  // ---- process steps
  for (const pl of layout.processes) {
    const p = pl.proc;
    const entries = stepEntries(p.decl.body);
    const cases: string[] = [];
    for (const { label, cont } of entries) {
      const tr = transitions.length;
      transitions.push({ kind: "process", name: p.name, label: label.name, params: p.member ? [{ name: "self", type: valueType(p.member) }] : [] });
      const fn = g.jsName("s", `${p.name}_${label.name}`);
      const selfTs = p.member?.k === "bool" ? "boolean" : "number";
      const mb = p.member ? `${pl.base} + ${codeExpr(p.member, "self")}${pl.stride === 1 ? "" : ` * ${pl.stride}`}` : String(pl.base);
      const ctx: StepCtx = { buf: "b", self: p.member ? "self" : undefined, mb: "mb", proc: pl, bound: noBound, depth: 0, abandon: "return;", tr };
      steps.push(
        `// ${p.name}${p.member ? "[self]" : ""} at ${label.name}`,
        `function ${fn}(s: rt.State, self: ${selfTs}, emit: rt.Emit): void {`,
        "  const b = B0;",
        "  b.set(s);",
        `  const mb = ${mb};`,
        ...ind(genCont(g, cont, ctx, true)),
        "}",
        "",
      );
      const idx = pl.labels.indexOf(label.name);
      cases.push(`case ${idx}: RUNNING.transition = ${tr}; RUNNING.n = 0; ${fn}(s, self, emit); break;`);
    }
    if (cases.length === 0) continue;
    const member = p.member;
    const selfJs = member ? (member.k === "bool" ? "i !== 0" : `i + ${minCode(member)}`) : "0";
    dispatch.push(
      `// process ${p.name}`,
      `for (let i = 0; i < ${pl.members}; i++) {`,
      `  const self = ${selfJs};`,
      `  ARGS[0] = ${member ? (member.k === "bool" ? "i" : `i + ${minCode(member)}`) : "0"};`,
      `  switch (s[${pl.base} + i * ${pl.stride}]) {`,
      ...ind(cases, 2),
      "  }",
      "}",
    );
  }

  // ---- actions
  for (const a of c.actions) {
    const tr = transitions.length;
    transitions.push({ kind: "action", name: a.decl.name.name, label: undefined, params: a.decl.params.map((p, i) => ({ name: p.name.name, type: valueType(a.params[i]!) })) });
    maxArgs = Math.max(maxArgs, a.decl.params.length);
    const fn = g.jsName("a", a.decl.name.name);
    const jsParams = a.decl.params.map((p) => g.jsName("v", p.name.name));
    const bound = new Map(noBound);
    a.decl.params.forEach((p, i) => bound.set(p.name.id, { js: jsParams[i]!, ts: tsOf(a.params[i]!) }));
    const ctx: StepCtx = { buf: "b", self: undefined, mb: undefined, proc: undefined, bound, depth: 0, abandon: "return;", tr };
    const body = genCont(g, [{ kind: "seq", stmts: a.decl.body.stmts, i: 0 }], ctx, true);
    steps.push(
      `// action ${a.decl.name.name}`,
      `function ${fn}(s: rt.State, emit: rt.Emit${a.decl.params.map((_, i) => `, ${jsParams[i]}: ${tsOf(a.params[i]!)}`).join("")}): void {`,
      "  const b = B0;",
      "  b.set(s);",
      ...ind(body),
      "}",
      "",
    );
    // Nested loops over the parameters' domains.
    const loops = (i: number, lctx: Ctx): string[] => {
      if (i === a.decl.params.length) {
        const args = a.decl.params.map((p) => lctx.bound.get(p.name.id)!.js);
        return [`RUNNING.transition = ${tr};`, "RUNNING.n = 0;", `${fn}(s, emit${args.map((x) => `, ${x}`).join("")});`];
      }
      const p = a.decl.params[i]!;
      return loopDomain(g, p, lctx, (inner, v, t) => [`ARGS[${i}] = ${t.k === "bool" ? `${v} ? 1 : 0` : v};`, ...loops(i + 1, inner)]);
    };
    dispatch.push(`// action ${a.decl.name.name}`, ...loops(0, { buf: "s", self: undefined, mb: undefined, proc: undefined, bound: noBound }));
  }

  // ---- definitions
  const defs: string[] = [];
  const declared = new Map<A.DefDecl, Type>();
  for (const b of c.refs.values()) if (b.k === "def") declared.set(b.decl, b.result);
  for (const d of c.defs) {
    const params = d.params.map((p) => ({ js: g.jsName("v", p.name.name), p }));
    const bound = new Map(noBound);
    const types = d.params.map((p) => c.refs.get(p.name.id));
    params.forEach(({ js, p }, i) => {
      const t = types[i];
      bound.set(p.name.id, { js, ts: t?.k === "bound" ? tsOf(t.type) : "number" });
    });
    const resultType = c.types.get(d.body.id);
    const ctx: Ctx = { buf: "s", self: undefined, mb: undefined, proc: undefined, bound };
    defs.push(
      `function ${defName(g, d)}(s: rt.State${params.map(({ js }) => `, ${js}: ${bound.get(d.params[params.findIndex((x) => x.js === js)]!.name.id)!.ts}`).join("")}): ${tsOf(declared.get(d) ?? resultType ?? { k: "int" })} {`,
      // Callers trust the declared result type: the result is checked against it here.
      `  return ${resultType && declared.has(d) ? conv(g, ex(g, d.body, ctx), resultType, declared.get(d)!, d.body.span) : ex(g, d.body, ctx)};`,
      "}",
      "",
    );
  }

  // ---- invariants and terminal states
  const top: Ctx = { buf: "s", self: undefined, mb: undefined, proc: undefined, bound: noBound };
  const invariants = c.invariants.map((inv) => {
    const premise = premiseOf(inv.cond);
    return `{ name: ${lit(inv.name.name)}, site: ${g.site(inv.cond.span)}, holds: (s: rt.State): boolean => ${ex(g, inv.cond, top)}, explain: ${explainFunction(g, inv.cond, top)}${premise ? `, premise: (s: rt.State): boolean => ${ex(g, premise, top)}` : ""} }`;
  });
  const covers = c.covers.map((cv) => `{ name: ${lit(cv.name.name)}, site: ${g.site(cv.cond.span)}, holds: (s: rt.State): boolean => ${ex(g, cv.cond, top)} }`);
  const properties = c.properties.map((pr) =>
    `{ name: ${lit(pr.name.name)}, kind: ${lit(pr.temporal)}, site: ${g.site({ ...pr.p.span, end: (pr.q ?? pr.p).span.end })}, p: (s: rt.State): boolean => ${ex(g, pr.p, top)}${pr.q ? `, q: (s: rt.State): boolean => ${ex(g, pr.q, top)}` : ""} }`);
  const fairness = c.fairness.flatMap((f) =>
    f.names.map((n) => {
      const proc = c.processes.find((p) => p.name === n.name);
      const trs = transitions.flatMap((t, i) => (t.name === n.name && t.kind === (proc ? "process" : "action") ? [i] : []));
      return `{ name: ${lit(n.name)}, strong: ${f.strength === "strong"}, transitions: ${lit(trs)}, perMember: ${proc?.member !== undefined} }`;
    }));
  // ---- members, for the stuck-member check: where each may wait forever (`idle at`, `idle when`)
  const members: string[] = [];
  for (const pl of layout.processes) {
    const p = pl.proc;
    const conds = p.decl.idle.flatMap((d) => (d.cond ? [d.cond] : []));
    const idleAt = [...new Set(p.decl.idle.flatMap((d) => d.labels.map((l) => pl.labels.indexOf(l.name)).filter((i) => i >= 0)))].sort((a, b) => a - b);
    let idleFn: string | undefined;
    if (conds.length > 0) {
      idleFn = g.jsName("i", `${p.name}_idle`);
      const ctx: Ctx = { buf: "s", self: p.member ? "self" : undefined, mb: "mb", proc: pl, bound: noBound };
      steps.push(
        `// where ${p.name} may wait forever`,
        `function ${idleFn}(s: rt.State, self: ${p.member?.k === "bool" ? "boolean" : "number"}, mb: number): boolean {`,
        `  return ${conds.map((e) => `(${ex(g, e, ctx)})`).join(" || ")};`,
        "}",
        "",
      );
    }
    for (let m = 0; m < pl.members; m++) {
      const mb = pl.base + m * pl.stride;
      const name = layout.vars.find((v) => v.offset === mb && v.type.k === "pc")!.name.slice(0, -".pc".length);
      const self = p.member ? (p.member.k === "bool" ? m : m + minCode(p.member)) : 0;
      const selfJs = p.member?.k === "bool" ? String(m === 1) : String(self);
      const info = lit({ name, process: p.name, self, pc: mb, labels: pl.labels, idleAt });
      members.push(idleFn ? `{ ...${info}, idle: (s: rt.State): boolean => ${idleFn}(s, ${selfJs}, ${mb}) }` : info);
    }
  }
  const doneTests = layout.processes.map((pl) => `allDone(s, ${pl.base}, ${pl.stride}, ${pl.members}, ${pl.done})`);
  const terminalParts = [
    ...(doneTests.length > 0 ? [doneTests.join(" && ")] : []),
    ...c.terminals.map((t) => ex(g, t.cond, top)),
  ];

  // ---- initial states
  const init = initLines(g, c, layout.processes);

  const width = Math.max(1, layout.width);
  const packing = packingOf(layout);
  const scratch = Array.from({ length: g.maxDepth + 1 }, (_, i) => `const B${i} = new Int32Array(${width});`);
  const runtime = opts.runtimeImport ?? "kspec/runtime";
  const out = [
    `// Generated by kspec from ${lit(c.parsed.file.path)}: do not edit.`,
    `// A state is ${width} Int32 slots:`,
    ...layout.vars.map((v) => `//   ${String(v.offset).padStart(3)}  ${v.name}${slotCount(v.type) > 1 ? ` (${slotCount(v.type)} slots)` : ""}`),
    `import * as rt from ${lit(runtime)};`,
    "",
    ...scratch,
    `const ARGS = new Int32Array(${maxArgs});`,
    `const PICKS = new Int32Array(${2 * g.maxDepth + 2});`,
    "const RUNNING = { transition: -1, args: ARGS, picks: PICKS, n: 0 };",
    `const IGNORED = new Uint8Array(${g.asserts.length});`,
    "",
    "function allDone(s: rt.State, base: number, stride: number, members: number, done: number): boolean {",
    "  for (let i = 0; i < members; i++) if (s[base + i * stride] !== done) return false;",
    "  return true;",
    "}",
    "",
    ...packCode(packing),
    "",
    ...g.lifted.flatMap((l) => [l, ""]),
    ...defs,
    ...steps,
    "export const machine: rt.Machine = {",
    `  name: ${lit(c.name)},`,
    `  file: ${lit(c.parsed.file.path)},`,
    `  width: ${width},`,
    `  words: ${packing.words},`,
    "  vars: [",
    ...layout.vars.map((v) => `    ${lit(v)},`),
    "  ],",
    "  transitions: [",
    ...transitions.map((t) => `    ${lit(t)},`),
    "  ],",
    "  invariants: [",
    ...invariants.map((i) => `    ${i},`),
    "  ],",
    "  covers: [",
    ...covers.map((cv) => `    ${cv},`),
    "  ],",
    `  asserts: ${lit(g.asserts)},`,
    "  ignoredAsserts: IGNORED,",
    "  properties: [",
    ...properties.map((p) => `    ${p},`),
    "  ],",
    "  fairness: [",
    ...fairness.map((f) => `    ${f},`),
    "  ],",
    "  members: [",
    ...members.map((m) => `    ${m},`),
    "  ],",
    `  sites: ${lit(g.sites)},`,
    `  choices: ${lit(g.choices)},`,
    "  running: RUNNING,",
    "  pack,",
    "  unpack,",
    "  init(emit: rt.Emit): void {",
    "    const b = B0;",
    "    b.fill(0);",
    ...ind(init, 2),
    "  },",
    "  next(s: rt.State, emit: rt.Emit): void {",
    ...ind(dispatch, 2),
    "  },",
    "  terminal(s: rt.State): boolean {",
    `    return ${terminalParts.length > 0 ? terminalParts.join(" || ") : "false"};`,
    "  },",
    "};",
    "",
    "export default machine;",
    "",
    "/** Checks this machine with kspec's breadth-first checker. */",
    "export function check(options?: rt.CheckOptions): rt.CheckResult {",
    "  return rt.check(machine, options);",
    "}",
    "",
  ];
  return out.join("\n");
}

function codeExpr(t: Type, js: string): string {
  if (t.k === "bool") return `(${js} ? 1 : 0)`;
  if (t.k === "range" && t.lo !== 0) return `(${js} - ${t.lo})`;
  return js;
}

/**
 * Nested loops over every choice of the initializers, emitting one initial state per choice.
 * Initializers run in `c.initStages` (dependency order); an `=` initializer is a plain store, an
 * `in` initializer a loop around everything after it.
 */
function initLines(g: Gen, c: Checked, processes: readonly ProcessLayout[]): string[] {
  type Item = { decl: A.VarDecl; type: Type; off: string; ctx: Ctx };
  const byDecl = new Map<A.VarDecl, Item[]>();
  const order = new Map<Item, number>();
  const add = (it: Item): void => {
    order.set(it, order.size);
    const list = byDecl.get(it.decl);
    if (list) list.push(it);
    else byDecl.set(it.decl, [it]);
  };
  const noBound = new Map<number, { js: string; ts: string }>();
  for (const v of c.vars) {
    add({ decl: v.decl, type: v.type, off: String(g.layout.globals.get(v.name)!), ctx: { buf: "b", self: undefined, mb: undefined, proc: undefined, bound: noBound } });
  }
  const pcLines: string[] = [];
  for (const pl of processes) {
    const p = pl.proc;
    for (let m = 0; m < pl.members; m++) {
      const mb = pl.base + m * pl.stride;
      const first = pl.labels.length > 0 ? 0 : pl.done;
      if (first !== 0) pcLines.push(`b[${mb}] = ${first};`);
      const self = p.member ? (p.member.k === "bool" ? (m === 0 ? "false" : "true") : String(minCode(p.member) + m)) : undefined;
      for (const l of p.locals) {
        add({ decl: l.decl, type: l.type, off: String(mb + pl.localOffsets.get(l.name)!), ctx: { buf: "b", self, mb: String(mb), proc: pl, bound: noBound } });
      }
    }
  }
  // Stage by stage (dependency order); within a stage, declaration order, member by member.
  const all = [...byDecl.values()].flat().sort((a, b) => order.get(a)! - order.get(b)!);
  const items = c.initStages.flatMap((stage) => all.filter((it) => stage.includes(it.decl)));
  // Built from the innermost loop outwards, so no recursion follows the number of initializers.
  let body: string[] = ["emit(b, -1, ARGS);"];
  for (let i = items.length - 1; i >= 0; i--) {
    const it = items[i]!;
    if (it.decl.init.mode === "eq") {
      body = [...storeInto(g, it.decl.init.expr, it.ctx, "b", it.off, it.type), ...body];
      continue;
    }
    const dom = c.domains.get(it.decl.init.expr.id);
    const elem: Type = dom === undefined || dom.k === "error" ? it.type : dom.k === "type" ? dom.type : dom.elem;
    const inner = body;
    body = loopOver(g, it.decl.init.expr, dom, undefined, elem, it.ctx, (_inner, v) => [
      `b[${it.off}] = ${toSlot(conv(g, v, elem, it.type, it.decl.init.expr.span), it.type)};`,
      ...inner,
    ]);
  }
  return [...pcLines, ...body];
}
