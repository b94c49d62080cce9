// Regression: an exception while compiling an open document escaped the debounce timer of
// `kspec lsp` and the server exited. Now every handler and timer turns an internal error into a log
// message and one diagnostic on the document, and the server keeps serving. The test-only
// KSPEC_TEST_THROW_ON makes compiling a document that contains the marker throw.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from "vscode-jsonrpc/node";
import type { Diagnostic, DocumentSymbol, TextEdit } from "vscode-languageserver";
import { ROOT } from "../helpers/kspec.ts";

const MARKER = "@@boom@@";
const GOOD = "spec S\nvar x: Bool = true\naction A { x := not x }\n";
const BAD = `spec S\n// ${MARKER}\nvar x: Bool = true\naction A { x := not x }\n`;
const DOC = pathToFileURL(join(ROOT, "test/lsp/crash.kspec")).href;

let child: ChildProcessWithoutNullStreams;
let conn: MessageConnection;
let exitCode: number | null | undefined;
const published: Diagnostic[][] = [];
const logged: string[] = [];
let waiter: ((d: Diagnostic[]) => void) | undefined;

function nextDiagnostics(): Promise<Diagnostic[]> {
  return new Promise((resolve) => (waiter = resolve));
}

beforeAll(async () => {
  child = spawn(process.execPath, [join(ROOT, "src/cli/main.ts"), "lsp", "--stdio"], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, KSPEC_TEST_THROW_ON: MARKER } });
  child.once("exit", (code) => (exitCode = code));
  conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  conn.onNotification("textDocument/publishDiagnostics", (p: { uri: string; diagnostics: Diagnostic[] }) => {
    if (p.uri !== DOC) return;
    published.push(p.diagnostics);
    const w = waiter;
    waiter = undefined;
    w?.(p.diagnostics);
  });
  conn.onNotification("window/logMessage", (p: { type: number; message: string }) => {
    logged.push(p.message);
  });
  conn.listen();
  await conn.sendRequest("initialize", { processId: process.pid, rootUri: pathToFileURL(ROOT).href, capabilities: {} });
  await conn.sendNotification("initialized", {});
}, 30_000);

afterAll(async () => {
  if (!conn) return;
  const exited = new Promise<number | null>((resolve) => (exitCode !== undefined ? resolve(exitCode) : child.once("exit", (code) => resolve(code))));
  await conn.sendRequest("shutdown");
  await conn.sendNotification("exit");
  expect(await exited).toBe(0);
  conn.dispose();
});

function expectInternal(ds: Diagnostic[], where: string): void {
  expect(ds).toHaveLength(1);
  expect(ds[0]).toMatchObject({ code: "internal", severity: 1, source: "kspec", range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
  expect(ds[0]!.message).toContain(`internal error in kspec while handling this document (${where}): KSPEC_TEST_THROW_ON`);
}

describe("kspec lsp survives internal errors", () => {
  it("on open, after a change (the debounce timer), and in requests; then works on", async () => {
    let pending = nextDiagnostics();
    await conn.sendNotification("textDocument/didOpen", { textDocument: { uri: DOC, languageId: "kspec", version: 1, text: BAD } });
    expectInternal(await pending, "checking the document");

    // The path that used to kill the server: compiling from the debounce timer.
    pending = nextDiagnostics();
    await conn.sendNotification("textDocument/didChange", { textDocument: { uri: DOC, version: 2 }, contentChanges: [{ text: BAD + "\n" }] });
    expectInternal(await pending, "checking the document");
    expect(exitCode).toBeUndefined();

    // Requests on the broken document answer with nothing rather than failing.
    pending = nextDiagnostics();
    expect(await conn.sendRequest("textDocument/documentSymbol", { textDocument: { uri: DOC } })).toEqual([]);
    expectInternal(await pending, "the outline");
    expect(await conn.sendRequest("textDocument/hover", { textDocument: { uri: DOC }, position: { line: 2, character: 5 } })).toBeNull();

    expect(logged.filter((m) => m.startsWith("kspec: internal error in checking the document: Error: KSPEC_TEST_THROW_ON"))).toHaveLength(2);

    // The server is still alive and serves the document once it compiles.
    pending = nextDiagnostics();
    await conn.sendNotification("textDocument/didChange", { textDocument: { uri: DOC, version: 3 }, contentChanges: [{ text: GOOD }] });
    expect(await pending).toEqual([]);
    const symbols = (await conn.sendRequest("textDocument/documentSymbol", { textDocument: { uri: DOC } })) as DocumentSymbol[];
    expect(symbols.map((s) => s.name)).toEqual(["spec S", "x", "A"]);
    const edits = (await conn.sendRequest("textDocument/formatting", { textDocument: { uri: DOC }, options: { tabSize: 2, insertSpaces: true } })) as TextEdit[];
    expect(edits).toEqual([]);
    expect(exitCode).toBeUndefined();
  });
});
