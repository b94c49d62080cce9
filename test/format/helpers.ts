// Helpers for the formatter tests: format with the plugin, and what formatting must keep (the
// token sequence, the AST with positions and ids left out, every comment's text).
import * as prettier from "prettier";
import plugin from "../../src/format/plugin.ts";
import { SourceFile } from "../../src/diag/diagnostic.ts";
import { parseSpec } from "../../src/syntax/index.ts";

export type FormatOptions = Pick<prettier.Options, "printWidth" | "tabWidth" | "useTabs"> & { kspecCommentColumn?: number };

export function format(text: string, options: FormatOptions = {}): Promise<string> {
  return prettier.format(text, { parser: "kspec", plugins: [plugin], ...options });
}

function parsed(text: string) {
  const r = parseSpec(new SourceFile("t.kspec", text));
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(`does not parse: ${errors.map((d) => d.message).join("; ")}\n${text}`);
  return r;
}

const isSpan = (v: unknown): boolean => v !== null && typeof v === "object" && !("kind" in v) && typeof (v as { start?: unknown }).start === "number" && typeof (v as { end?: unknown }).end === "number";

/** The AST as JSON, without node ids and source positions (`span`, `opSpan`, any other span). */
export function astShape(text: string): string {
  return JSON.stringify(parsed(text).ast, (key, value: unknown) => (key === "id" || key === "nodeCount" || isSpan(value) ? undefined : value));
}

export function tokenImages(text: string): string[] {
  return parsed(text).tokens.map((t) => t.image);
}

/** Comment texts, sorted, without trailing blanks (the printer trims line ends). */
export function commentTexts(text: string): string[] {
  return parsed(text).comments.map((c) => c.image.split("\n").map((l) => l.trimEnd()).join("\n")).sort();
}
