// `kspec lsp`: the kspec language server over stdin/stdout. Every change re-runs the pipeline
// (compileSpec: parse with recovery, imports, macros, names, types, static checks) and publishes its
// diagnostics; formatting goes through the prettier plugin; definition, hover, document symbols and
// rename come from the document index (index.ts).
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as prettier from "prettier";
import {
  createConnection, DiagnosticSeverity, ProposedFeatures, ResponseError, SymbolKind, TextDocuments, TextDocumentSyncKind, TextEdit,
  type Connection, type Diagnostic as LspDiagnostic, type DocumentSymbol, type Location, type Range,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { compileSpec } from "../compile/index.ts";
import type { Diagnostic, SourceFile } from "../diag/diagnostic.ts";
import plugin from "../format/plugin.ts";
import { LIB_DIR } from "../modules/load.ts";
import type * as A from "../syntax/ast.ts";
import { DocumentIndex, isRenamable, isValidName, rename, type Occurrence } from "./index.ts";

function pathOf(uri: string): string {
  return uri.startsWith("file:") ? fileURLToPath(uri) : uri;
}

function rangeOf(doc: TextDocument, span: { start: number; end: number }): Range {
  return { start: doc.positionAt(span.start), end: doc.positionAt(Math.max(span.start, span.end)) };
}

/** Range in another file (an imported module), from its own text. */
function rangeIn(file: SourceFile, span: A.Span): Range {
  const s = file.position(span.start);
  const e = file.position(Math.max(span.start, span.end));
  return { start: { line: s.line - 1, character: s.col - 1 }, end: { line: e.line - 1, character: e.col - 1 } };
}

/** Where an imported file lives on disk: `kspec:lib/x.kspec` is the library's. */
function importedUri(file: SourceFile, importer: string): string {
  const p = file.path.startsWith("kspec:lib/") ? resolve(LIB_DIR, file.path.slice("kspec:lib/".length)) : resolve(dirname(importer), file.path);
  return pathToFileURL(p).href;
}

export function toLspDiagnostic(doc: TextDocument, d: Diagnostic, uri: string): LspDiagnostic {
  const inOther = d.span?.file;
  const range = d.span === undefined ? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } : inOther ? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } : rangeOf(doc, d.span);
  const where = inOther ? ` (in ${inOther.path}:${inOther.position(d.span!.start).line})` : "";
  return {
    range,
    severity: d.severity === "error" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    source: "kspec",
    message: d.message + where + (d.hint !== undefined ? `\nhint: ${d.hint}` : ""),
    ...(d.related && d.related.length > 0
      ? { relatedInformation: d.related.map((r) => ({ location: { uri: r.span.file ? importedUri(r.span.file, pathOf(uri)) : uri, range: r.span.file ? rangeIn(r.span.file, r.span) : rangeOf(doc, r.span) }, message: r.message })) }
      : {}),
  };
}

const SYMBOL_KINDS: Partial<Record<A.Decl["kind"], SymbolKind>> = {
  const: SymbolKind.Constant, enum: SymbolKind.Enum, typeDecl: SymbolKind.TypeParameter, var: SymbolKind.Variable, def: SymbolKind.Function,
  action: SymbolKind.Event, process: SymbolKind.Class, invariant: SymbolKind.Boolean, terminal: SymbolKind.Boolean, property: SymbolKind.Property,
  fairness: SymbolKind.Key, import: SymbolKind.Module, macro: SymbolKind.Function,
};

/** The outline: declarations, with enum members, process locals and labels inside. */
export function documentSymbols(doc: TextDocument, ast: A.SpecAst): DocumentSymbol[] {
  const sym = (name: string, kind: SymbolKind, span: A.Span, nameSpan: A.Span, children?: DocumentSymbol[]): DocumentSymbol => {
    const range = rangeOf(doc, span);
    const inside = nameSpan.start >= span.start && nameSpan.end <= span.end;
    return { name: name === "" ? "(unnamed)" : name, kind, range, selectionRange: inside ? rangeOf(doc, nameSpan) : range, ...(children ? { children } : {}) };
  };
  const out: DocumentSymbol[] = [];
  if (ast.name) out.push(sym(`${ast.header} ${ast.name.name}`, SymbolKind.Module, ast.name.span, ast.name.span));
  for (const d of ast.decls) {
    const kind = SYMBOL_KINDS[d.kind] ?? SymbolKind.Object;
    switch (d.kind) {
      case "enum":
        out.push(sym(d.name.name, kind, d.span, d.name.span, d.members.map((m) => sym(m.name, SymbolKind.EnumMember, m.span, m.span))));
        break;
      case "process": {
        const children = d.locals.map((l) => sym(l.name.name, SymbolKind.Field, l.span, l.name.span));
        for (const l of labelsOf(d.body)) children.push(sym(`${l.name}:`, SymbolKind.Method, l.span, l.span));
        out.push(sym(d.name.name, kind, d.span, d.name.span, children));
        break;
      }
      case "terminal":
        out.push(sym("terminal", kind, d.span, d.span));
        break;
      case "fairness":
        out.push(sym(`fairness ${d.strength}`, kind, d.span, d.span));
        break;
      case "import":
        out.push(sym(`import ${d.lib ?? JSON.stringify(d.path ?? "")}`, kind, d.span, d.target));
        break;
      default:
        out.push(sym(d.name.name, kind, d.span, d.name.span));
    }
  }
  return out;
}

function labelsOf(b: A.Block): A.Ident[] {
  const out: A.Ident[] = [];
  for (const { label, stmt } of b.stmts) {
    if (label) out.push(label);
    const inner = stmt.kind === "if" ? [stmt.then, stmt.else] : stmt.kind === "either" ? stmt.branches : stmt.kind === "while" || stmt.kind === "any" ? [stmt.body] : [];
    for (const x of inner) if (x) out.push(...labelsOf(x));
  }
  return out;
}

/** Formats a whole document: one edit, or none when it is formatted already or does not parse. */
export async function formatDocument(doc: TextDocument, tabSize: number, insertSpaces: boolean): Promise<TextEdit[]> {
  const text = doc.getText();
  const path = pathOf(doc.uri);
  const config = doc.uri.startsWith("file:") ? ((await prettier.resolveConfig(path, { editorconfig: true })) ?? {}) : {};
  let formatted: string;
  try {
    formatted = await prettier.format(text, { tabWidth: tabSize, useTabs: !insertSpaces, ...config, filepath: path, parser: "kspec", plugins: [plugin] });
  } catch {
    return []; // a syntax error: the diagnostics already say where
  }
  if (formatted === text) return [];
  return [TextEdit.replace({ start: { line: 0, character: 0 }, end: doc.positionAt(text.length) }, formatted)];
}

/**
 * Test-only hook: with KSPEC_TEST_THROW_ON set, compiling a document that contains its value throws,
 * as an internal error (a bug in kspec) would; the LSP test uses it to check the server survives.
 */
function compileDocument(path: string, text: string): ReturnType<typeof compileSpec> {
  const marker = process.env["KSPEC_TEST_THROW_ON"];
  if (marker && text.includes(marker)) throw new Error(`KSPEC_TEST_THROW_ON: the document contains ${JSON.stringify(marker)}`);
  return compileSpec(path, text);
}

/** Wires the handlers to a connection; returns when the client has gone. */
export function serve(connection: Connection): Promise<void> {
  const documents = new TextDocuments(TextDocument);
  const indexes = new Map<string, { version: number; index: DocumentIndex }>();
  const timers = new Map<string, NodeJS.Timeout>();

  const indexOf = (doc: TextDocument): DocumentIndex => {
    const cached = indexes.get(doc.uri);
    if (cached && cached.version === doc.version) return cached.index;
    const index = new DocumentIndex(compileDocument(pathOf(doc.uri), doc.getText()));
    indexes.set(doc.uri, { version: doc.version, index });
    return index;
  };

  /**
   * An internal error (a bug in kspec, never the user's mistake): logged to the client, shown as one
   * diagnostic on the document it happened for, and the server keeps serving.
   */
  const internalError = (where: string, e: unknown, uri: string | undefined): void => {
    const message = e instanceof Error ? e.message : String(e);
    try {
      connection.console.error(`kspec: internal error in ${where}: ${e instanceof Error ? (e.stack ?? message) : message}`);
      const doc = uri === undefined ? undefined : documents.get(uri);
      if (doc) {
        const diagnostic: LspDiagnostic = {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: DiagnosticSeverity.Error,
          code: "internal",
          source: "kspec",
          message: `internal error in kspec while handling this document (${where}): ${message}\nplease report it with the spec; the server goes on`,
        };
        void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: [diagnostic] });
      }
    } catch {
      // The connection itself is gone: nothing left to tell.
    }
  };

  /** A handler that cannot take the server down: internal errors become `fallback` (ResponseErrors pass). */
  const guarded = <P extends { textDocument?: { uri: string } }, R>(where: string, fallback: R, handler: (p: P) => R) => (p: P): R => {
    try {
      return handler(p);
    } catch (e) {
      if (e instanceof ResponseError) throw e;
      internalError(where, e, p.textDocument?.uri);
      return fallback;
    }
  };

  const validate = (doc: TextDocument): void => {
    try {
      const index = indexOf(doc);
      void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: index.compiled.diagnostics.map((d) => toLspDiagnostic(doc, d, doc.uri)) });
    } catch (e) {
      internalError("checking the document", e, doc.uri);
    }
  };

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      documentFormattingProvider: true,
      definitionProvider: true,
      hoverProvider: true,
      documentSymbolProvider: true,
      renameProvider: { prepareProvider: true },
    },
    serverInfo: { name: "kspec", version: "0.1.0" },
  }));

  // Diagnostics while typing: right away on open, shortly after the last keystroke on change.
  documents.onDidOpen((e) => validate(e.document));
  documents.onDidChangeContent((e) => {
    const uri = e.document.uri;
    clearTimeout(timers.get(uri));
    timers.set(uri, setTimeout(() => {
      timers.delete(uri);
      const doc = documents.get(uri);
      if (doc) validate(doc); // never throws: internal errors become a diagnostic
    }, 150));
  });
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    indexes.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  const occurrenceAt = (uri: string, position: { line: number; character: number }): { doc: TextDocument; index: DocumentIndex; occ: Occurrence } | undefined => {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    const index = indexOf(doc);
    const occ = index.at(doc.offsetAt(position));
    return occ ? { doc, index, occ } : undefined;
  };

  connection.onDefinition(guarded("go to definition", null, (p): Location | null => {
    const found = occurrenceAt(p.textDocument.uri, p.position);
    const decl = found?.occ.target.decl;
    if (!found || decl === undefined) return null;
    if (decl.file) return { uri: importedUri(decl.file, pathOf(p.textDocument.uri)), range: rangeIn(decl.file, decl) };
    return { uri: p.textDocument.uri, range: rangeOf(found.doc, decl) };
  }));

  connection.onHover(guarded("hover", null, (p) => {
    const found = occurrenceAt(p.textDocument.uri, p.position);
    if (!found) return null;
    return { contents: { kind: "markdown", value: "```kspec\n" + found.occ.target.detail + "\n```" }, range: rangeOf(found.doc, found.occ) };
  }));

  connection.onDocumentSymbol(guarded("the outline", [], (p) => {
    const doc = documents.get(p.textDocument.uri);
    return doc ? documentSymbols(doc, indexOf(doc).compiled.parsed.ast) : [];
  }));

  connection.onPrepareRename(guarded("rename", null, (p) => {
    const found = occurrenceAt(p.textDocument.uri, p.position);
    if (!found || !isRenamable(found.occ.target)) return null;
    return { range: rangeOf(found.doc, found.occ), placeholder: found.occ.target.name };
  }));

  connection.onRenameRequest(guarded("rename", null, (p) => {
    const found = occurrenceAt(p.textDocument.uri, p.position);
    if (!found || !isRenamable(found.occ.target)) throw new ResponseError(-32602, "nothing to rename here: put the cursor on a variable, process, label or other declared name");
    if (!isValidName(p.newName)) throw new ResponseError(-32602, `'${p.newName}' is not a valid kspec name (letters, digits and '_', not a keyword)`);
    const result = rename(found.index, found.occ.target, p.newName, (text) => new DocumentIndex(compileDocument(pathOf(p.textDocument.uri), text)));
    if ("error" in result) throw new ResponseError(-32602, result.error);
    const edits = result.occurrences.map((o) => TextEdit.replace(rangeOf(found.doc, o), p.newName));
    return { changes: { [p.textDocument.uri]: edits } };
  }));

  connection.onDocumentFormatting(guarded("formatting", [], (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return [];
    return formatDocument(doc, p.options.tabSize, p.options.insertSpaces).catch((e: unknown) => {
      internalError("formatting", e, doc.uri);
      return [];
    });
  }));

  documents.listen(connection);
  return new Promise((done) => {
    connection.onExit(() => done());
    connection.listen();
  });
}

/** `kspec lsp`: serves until the editor closes the connection. */
export async function runLanguageServer(): Promise<number> {
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  // The last net: whatever escapes the handlers above is logged, and the server keeps running.
  const log = (e: unknown): void => {
    try {
      connection.console.error(`kspec: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    } catch {
      // nowhere left to report it
    }
  };
  process.on("uncaughtException", log);
  process.on("unhandledRejection", log);
  await serve(connection);
  return 0;
}
