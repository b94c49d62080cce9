// The fuzz worker pool: cases (a kind and a seed) go to worker threads one at a time; a watchdog
// terminates a worker whose case takes too long, records the case as a hang and starts a new
// worker. Shared by `npm run fuzz` and the fuzz test.
import { Worker } from "node:worker_threads";
import type { CaseOptions, CaseReport } from "./case.ts";

export interface Task {
  readonly id: number;
  readonly kind: "generated" | "mutated";
  readonly seed: number;
  /** Position among cases of its kind: picks the store mode and whether workers/formatter run. */
  readonly index: number;
}

export interface RunConfig {
  readonly maxStates: number;
  /** Time limit of each check run. */
  readonly timePerCaseMs: number;
  /** How long a case may take before the watchdog calls it a hang (default: 5 x timePerCaseMs + 5 s). */
  readonly watchdogMs?: number;
  /** Every n-th case also runs checkParallel with 1, 2 and 3 workers (0: never). */
  readonly parallelEvery: number;
  /** Every n-th generated case runs the formatter checks (mutated cases always do). */
  readonly formatEvery: number;
  readonly reference: boolean;
  readonly minimize: boolean;
  readonly minimizeMs: number;
  /** For testing the watchdog: the worker never answers case `stallOn`. */
  readonly stallOn?: number;
}

export interface CaseResult extends Task {
  readonly report: CaseReport;
  /** The known bug this failure is an instance of. */
  readonly known?: string;
  /** The input, for failures. */
  readonly text?: string;
  readonly minimized?: string;
}

export type ToPool = { readonly type: "minimizing"; readonly id: number } | { readonly type: "result"; readonly result: CaseResult };

const STORES = ["exact", "fingerprint", "auto"] as const;

export function caseOptions(config: RunConfig, task: Task): Omit<CaseOptions, "reference"> {
  return {
    maxStates: config.maxStates,
    timeLimitMs: config.timePerCaseMs,
    store: STORES[task.index % 3]!,
    parallel: config.parallelEvery > 0 && task.index % config.parallelEvery === 0,
    format: task.kind === "mutated" || task.index % Math.max(1, config.formatEvery) === 0,
  };
}

const workerUrl = new URL("./case-worker.ts", import.meta.url);

/** Runs every task on `jobs` workers; `onResult` sees each result (hangs included) as it comes. */
export async function runPool(tasks: Iterable<Task>, jobs: number, config: RunConfig, onResult: (r: CaseResult) => void): Promise<void> {
  const it = tasks[Symbol.iterator]();
  const watchdogMs = config.watchdogMs ?? config.timePerCaseMs * 5 + 5000;
  await new Promise<void>((resolve) => {
    let running = 0;
    let exhausted = false;
    const start = (): void => {
      // A case that runs away with memory ends its worker (reported as a crash), not the run.
      const w = new Worker(workerUrl, { workerData: config, resourceLimits: { maxOldGenerationSizeMb: 1536 } });
      running++;
      let current: Task | undefined;
      let deadline = Infinity;
      let failure = "";
      let first = true;
      const next = (): void => {
        const n = exhausted ? undefined : it.next();
        if (!n || n.done) {
          exhausted = true;
          current = undefined;
          void w.terminate();
          return;
        }
        current = n.value;
        deadline = Date.now() + watchdogMs + (first ? 10_000 : 0); // the first case also waits for the worker to load
        first = false;
        w.postMessage(current);
      };
      const timer = setInterval(() => {
        if (current === undefined || Date.now() < deadline) return;
        const task = current;
        current = undefined;
        clearInterval(timer);
        w.removeAllListeners("exit");
        void w.terminate();
        running--;
        onResult({ ...task, report: { status: "hang", compiled: false, detail: `no answer within ${Math.round(watchdogMs / 1000)} s` } });
        start();
      }, 200);
      w.on("message", (m: ToPool) => {
        if (m.type === "minimizing") {
          deadline = Date.now() + config.minimizeMs + watchdogMs;
          return;
        }
        onResult(m.result);
        next();
      });
      w.on("error", (e) => {
        failure = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      });
      w.on("exit", () => {
        clearInterval(timer);
        running--;
        if (current !== undefined) {
          const task = current;
          current = undefined;
          onResult({ ...task, report: { status: "crash", stage: "worker", compiled: false, detail: `the worker thread died during the case${failure ? `: ${failure}` : ""}` } });
          start();
          return;
        }
        if (running === 0 && exhausted) resolve();
      });
      next();
    };
    for (let i = 0; i < Math.max(1, jobs); i++) start();
  });
}
