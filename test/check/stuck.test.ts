// Stuck members (partial deadlock) and `always reachable` (issue 9): verdicts, the member and label
// named, and shortest trace lengths worked out by hand (see each case), through check() and the CLI.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { compileSpec } from "../../src/compile/index.ts";
import { checkFile, checkText, codesOf, readRepo, ROOT } from "../helpers/kspec.ts";
import { referenceCheck } from "../reference/index.ts";

const STUCK_READER = "specs/small/stuck-reader.kspec";
const stuckReader = readRepo(STUCK_READER);
/** The same spec without the scanner. */
const noScanner = stuckReader.replace(/process Scanner \{[\s\S]*$/, "").replace("var ticks: 0 .. 1 = 0\n", "");

/** Two recursive readers (room for 4 read holds), so the stuck member is named with its index. */
const family = (idle: string): string => `spec S
  import rwsem
  var sem: Rwsem = { readers: 0, writer: false, waiting: 0 }
  var ticks: 0 .. 1 = 0
  process Reader[i in 1 .. 2] {
    ${idle}
    first: down_read(sem)
    again: down_read(sem)
    release: up_read(sem)
    release2: up_read(sem)
  }
  process Writer {
    queue: down_write_queue(sem)
    take: down_write_take(sem)
    write: up_write(sem)
  }
  process Scanner {
    scan:
      ticks := 1 - ticks
      goto scan
  }`;

const steps = (r: ReturnType<typeof checkText>): string[] =>
  r.violation!.trace.slice(1).map((s) => {
    const t = r.machine.transitions[s.transition]!;
    return `${t.name}${t.params.length > 0 ? `[${s.args.slice(0, t.params.length).join(",")}]` : ""} ${t.label ?? ""}`.trim();
  });

describe("stuck members", () => {
  it("a reader stuck behind a queued writer while a scanner loops: stuck, 2 steps", () => {
    const r = checkText(stuckReader);
    expect(r.verdict).toBe("violation");
    expect(r.violation!.kind).toBe("stuck");
    expect(r.violation!.property).toBe("stuck");
    expect(r.violation!.message).toMatch(/^stuck: Reader waits at again forever/);
    expect(steps(r)).toEqual(["Reader first", "Writer queue"]);
    expect(r.properties?.find((p) => p.name === "stuck")).toEqual({ name: "stuck", kind: "stuck", verdict: "violated", depth: 2 });
  });

  it("without the scanner the same state is an ordinary deadlock, 2 steps", () => {
    const r = checkText(noScanner);
    expect(r.violation!.kind).toBe("deadlock");
    expect(steps(r)).toEqual(["Reader first", "Writer queue"]);
  });

  it("stuck: false (--no-stuck) turns it off", () => {
    const r = checkText(stuckReader, undefined, { stuck: false });
    expect(r.verdict).toBe("ok");
    expect(r.properties?.find((p) => p.name === "stuck")).toEqual({ name: "stuck", kind: "stuck", verdict: "not checked", note: "--no-stuck" });
    // Every state explored: the reference semantics counts the same.
    expect(r.stats.distinct).toBe(referenceCheck(compileSpec("test.kspec", stuckReader).checked!, { stuck: false }).distinct);
  });

  it("a family member is named with its index; BFS order picks Reader[1] first", () => {
    const r = checkText(family(""), { RWSEM_READERS: 4 });
    expect(r.violation!.message).toMatch(/^stuck: Reader\[1\] waits at again forever/);
    expect(steps(r)).toEqual(["Reader[1] first", "Writer queue"]);
  });

  it("`idle at again`: the readers may wait there, but then Reader[2] is stuck at first (it cannot read past the queued writer)", () => {
    const r = checkText(family("idle at again"), { RWSEM_READERS: 4 });
    expect(r.violation!.message).toMatch(/^stuck: Reader\[2\] waits at first forever/);
    expect(steps(r)).toEqual(["Reader[1] first", "Writer queue"]);
  });

  it("`idle when` sees self and the state; with the writer idle too, nothing is stuck", () => {
    const r = checkText(family("idle when sem.waiting > 0 and self >= 1").replace("process Writer {", "process Writer {\n    idle at take"), { RWSEM_READERS: 4 });
    expect(r.verdict).toBe("ok");
    expect(r.properties?.find((p) => p.name === "stuck")).toEqual({ name: "stuck", kind: "stuck", verdict: "holds" });
  });

  it("a member blocked on one branch only is stuck after the branch, not before (1 step)", () => {
    const r = checkText(`spec B
      var gate: Bool = false
      var side: 0 .. 2 = 0
      process Chooser {
        pick: either { gate := true } or { side := 1 }
        spin:
          side := 2 - side
          goto spin
      }
      process Waiter {
        w: await gate
      }`);
    expect(r.violation!.kind).toBe("stuck");
    expect(r.violation!.message).toMatch(/^stuck: Waiter waits at w forever/);
    expect(r.violation!.trace.length - 1).toBe(1);
  });

  it("an idle predicate that faults counts as false: the member is stuck, no crash", () => {
    const text = `spec F
      var x: 0 .. 1 = 0
      var t: Bool = false
      process W {
        idle when 2 / x == 1
        w: await x == 1
      }
      process Spin {
        s:
          t := not t
          goto s
      }`;
    const r = checkText(text);
    expect(r.violation!.kind).toBe("stuck");
    expect(r.violation!.message).toMatch(/^stuck: W waits at w forever/);
    expect(r.violation!.trace.length - 1).toBe(0);
    const ref = referenceCheck(compileSpec("test.kspec", text).checked!);
    expect(ref.violations).toEqual([{ kind: "stuck", property: "stuck", traceLength: 0 }]);
  });

  it("unknown idle labels and non-Boolean idle predicates are diagnostics", () => {
    expect(codesOf(`spec X
      process P {
        idle at wiat
        wait: skip
      }`)).toContain("KS2004");
    expect(codesOf(`spec X
      var n: 0 .. 1 = 0
      process P {
        idle when n
        wait: skip
      }`).some((c) => c.startsWith("KS3"))).toBe(true);
  });

  it("`idle` stays an ordinary name elsewhere (a label, a variable)", () => {
    const r = checkText(`spec I
      var idle: 0 .. 1 = 0
      process P {
        idle:
          idle := 1 - idle
          goto idle
      }`);
    expect(r.verdict).toBe("ok");
    expect(r.stats.distinct).toBe(2);
  });
});

describe("always reachable", () => {
  // n: 0 -> 1 -> 2 -> 3; Reset from 2 back to 0; at 3 only Spin (flips f). From n == 3 no state
  // with n == 0 is reachable: the first such state is n == 3, f == false at depth 3.
  const spec = (prop: string): string => `spec R
    var n: 0 .. 3 = 0
    var f: Bool = false
    action Inc { await n < 3  n := n + 1 }
    action Reset { await n == 2  n := 0 }
    action Spin { await n == 3  f := not f }
    ${prop}`;

  it("fails with a shortest trace to a state from which P is unreachable (3 steps)", () => {
    const r = checkText(spec("property Home: always reachable n == 0"));
    expect(r.violation!.kind).toBe("liveness");
    expect(r.violation!.property).toBe("Home");
    expect(r.violation!.message).toBe("property Home (always reachable) is violated: no state satisfying it is reachable from the last state");
    expect(r.violation!.lasso).toBeUndefined();
    expect(r.violation!.trace.length - 1).toBe(3);
  });

  it("holds when P is reachable from everywhere", () => {
    expect(checkText(spec("property Top: always reachable n >= 2")).verdict).toBe("ok");
  });
});

describe("kspec check (CLI)", () => {
  it("--only stuck checks the stuck members alone; --only deadlock leaves them out", () => {
    const r = kspec("check", STUCK_READER, "--only", "stuck");
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain("stuck: Reader waits at again forever");
    const d = kspec("check", STUCK_READER, "--only", "deadlock");
    expect(d.status, d.stdout + d.stderr).toBe(0);
    expect(d.stdout).toMatch(/stuck\s+stuck\s+not checked \(not selected \(--only\)\)/);
  });

  const kspec = (...args: string[]) => spawnSync(process.execPath, ["src/cli/main.ts", ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined }, timeout: 30_000 });

  it("reports the stuck member (exit 1), and --no-stuck does not (exit 0)", () => {
    const r = kspec("check", STUCK_READER, "--workers", "1");
    expect(r.status, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain("violation: stuck: Reader waits at again forever");
    expect(r.stdout).toContain("idle at <label>");
    const off = kspec("check", STUCK_READER, "--workers", "2", "--no-stuck");
    expect(off.status, off.stdout + off.stderr).toBe(0);
  });

  it("--json carries kind and property stuck; two workers find it too", () => {
    const r = kspec("check", STUCK_READER, "--workers", "2", "--json");
    expect(r.status).toBe(1);
    const j = JSON.parse(r.stdout) as { violation?: { kind: string; property: string }; properties?: { name: string }[] };
    expect(j.violation).toMatchObject({ kind: "stuck", property: "stuck" });
    expect(j.properties?.find((p) => p.name === "stuck")).toEqual({ name: "stuck", kind: "stuck", verdict: "violated", depth: 2 });
  });
});

describe("the stuck check's default graph limit", () => {
  // Reader stuck behind a queued writer while a scanner loops (specs/small/stuck-reader.kspec):
  // the stuck check needs a second exploration, which by default runs on graphs of at most
  // 250,000 states; a lower limit skips it with a note, --only stuck runs it regardless.
  it("skips the stuck check above the limit, with the reason in the table", () => {
    const r = checkFile("specs/small/stuck-reader.kspec", undefined, { stuckLimit: 1 });
    expect(r.verdict).toBe("ok");
    const row = r.properties?.find((p) => p.name === "stuck");
    expect(row?.verdict).toBe("not checked");
    expect(row?.note).toMatch(/ states; by default the stuck check explores a graph again only up to 1: --stuck-limit raises it$/);
  });

  it("runs it above the limit when --only names stuck", () => {
    const r = checkFile("specs/small/stuck-reader.kspec", undefined, { stuckLimit: 1, only: ["stuck"] });
    expect(r.violation?.kind).toBe("stuck");
  });
});
