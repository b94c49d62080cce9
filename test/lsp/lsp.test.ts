// The language server end to end: `kspec lsp` as a child process, spoken to over stdio with
// JSON-RPC (vscode-jsonrpc) as an editor does: diagnostics while typing (also for a spec that does
// not parse), document symbols, formatting, go to definition, hover, and rename of a variable, a
// process and a label.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from "vscode-jsonrpc/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { Diagnostic, DocumentSymbol, Hover, Location, Position, TextEdit, WorkspaceEdit } from "vscode-languageserver";
import { compileSpec } from "../../src/compile/index.ts";
import { ROOT } from "../helpers/kspec.ts";

const SPEC = `spec DaxToctou

const FAULTS = 2
const PAGES = 1

enum Aops { PageCache, Dax }
type Page = 0 .. PAGES - 1

var aops: Aops = PageCache
var xa: [Page] Aops? = [p in Page: none]

process Fault[f in 1 .. FAULTS] {
  var page: Page = 0
  var via: Aops? = none

  populate:
    any p in Page { page := p }
    if xa[page] == none {
      xa[page] := aopz
    }
    via := xa[page]
  mkwrite:
    goto populate
}

process SetDax {
  check:
    await forall p in Page: xa[p] == none
  swap:
    aops := if aops == Dax then PageCache else Dax
    goto check
}

invariant NoMixedAops:
  forall f in Fault: Fault[f] at mkwrite implies Fault[f].via == aops
`;
const FIXED = SPEC.replace("aopz", "aops");

let child: ChildProcessWithoutNullStreams;
let conn: MessageConnection;
const published = new Map<string, { version?: number; diagnostics: Diagnostic[] }[]>();
const waiting: { uri: string; resolve: (d: Diagnostic[]) => void; after: number }[] = [];
let stderr = "";

const uri = (name: string): string => pathToFileURL(join(ROOT, "test/lsp", name)).href;
const DOC = uri("toctou.kspec");
const BROKEN = uri("broken.kspec");
const MESSY = uri("messy.kspec");

/** The next diagnostics published for `u` (after those already seen). */
function diagnosticsFor(u: string): Promise<Diagnostic[]> {
  const after = published.get(u)?.length ?? 0;
  return new Promise((resolve) => waiting.push({ uri: u, resolve, after }));
}

function positionOf(text: string, needle: string, nth = 0, delta = 0): Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`no ${needle}`);
  return TextDocument.create("x", "kspec", 0, text).positionAt(at + delta);
}

function apply(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create("x", "kspec", 0, text), edits);
}

beforeAll(async () => {
  child = spawn(process.execPath, [join(ROOT, "src/cli/main.ts"), "lsp", "--stdio"], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  conn.onNotification("textDocument/publishDiagnostics", (p: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
    const list = published.get(p.uri) ?? [];
    list.push(p);
    published.set(p.uri, list);
    for (const w of [...waiting]) {
      if (w.uri === p.uri && list.length > w.after) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(p.diagnostics);
      }
    }
  });
  conn.listen();
  const init = (await conn.sendRequest("initialize", { processId: process.pid, rootUri: pathToFileURL(ROOT).href, capabilities: {} })) as {
    capabilities: Record<string, unknown>;
  };
  expect(init.capabilities).toMatchObject({ documentFormattingProvider: true, definitionProvider: true, hoverProvider: true, documentSymbolProvider: true, renameProvider: { prepareProvider: true } });
  await conn.sendNotification("initialized", {});
}, 30_000);

afterAll(async () => {
  if (!conn) return;
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await conn.sendRequest("shutdown");
  await conn.sendNotification("exit");
  expect(await exited).toBe(0);
  conn.dispose();
});

describe("kspec lsp over stdio", () => {
  it("publishes diagnostics on open and again after each change", async () => {
    const first = diagnosticsFor(DOC);
    await conn.sendNotification("textDocument/didOpen", { textDocument: { uri: DOC, languageId: "kspec", version: 1, text: SPEC } });
    const ds = await first;
    const unknown = ds.find((d) => d.code === "KS2001");
    expect(unknown, JSON.stringify(ds) + stderr).toMatchObject({ severity: 1, source: "kspec", range: { start: positionOf(SPEC, "aopz"), end: positionOf(SPEC, "aopz", 0, 4) } });
    expect(unknown?.message).toContain("unknown name 'aopz'");
    expect(unknown?.message).toContain("hint: did you mean");

    const second = diagnosticsFor(DOC);
    await conn.sendNotification("textDocument/didChange", { textDocument: { uri: DOC, version: 2 }, contentChanges: [{ text: FIXED }] });
    expect((await second).filter((d) => d.severity === 1)).toEqual([]);
  });

  it("reports syntax errors and still gives an outline for a spec that does not parse", async () => {
    const text = "spec Broken\nvar x: Bool =\nprocess P {\n  a:\n    x :=\n}\ninvariant I: x\n";
    const pending = diagnosticsFor(BROKEN);
    await conn.sendNotification("textDocument/didOpen", { textDocument: { uri: BROKEN, languageId: "kspec", version: 1, text } });
    const ds = await pending;
    expect(ds.filter((d) => d.code === "KS1002").length).toBeGreaterThanOrEqual(2);
    const symbols = (await conn.sendRequest("textDocument/documentSymbol", { textDocument: { uri: BROKEN } })) as DocumentSymbol[];
    expect(symbols.map((s) => s.name)).toEqual(["spec Broken", "x", "P", "I"]);
    expect(symbols[2]?.children?.map((c) => c.name)).toEqual(["a:"]);
  });

  it("gives the outline of a spec: declarations, locals and labels", async () => {
    const symbols = (await conn.sendRequest("textDocument/documentSymbol", { textDocument: { uri: DOC } })) as DocumentSymbol[];
    expect(symbols.map((s) => s.name)).toEqual(["spec DaxToctou", "FAULTS", "PAGES", "Aops", "Page", "aops", "xa", "Fault", "SetDax", "NoMixedAops"]);
    expect(symbols.find((s) => s.name === "Fault")?.children?.map((c) => c.name)).toEqual(["page", "via", "populate:", "mkwrite:"]);
    expect(symbols.find((s) => s.name === "Aops")?.children?.map((c) => c.name)).toEqual(["PageCache", "Dax"]);
  });

  it("formats through the prettier plugin", async () => {
    const messy = "spec   Messy\nvar x:Bool=false // flag\naction A{x:=not x}\n";
    await conn.sendNotification("textDocument/didOpen", { textDocument: { uri: MESSY, languageId: "kspec", version: 1, text: messy } });
    const edits = (await conn.sendRequest("textDocument/formatting", { textDocument: { uri: MESSY }, options: { tabSize: 2, insertSpaces: true } })) as TextEdit[];
    expect(apply(messy, edits)).toBe("spec Messy\nvar x: Bool = false                         // flag\naction A { x := not x }\n");
    const broken = (await conn.sendRequest("textDocument/formatting", { textDocument: { uri: BROKEN }, options: { tabSize: 2, insertSpaces: true } })) as TextEdit[];
    expect(broken).toEqual([]);
  });

  it("goes to the definition of a variable, a label and a process", async () => {
    const def = async (needle: string, nth = 0): Promise<Location> =>
      (await conn.sendRequest("textDocument/definition", { textDocument: { uri: DOC }, position: positionOf(FIXED, needle, nth, 1) })) as Location;
    expect(await def("aops", 2)).toEqual({ uri: DOC, range: { start: positionOf(FIXED, "aops"), end: positionOf(FIXED, "aops", 0, 4) } });
    expect(await def("populate", 1)).toEqual({ uri: DOC, range: { start: positionOf(FIXED, "populate"), end: positionOf(FIXED, "populate", 0, 8) } });
    expect(await def("mkwrite", 1)).toEqual({ uri: DOC, range: { start: positionOf(FIXED, "mkwrite"), end: positionOf(FIXED, "mkwrite", 0, 7) } });
    expect(await def("Fault[f] at")).toEqual({ uri: DOC, range: { start: positionOf(FIXED, "Fault["), end: positionOf(FIXED, "Fault[", 0, 5) } });
  });

  it("goes to a definition in an imported library module", async () => {
    const LIB = uri("uses-lib.kspec");
    const text = "spec UsesLib\nimport mutex\nvar m: Mutex = false\nprocess T {\n  a:\n    mutex_lock(m)\n}\n";
    const pending = diagnosticsFor(LIB);
    await conn.sendNotification("textDocument/didOpen", { textDocument: { uri: LIB, languageId: "kspec", version: 1, text } });
    expect((await pending).filter((d) => d.severity === 1)).toEqual([]);
    const loc = (await conn.sendRequest("textDocument/definition", { textDocument: { uri: LIB }, position: positionOf(text, "mutex_lock", 0, 2) })) as Location;
    expect(loc.uri).toBe(pathToFileURL(join(ROOT, "lib/mutex.kspec")).href);
    // `macro mutex_lock(m) {` is line 7 of lib/mutex.kspec (0-based 6), the name at column 6.
    expect(loc.range.start).toEqual({ line: 6, character: 6 });
  });

  it("shows the type of a name on hover", async () => {
    const hover = async (needle: string, nth = 0): Promise<string> => {
      const h = (await conn.sendRequest("textDocument/hover", { textDocument: { uri: DOC }, position: positionOf(FIXED, needle, nth, 1) })) as Hover;
      return (h.contents as { value: string }).value;
    };
    expect(await hover("xa[page] ==")).toBe("```kspec\nvar xa: [0 .. 0] Aops?\n```");
    expect(await hover("via :=")).toContain("var via: Aops?");
    expect(await hover("FAULTS]")).toContain("const FAULTS");
    expect(await hover("p in Page {")).toBe("```kspec\np: 0 .. 0\n```");
  });

  it("renames a variable, a process and a label everywhere", async () => {
    const rename = async (needle: string, nth: number, newName: string): Promise<string> => {
      const r = (await conn.sendRequest("textDocument/rename", { textDocument: { uri: DOC }, position: positionOf(FIXED, needle, nth, 1), newName })) as WorkspaceEdit;
      return apply(FIXED, r.changes?.[DOC] ?? []);
    };
    const check = (text: string): void => {
      expect(compileSpec("renamed.kspec", text).diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    };
    // A local, from a use in another declaration (`Fault[f].via`).
    const local = await rename(".via", 0, "from");
    expect(local).not.toMatch(/\bvia\b/);
    expect(local.match(/\bfrom\b/g)?.length).toBe(3);
    check(local);
    // A global variable, from its declaration: its uses in processes and the invariant follow.
    const global = await rename("aops:", 0, "ops");
    expect(global.match(/\bops\b/g)?.length).toBe(FIXED.match(/\baops\b/g)?.length);
    check(global);
    // A process: the declaration, the family domain, `at` and `.via`.
    const proc = await rename("Fault[f in", 0, "Faulter");
    expect(proc).not.toMatch(/\bFault\b/);
    expect(proc.match(/\bFaulter\b/g)?.length).toBe(4);
    check(proc);
    // A label: its declaration, `goto`, and `at` in the invariant.
    const label = await rename("mkwrite", 0, "page_mkwrite");
    expect(label.match(/\bpage_mkwrite\b/g)?.length).toBe(2);
    check(label);
    const back = await rename("populate\n}", 0, "fill");
    expect(back).toContain("  fill:\n");
    expect(back).toContain("goto fill");
    check(back);
  });

  it("refuses to rename a keyword, to a name that is not one, or to a name that changes the meaning", async () => {
    const prep = await conn.sendRequest("textDocument/prepareRename", { textDocument: { uri: DOC }, position: positionOf(FIXED, "forall") });
    expect(prep).toBeNull();
    const ok = await conn.sendRequest("textDocument/prepareRename", { textDocument: { uri: DOC }, position: positionOf(FIXED, "xa[page] ==") });
    expect(ok).toMatchObject({ placeholder: "xa" });
    await expect(conn.sendRequest("textDocument/rename", { textDocument: { uri: DOC }, position: positionOf(FIXED, "xa[page] =="), newName: "var" })).rejects.toThrow(/not a valid kspec name/);
    // A name that is taken: the global `aops` would be captured by a local of that name.
    await expect(conn.sendRequest("textDocument/rename", { textDocument: { uri: DOC }, position: positionOf(FIXED, "via :="), newName: "aops" })).rejects.toThrow(/would change what 'aops' refers to|would make the spec wrong/);
    await expect(conn.sendRequest("textDocument/rename", { textDocument: { uri: DOC }, position: positionOf(FIXED, "xa[page] =="), newName: "aops" })).rejects.toThrow(/would make the spec wrong/);
  });
});
