// Parsing the command line's values (constants, counts, sizes, durations) into what the commands
// take, and the machine-derived default for --max-memory. A bad value is a UsageError (exit 2).
import { readFileSync } from "node:fs";
import { totalmem } from "node:os";

/** A mistake on the command line: printed as `error: message` (and a hint), exit 2. */
export class UsageError extends Error {
  readonly hint: string | undefined;
  constructor(message: string, hint?: string) {
    super(message);
    this.hint = hint;
  }
}

/** `-c NAME=VALUE`, one per occurrence: commander calls this for each, with the list so far. */
export function collectConst(v: string, prev: readonly string[]): string[] {
  return [...prev, v];
}

export function parseConsts(list: readonly string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const item of list) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new UsageError(`--const expects NAME=VALUE, got '${item}'`);
    m.set(item.slice(0, eq), item.slice(eq + 1));
  }
  return m;
}

export function positiveInt(flag: string, max = Number.MAX_SAFE_INTEGER): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (v.trim() === "" || !Number.isSafeInteger(n) || n <= 0) throw new UsageError(`${flag} expects a positive integer, got '${v}'`);
    if (n > max) throw new UsageError(`${flag} expects at most ${max}, got '${v}'`);
    return n;
  };
}

export function nonNegativeInt(flag: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (v.trim() === "" || !Number.isSafeInteger(n) || n < 0) throw new UsageError(`${flag} expects a whole number (0 or more), got '${v}'`);
    return n;
  };
}

/** `4G`, `512M`, `100k`, `1.5GiB`, `65536` (bytes); units are powers of 1024. */
export function parseSize(flag: string): (v: string) => number {
  return (v) => {
    const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?$/i.exec(v.trim());
    const n = m ? Number(m[1]) * { "": 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }[m[2]!.toLowerCase() as "" | "k" | "m" | "g" | "t"] : NaN;
    if (!(n >= 1)) throw new UsageError(`${flag} expects a size such as 4G, 512M or 65536 (bytes), got '${v}'`);
    return Math.floor(n);
  };
}

export function parseDuration(v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(s|m|h)?$/i.exec(v.trim());
  const n = m ? Number(m[1]) * { s: 1, m: 60, h: 3600 }[(m[2] ?? "s").toLowerCase() as "s" | "m" | "h"] : NaN;
  if (!(n > 0)) throw new UsageError(`--time-limit expects a duration such as 90s, 10m or 2h, got '${v}'`);
  return n;
}

function readNumber(path: string, re: RegExp): number | undefined {
  try {
    const m = re.exec(readFileSync(path, "utf8"));
    const n = m ? Number(m[1]) : NaN;
    return Number.isFinite(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/** The process's virtual size now (VmSize), which an address-space limit counts. */
function virtualSize(): number {
  return (readNumber("/proc/self/status", /^VmSize:\s+(\d+) kB/m) ?? 0) * 1024;
}

/**
 * The memory a check may use when --max-memory is not given: half of the least of the physical
 * memory, the cgroup's memory limit (v2 `memory.max`, v1 `memory.limit_in_bytes`) and, under an
 * address-space limit (`ulimit -v`, `prlimit --as`), the address space still free. Half, because
 * the limit is tested against the stores and the resident size between samples, while the
 * stores grow by doubling.
 */
export function defaultMaxMemory(): number {
  const limits = [totalmem()];
  const v2 = readNumber("/sys/fs/cgroup/memory.max", /^(\d+)/);
  if (v2 !== undefined) limits.push(v2);
  const v1 = readNumber("/sys/fs/cgroup/memory/memory.limit_in_bytes", /^(\d+)/);
  if (v1 !== undefined && v1 < 2 ** 60) limits.push(v1);
  const as = readNumber("/proc/self/limits", /^Max address space\s+(\d+)/m);
  if (as !== undefined) limits.push(Math.max(0, as - virtualSize()));
  return Math.max(2 ** 20, Math.floor(Math.min(...limits) / 2));
}
