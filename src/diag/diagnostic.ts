// The one Diagnostic type of every phase, and its one renderer. Codes are stable and banded by phase:
// 1xxx syntax, 2xxx names, 3xxx types and static checks, 4xxx compile, 5xxx checker. The catalogue
// with an explanation of each code is `docs/diagnostics.md`.
import { renderFrame, SourceFile, type Span } from "../source.ts";

export { SourceFile };

export type Severity = "error" | "warning";

export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** `undefined` only when there is no place in the source (a bad command-line constant, say). */
  readonly span: Span | undefined;
  readonly hint?: string;
  readonly related?: readonly { readonly span: Span; readonly message: string }[];
}

export function error(code: string, span: Span | undefined, message: string, hint?: string): Diagnostic {
  return hint === undefined ? { code, severity: "error", message, span } : { code, severity: "error", message, span, hint };
}

export function warning(code: string, span: Span | undefined, message: string, hint?: string): Diagnostic {
  return hint === undefined ? { code, severity: "warning", message, span } : { code, severity: "warning", message, span, hint };
}

export const hasErrors = (ds: readonly Diagnostic[]): boolean => ds.some((d) => d.severity === "error");

export interface RenderOptions {
  readonly color?: (kind: "error" | "warning" | "caret" | "hint" | "loc", s: string) => string;
}

/**
 * `file:line:col: error KS2001: message`, the source lines of the span with a squiggle under each, the
 * hint and the related places. Total: any span (negative, NaN, past the end, reversed) renders.
 */
export function renderDiagnostic(d: Diagnostic, mainFile: SourceFile, opts: RenderOptions = {}): string {
  const c = opts.color ?? ((_k, s) => s);
  const file = d.span?.file ?? mainFile;
  const head = `${c(d.severity, `${d.severity} ${d.code}`)}: ${d.message}`;
  const out: string[] = [];
  if (d.span === undefined) {
    out.push(`${c("loc", file.path)}: ${head}`);
  } else {
    const f = file.frame(d.span);
    out.push(`${c("loc", `${file.path}:${f.line}:${f.col}`)}: ${head}`);
    out.push(...renderFrame(f, (s) => c("caret", s)));
  }
  if (d.hint !== undefined) out.push(`  ${c("hint", "hint:")} ${d.hint}`);
  for (const r of d.related ?? []) {
    const rf = r.span.file ?? mainFile;
    const { line, col } = rf.position(r.span.start);
    out.push(`  ${c("loc", `${rf.path}:${line}:${col}`)}: ${r.message}`);
  }
  return out.join("\n");
}

/** Closest candidate by edit distance, for "did you mean" hints; undefined when none is close. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDist = Infinity;
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestDist) {
      bestDist = d;
      best = c;
    }
  }
  return best !== undefined && bestDist <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
