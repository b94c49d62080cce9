// The prettier parser for kspec: the one kspec CST parser (src/syntax), its comments handed to
// prettier as `comments`. A syntax error becomes prettier's error with a location, so prettier prints
// a code frame at the right line and column and leaves the file alone.
import { SourceFile, type Diagnostic } from "../diag/diagnostic.ts";
import { parseSpec } from "../syntax/index.ts";
import { toComment } from "./comments.ts";
import type { Root } from "./cst.ts";

export class KspecSyntaxError extends SyntaxError {
  /** 1-based line and column, as prettier expects them. */
  readonly loc: { start: { line: number; column: number }; end: { line: number; column: number } };
  readonly diagnostics: readonly Diagnostic[];
  constructor(message: string, loc: KspecSyntaxError["loc"], diagnostics: readonly Diagnostic[]) {
    super(message);
    this.name = "SyntaxError";
    this.loc = loc;
    this.diagnostics = diagnostics;
  }
}

export function parse(text: string): Root {
  const file = new SourceFile("<input>", text);
  const parsed = parseSpec(file);
  const errors = parsed.diagnostics.filter((d) => d.severity === "error");
  const first = errors[0];
  if (first !== undefined) {
    const span = first.span ?? { start: 0, end: 0 };
    const start = file.position(span.start);
    // The end on the start's line at the latest: an error at the end of the file has a span past the
    // last line, and prettier's code frame threw (RangeError) on an end on a line of its own.
    const last = file.position(Math.max(span.start, span.end - 1));
    const end = last.line === start.line ? { line: last.line, col: Math.max(start.col, last.col) + 1 } : last;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more syntax error${errors.length > 2 ? "s" : ""})` : "";
    const hint = first.hint !== undefined ? `; hint: ${first.hint}` : "";
    throw new KspecSyntaxError(`${first.message} [${first.code}]${hint}${more} (${start.line}:${start.col})`, {
      start: { line: start.line, column: start.col },
      end: { line: end.line, column: end.col },
    }, errors);
  }
  const root = parsed.cst as Root;
  root.comments = parsed.comments.map(toComment);
  return root;
}
