// The floor every phase stands on: a source text with its line index, spans of offsets, decoding a
// spec file's bytes, and the one renderer of a place in the source (`file:line:col`, the lines, a
// squiggle under the span). Diagnostics and run-time sites are both printed by `renderFrame`.
// Imports nothing, so the runtime may use it too.

export interface Span {
  readonly start: number; // offset of the first character
  readonly end: number; // offset one past the last character
  /** The file, when it is not the spec being compiled (an imported module). */
  readonly file?: SourceFile;
}

const BOM = 0xfeff;

/** A source text with its file name and a lazily built line index (`\r\n`, `\r` and `\n` end lines). */
export class SourceFile {
  private lineStarts: number[] | undefined;
  readonly path: string;
  readonly text: string;
  constructor(path: string, text: string) {
    this.path = path;
    this.text = text;
  }

  private starts(): number[] {
    if (!this.lineStarts) {
      const starts = [0];
      const t = this.text;
      for (let i = 0; i < t.length; i++) {
        const c = t.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13) {
          if (t.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        }
      }
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }

  /** An offset clamped into the text (NaN, negative and past-the-end offsets included). */
  clamp(offset: number): number {
    if (!Number.isFinite(offset) || offset < 0) return 0;
    return Math.min(Math.floor(offset), this.text.length);
  }

  /** 1-based line and column of an offset; a byte-order mark does not count as a column. */
  position(offset: number): { line: number; col: number } {
    const o = this.clamp(offset);
    const starts = this.starts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    const bom = lo === 0 && o > 0 && this.text.charCodeAt(0) === BOM ? 1 : 0;
    return { line: lo + 1, col: o - starts[lo]! + 1 - bom };
  }

  get lineCount(): number {
    return this.starts().length;
  }

  /** The text of a 1-based line, without its line end (and without a byte-order mark). */
  lineText(line: number): string {
    const starts = this.starts();
    const t = this.text;
    let start = starts[line - 1] ?? t.length;
    let end = starts[line] ?? t.length;
    // Without its line end; a slice of the text, not a copy (sites keep many of these).
    if (end > start && t.charCodeAt(end - 1) === 10) end--;
    if (end > start && t.charCodeAt(end - 1) === 13) end--;
    if (line === 1 && t.charCodeAt(0) === BOM) start = Math.min(1, end);
    return t.slice(start, end);
  }

  /** The frame of a span: its first line and column, the lines it covers and where it ends. */
  frame(span: { readonly start: number; readonly end: number }): Frame {
    const start = this.clamp(span.start);
    const end = Math.max(start, this.clamp(span.end));
    const from = this.position(start);
    // The last character of the span (a zero-width span marks the character at its start).
    const to = this.position(Math.max(start, end - 1));
    const lines: string[] = [];
    for (let l = from.line; l <= to.line; l++) lines.push(this.lineText(l));
    return { line: from.line, col: from.col, lines, endCol: end > start ? to.col + 1 : from.col + 1 };
  }
}

/** A place to show: `lines[0]` is line `line`; the span runs from `col` to before `endCol` on the last line. */
export interface Frame {
  readonly line: number;
  readonly col: number;
  readonly lines: readonly string[];
  readonly endCol: number;
}

export type Paint = (s: string) => string;

/** Lines longer than this are shown as a window around the span (a 20,000-term line is 100 KB). */
export const MAX_SHOWN = 240;
/** Characters of context kept before the span when a long line is cut. */
const CONTEXT = 40;

/**
 * The frame with long lines cut to at most MAX_SHOWN characters around the span, "…" marking each
 * cut; `col` and `endCol` are moved to match. `shift` is how far the first line's text moved left,
 * so `col + shift` is still the real column.
 */
export function clipFrame(f: Frame): Frame & { readonly shift: number } {
  const first = f.lines[0] ?? "";
  const cutFront = first.length > MAX_SHOWN && f.col - 1 > CONTEXT ? f.col - 1 - CONTEXT : 0;
  const lines = f.lines.map((text, i) => {
    // Slice before concatenating: "…" + a 100 KB slice would be flattened (copied) by the next
    // slice, once per site on the line, which made code generation quadratic in the line's length.
    const from = i === 0 ? cutFront : 0;
    const body = text.length - from > MAX_SHOWN ? text.slice(from, from + MAX_SHOWN + 1) : text.slice(from);
    const t = from > 0 ? "…" + body : body;
    return t.length > MAX_SHOWN ? t.slice(0, MAX_SHOWN) + "…" : t;
  });
  const shift = cutFront > 0 ? cutFront - 1 : 0;
  const single = f.lines.length <= 1;
  const last = lines[lines.length - 1] ?? "";
  const endCol = Math.min(single ? f.endCol - shift : f.endCol, last.length + 1);
  return { line: f.line, col: f.col - shift, lines, endCol: Math.max(endCol, single ? f.col - shift + 1 : 1), shift };
}

/** Spans longer than this show their first and last lines around a count of the lines left out. */
const MAX_FRAME_LINES = 10;

/**
 * The source lines of a frame, each as `N | text` with a squiggle line under it: `^~~` on the first
 * line from the start column, `~~~` under the rest of every further line, up to the end column on the
 * last. Columns are tab-aware: the squiggle is indented with the line's own tabs. Never throws.
 */
export function renderFrame(frame: Frame, caret: Paint = (s) => s): string[] {
  const f = clipFrame(frame);
  const n = Math.max(1, f.lines.length);
  const lastLine = f.line + n - 1;
  const shown: number[] = [];
  for (let i = 0; i < n; i++) if (n <= MAX_FRAME_LINES || i < MAX_FRAME_LINES - 3 || i >= n - 2) shown.push(i);
  const width = String(lastLine).length;
  const out: string[] = [];
  let prev = -1;
  for (const i of shown) {
    if (i !== prev + 1) out.push(`${" ".repeat(width)} | ... ${i - prev - 1} more line${i - prev - 1 === 1 ? "" : "s"}`);
    prev = i;
    const text = f.lines[i] ?? "";
    const from = i === 0 ? Math.max(1, f.col) : firstNonBlank(text);
    const to = i === n - 1 ? Math.max(from + 1, Math.min(f.endCol, text.length + 1)) : text.length + 1;
    const gutter = String(f.line + i).padStart(width);
    out.push(`${gutter} | ${text}`);
    if (i > 0 && from > text.length) continue; // a blank line inside the span: nothing to underline
    const pad = text.slice(0, from - 1).replace(/[^\t]/g, " ").padEnd(from - 1, " ");
    const mark = i === 0 ? "^" + "~".repeat(Math.max(0, to - from - 1)) : "~".repeat(Math.max(1, to - from));
    out.push(`${" ".repeat(width)} | ${pad}${caret(mark)}`);
  }
  return out;
}

function firstNonBlank(text: string): number {
  const m = /\S/.exec(text);
  return m ? m.index + 1 : text.length + 1;
}

/** `path:line:col`, the place a frame starts. */
export function placeName(path: string, f: { readonly line: number; readonly col: number }): string {
  return `${path}:${f.line}:${f.col}`;
}

/** Refuse to read a spec bigger than this (bytes). */
export const MAX_SPEC_BYTES = 16 * 1024 * 1024;

export type Decoded = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly text: string; readonly offset: number; readonly message: string };

/**
 * The text of a spec file's bytes, which must be UTF-8. A leading byte-order mark is kept in the text
 * (the lexer skips it, offsets stay those of the text). Invalid UTF-8 yields the text up to the bad
 * byte (so a diagnostic can show its line and column) and the offset of the bad byte in it.
 */
export function decodeSpec(bytes: Uint8Array): Decoded {
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.subarray(0, bad));
    return { ok: false, text: text + new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.subarray(bad)), offset: text.length, message: `invalid UTF-8: byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, "0")} at byte offset ${bad}` };
  }
}

/** Index of the first byte that does not belong to a well-formed UTF-8 sequence. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const need = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (need < 0) return i;
    // Second-byte ranges that rule out overlong forms, surrogates and code points past U+10FFFF.
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return b.length;
}
