// What users run, run as they run it: `kspec check` with the workers the CLI picks, the default
// `--store auto` forced to switch by a tiny `--exact-budget`, the limits (--max-states,
// --time-limit, --max-memory, Ctrl-C), a spec with no initial state, run-time errors found by a
// worker, `compile -o` to a bad path, `-c` before the spec, `__proto__` names in --json, and the
// internal-error wrapper. Each regression test names the bug it guards.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.ts";
import { ROOT } from "../helpers/kspec.ts";

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI in this process, through `run` (what bin/kspec.js calls): the same code, no Node start-up. */
async function kspec(...args: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const status = await run(args, { out: (s) => (stdout += s), err: (s) => (stderr += s), color: false });
  return { status, stdout, stderr };
}

/** The CLI as a child process, exactly as a user starts it (exit status and streams of a real process). */
function kspecProcess(...args: string[]): Run {
  const r = spawnSync(process.execPath, ["src/cli/main.ts", ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined }, timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const show = (r: Run): string => `exit ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

interface Json {
  verdict: string;
  limit?: string;
  violation?: { kind: string; property: string; message: string; trace: { state: Record<string, unknown> }[] };
  stats: { distinct: number; generated: number; depth: number; seconds: number; store: string; workers: number };
}
const json = (r: Run): Json => JSON.parse(r.stdout) as Json;

let tmp: string;
const spec = (name: string, lines: string[]): string => {
  const p = join(tmp, name);
  writeFileSync(p, lines.join("\n") + "\n");
  return p;
};
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), "kspec-robust-"));
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const DAX_SAFE = "specs/bench/dax-safe.kspec";

describe("a spec with no initial state (regression: it printed 'all properties hold' and exited 0)", () => {
  const lines = ["spec Empty", "", "var x: 0 .. 2 in {v in 0 .. 2 where v > 5}", "", "action Inc {", "  await x < 2", "  x := x + 1", "}", "", "invariant Small: x <= 2"];

  it("exits 2 with KS5001 and says nothing was checked", async () => {
    const r = kspecProcess("check", spec("empty.kspec", lines));
    expect(r.status, show(r)).toBe(2);
    expect(r.stdout).toContain("Empty: no initial states: nothing was checked");
    expect(r.stdout).not.toContain("all properties hold");
    expect(r.stderr).toContain("error KS5001: the spec has no initial state, so nothing was checked");
  });

  it("--json says verdict no-initial-states, with 0 states, for 1 and 2 workers", async () => {
    for (const w of ["1", "2"]) {
      const r = await kspec("check", spec("empty.kspec", lines), "--json", "-w", w);
      expect(r.status, show(r)).toBe(2);
      const j = json(r);
      expect([j.verdict, j.stats.distinct, j.stats.generated]).toEqual(["no-initial-states", 0, 0]);
    }
  });
});

describe("--store auto switching to fingerprints in the workers (regression: the workers hung)", () => {
  // 50 initial states (x), each with one successor cycle of 4 (y): 200 distinct, 50 + 200 generated,
  // depth 3. With a 1-byte budget every worker switches after the first level, holding more than
  // ten states: the old code built its fingerprint table with a capacity where a bit count goes.
  const lines = ["spec ManyInit", "", "var x: 0 .. 49 in 0 .. 49", "var y: 0 .. 3 = 0", "", "action Step {", "  y := (y + 1) % 4", "}", "", "invariant Bounded: x <= 49 and y <= 3"];

  for (const w of ["1", "2"]) {
    it(`--exact-budget 1 with ${w} worker(s): exact counts, fingerprint store`, async () => {
      const r = await kspec("check", spec("many.kspec", lines), "--exact-budget", "1", "-w", w, "--json");
      expect(r.status, show(r)).toBe(0);
      const j = json(r);
      expect([j.verdict, j.stats.distinct, j.stats.generated, j.stats.depth, j.stats.store]).toEqual(["ok", 200, 250, 3, "fingerprint"]);
    });
  }

  it("dax-safe 3x3 with the default worker count: 2,876 states (SPIN, Rumur and TLC agree)", async () => {
    const r = await kspec("check", DAX_SAFE, "-c", "FAULTS=3", "-c", "PAGES=3", "--exact-budget", "100K", "--json");
    expect(r.status, show(r)).toBe(0);
    const j = json(r);
    expect([j.stats.distinct, j.stats.store]).toEqual([2876, "fingerprint"]);
  });
});

describe("limits stop with exit 3 and a partial report naming the limit", () => {
  it("--max-states", async () => {
    const r = await kspec("check", DAX_SAFE, "-c", "FAULTS=3", "-c", "PAGES=3", "--max-states", "100", "--json");
    expect(r.status, show(r)).toBe(3);
    const j = json(r);
    expect([j.verdict, j.limit]).toEqual(["limit", "states"]);
    expect(j.stats.distinct).toBeGreaterThan(100);
    expect(j.stats.distinct).toBeLessThan(2876);
  });

  it("--time-limit (workers honour it mid-level)", async () => {
    // dax-safe 5x5 has 3,342,128 states (peers): far more than a second's work here.
    const r = await kspec("check", DAX_SAFE, "-c", "FAULTS=5", "-c", "PAGES=5", "--time-limit", "1", "--json");
    expect(r.status, show(r)).toBe(3);
    const j = json(r);
    expect([j.verdict, j.limit]).toEqual(["limit", "time"]);
    expect(j.stats.distinct).toBeLessThan(3_342_128);
    expect(j.stats.seconds).toBeLessThan(10);
  });

  it("--max-memory (the stores outgrow 64 KiB after the first level)", async () => {
    const r = await kspec("check", DAX_SAFE, "-c", "FAULTS=3", "-c", "PAGES=3", "--max-memory", "64K");
    expect(r.status, show(r)).toBe(3);
    expect(r.stdout).toContain("incomplete: stopped at the memory limit");
    const j = json(await kspec("check", DAX_SAFE, "-c", "FAULTS=3", "-c", "PAGES=3", "--max-memory", "64K", "--json"));
    expect([j.verdict, j.limit]).toEqual(["limit", "memory"]);
    expect(j.stats.depth).toBeLessThanOrEqual(1);
  });

  const hasPrlimit = spawnSync("prlimit", ["--version"]).status === 0;
  it.skipIf(!hasPrlimit)("under an 8 GiB address-space limit the fingerprint store works (regression: its 64 GiB reservation failed, exit 70)", () => {
    const r = spawnSync("prlimit", ["--as=8589934592", process.execPath, "src/cli/main.ts", "check", DAX_SAFE, "-c", "FAULTS=3", "-c", "PAGES=3", "--store", "fingerprint", "-w", "2", "--json"], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    const run = { status: r.status, stdout: r.stdout, stderr: r.stderr };
    expect(r.status, show(run)).toBe(0);
    expect([json(run).verdict, json(run).stats.distinct]).toEqual(["ok", 2876]);
  });

  it("a bad --max-memory, --exact-budget, --time-limit or --workers is a usage error", async () => {
    // 99999999999 workers: the shared control buffer could not be allocated (regression: exit 70).
    for (const [flag, v] of [["--max-memory", "lots"], ["--exact-budget", "0"], ["--time-limit", "0"], ["--workers", "99999999999"]] as const) {
      const r = await kspec("check", DAX_SAFE, flag, v);
      expect(r.status, show(r)).toBe(2);
      expect(r.stderr).toContain(`${flag} expects`);
    }
  });

  it("Ctrl-C: exit 3, 'interrupted' and the states so far", async () => {
    // In this process, so the interrupt lands while the check runs: wait for `kspec check` to
    // install its SIGINT handler, give the workers a moment, then deliver the signal to it.
    const before = process.listenerCount("SIGINT");
    const pending = kspec("check", DAX_SAFE, "-c", "FAULTS=5", "-c", "PAGES=5", "--json");
    while (process.listenerCount("SIGINT") === before) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300));
    process.emit("SIGINT");
    const r = await pending;
    expect(r.status, show(r)).toBe(3);
    const j = json(r);
    expect([j.verdict, j.limit]).toEqual(["limit", "interrupted"]);
    expect(j.stats.distinct).toBeLessThan(3_342_128);
    expect(process.listenerCount("SIGINT")).toBe(before); // the handler is removed afterwards
  }, 30_000);
});

describe("run-time errors found by a worker exit 1 with a trace, whatever the worker count", () => {
  const cases: [string, string[], string, string][] = [
    ["range", ["spec RangeFault", "", "var n: 0 .. 5 = 0", "", "action Inc {", "  n := n + 1", "}"], "range", "value 6 is outside 0 .. 5"],
    ["invariant", ["spec InvFault", "", "var n: 0 .. 3 = 0", "", "action Inc {", "  await n < 3", "  n := n + 1", "}", "", "terminal n == 3", "", "invariant Div: 6 / (2 - n) >= 0"], "division", "division by zero (evaluating invariant Div)"],
    ["terminal", ["spec TermFault", "", "var n: 0 .. 3 = 0", "", "action Inc {", "  await n < 2", "  n := n + 1", "}", "", "terminal 6 / (2 - n) == 0"], "division", "division by zero"],
  ];
  for (const [name, lines, property, message] of cases) {
    it(`a fault in ${name === "range" ? "a step" : `the ${name} predicate`}`, async () => {
      const path = spec(`${name}.kspec`, lines);
      for (const w of ["1", "2"]) {
        const r = await kspec("check", path, "-w", w, "--json");
        expect(r.status, show(r)).toBe(1);
        const v = json(r).violation!;
        expect([v.kind, v.property, v.message]).toEqual(["error", property, message]);
        // n counts 0, 1, 2 (and on to 5 for the range fault) before the fault.
        expect(v.trace.map((t) => t.state["n"])).toEqual(name === "range" ? [0, 1, 2, 3, 4, 5] : [0, 1, 2]);
      }
    });
  }
});

describe("command-line fixes", () => {
  it("-c NAME=VALUE before the spec (regression: the variadic option swallowed the path)", async () => {
    const r = await kspec("check", "-c", "FAULTS=3", "-c", "PAGES=3", DAX_SAFE);
    expect(r.status, show(r)).toBe(0);
    expect(r.stdout).toContain("2,876 distinct states");
    // One -c before the path: philosophers N = 6 has 169 states (SPIN, Rumur and TLC agree).
    const one = await kspec("check", "-c", "N=6", "specs/bench/philosophers.kspec", "--json");
    expect(one.status, show(one)).toBe(0);
    expect(json(one).stats.distinct).toBe(169);
  });

  it("compile -o into a missing directory or onto a directory: exit 2, the path and the reason (regression: exit 70)", async () => {
    const missing = join(tmp, "no-such-dir", "x.ts");
    const a = kspecProcess("compile", "specs/dax/toctou.kspec", "-o", missing);
    expect(a.status, show(a)).toBe(2);
    expect(a.stderr).toContain(`error: cannot write ${missing}: the directory ${join(tmp, "no-such-dir")} does not exist`);
    expect(a.stderr).not.toContain("    at ");
    expect(existsSync(missing)).toBe(false);
    const b = await kspec("compile", "specs/dax/toctou.kspec", "-o", tmp);
    expect(b.status, show(b)).toBe(2);
    expect(b.stderr).toContain(`error: cannot write ${tmp}: it is a directory`);
    expect(b.stderr).not.toContain("    at ");
    const c = await kspec("compile", "specs/dax/toctou.kspec", "-o", "");
    expect([c.status, c.stderr]).toEqual([2, "error: -o needs a file path, got an empty one\n"]);
  });

  it("--json keeps record fields and map keys named __proto__ (regression: they vanished)", async () => {
    const path = spec("proto.kspec", [
      "spec Proto",
      "",
      "enum Key { __proto__, other }",
      "type R = { __proto__: 0 .. 1, constructor: Bool }",
      "var r: R = { __proto__: 0, constructor: false }",
      "var m: [Key] 0 .. 1 = [k in Key: if k == __proto__ then 1 else 0]",
      "",
      "action Flip {",
      "  await r.__proto__ == 0",
      "  r.__proto__ := 1",
      "}",
      "",
      "invariant Never: r.__proto__ == 0",
    ]);
    const r = await kspec("check", path, "--json");
    expect(r.status, show(r)).toBe(1);
    const trace = json(r).violation!.trace;
    expect(trace.map((t) => JSON.stringify(t.state))).toEqual([
      '{"r":{"__proto__":0,"constructor":false},"m":{"__proto__":1,"other":0}}',
      '{"r":{"__proto__":1,"constructor":false},"m":{"__proto__":1,"other":0}}',
    ]);
  });
});

describe("the internal-error wrapper", () => {
  it("reports an unexpected exception briefly, asks for a report, exits 70; the stack only with KSPEC_DEBUG=1", async () => {
    let err = "";
    const broken = { out: (): void => { throw new Error("stdout is broken"); }, err: (s: string): void => { err += s; }, color: false };
    const saved = process.env["KSPEC_DEBUG"];
    try {
      delete process.env["KSPEC_DEBUG"];
      expect(await run(["compile", "specs/dax/toctou.kspec", "--help"], broken)).toBe(70);
      expect(err).toContain("kspec: internal error: stdout is broken");
      expect(err).toContain("please report it");
      expect(err).not.toContain("    at ");
      err = "";
      process.env["KSPEC_DEBUG"] = "1";
      expect(await run(["compile", "specs/dax/toctou.kspec", "--help"], broken)).toBe(70);
      expect(err).toContain("    at ");
    } finally {
      if (saved === undefined) delete process.env["KSPEC_DEBUG"];
      else process.env["KSPEC_DEBUG"] = saved;
    }
  });
});
