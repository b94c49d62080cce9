// Reading a spec file from disk, for the command line and for imports: only regular files of at most
// 16 MiB (so `import "/dev/zero"` is refused, not read forever), decoded as strict UTF-8 (invalid bytes
// are a located KS1005, not a silent U+FFFD).
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { error, type Diagnostic } from "../diag/diagnostic.ts";
import { decodeSpec, MAX_SPEC_BYTES, type SourceFile } from "../source.ts";

/** A spec's text, with the place of its first invalid UTF-8 byte; or why it could not be read. */
export type SpecSource =
  | { readonly text: string; readonly invalid?: { readonly offset: number; readonly message: string } }
  | { readonly problem: string; readonly missing?: boolean };

/** Reads at most MAX_SPEC_BYTES of a regular file. Never throws. */
export function readSpecFile(path: string): SpecSource {
  let fd: number;
  try {
    // Non-blocking, so opening a named pipe returns at once (and is refused below) instead of waiting
    // for a writer; reads of a regular file are not affected.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { problem: `no such file: ${path}`, missing: true };
    if (code === "EISDIR") return { problem: `${path} is a directory, not a spec` };
    return { problem: `cannot read ${path}: ${(e as Error).message}` };
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return { problem: `${path} is a directory, not a spec` };
    if (!st.isFile()) return { problem: `${path} is not a regular file (a device, a pipe or a socket)` };
    if (st.size > MAX_SPEC_BYTES) return { problem: tooBig(path) };
    // The size can change under us: read one byte past the cap to notice.
    const buf = Buffer.alloc(Math.min(st.size, MAX_SPEC_BYTES) + 1);
    let n = 0;
    for (let got = -1; got !== 0 && n < buf.length; n += got) got = readSync(fd, buf, n, buf.length - n, null);
    if (n > MAX_SPEC_BYTES) return { problem: tooBig(path) };
    const d = decodeSpec(buf.subarray(0, n));
    return d.ok ? { text: d.text } : { text: d.text, invalid: { offset: d.offset, message: d.message } };
  } catch (e) {
    return { problem: `cannot read ${path}: ${(e as Error).message}` };
  } finally {
    closeSync(fd);
  }
}

function tooBig(path: string): string {
  return `${path} is larger than ${MAX_SPEC_BYTES / 1024 / 1024} MiB`;
}

/** KS1005 at the first invalid byte of a file's text. */
export function invalidUtf8(file: SourceFile, invalid: { readonly offset: number; readonly message: string }, imported = false): Diagnostic {
  const span = { start: invalid.offset, end: invalid.offset + 1, ...(imported ? { file } : {}) };
  return error("KS1005", span, `${invalid.message}: a spec must be UTF-8`, "save the file as UTF-8 (the bad byte is usually a Latin-1 character in a comment)");
}
