// A fuzz pool worker: builds case `seed` (generated or mutated), runs it, and, when it fails in a
// new way, shrinks it to a small input that fails the same way. Runs in a worker thread so that the
// pool's watchdog can terminate it when a case hangs.
import { parentPort, workerData } from "node:worker_threads";
import { crash, runCase, sameFailure, type CaseOptions } from "./case.ts";
import { loadReference } from "./differential.ts";
import { knownBug } from "./known.ts";
import { minimize } from "./minimize.ts";
import { caseText } from "./source.ts";
import { caseOptions, type CaseResult, type RunConfig, type Task, type ToPool } from "./pool.ts";

const config = workerData as RunConfig;
const reference = config.reference ? await loadReference() : undefined;

parentPort!.on("message", (task: Task) => {
  if (task.seed === config.stallOn) for (;;); // the watchdog's test: a case that never ends
  void (async () => {
    const { path, text } = caseText(task.kind, task.seed);
    const opts: CaseOptions = { ...caseOptions(config, task), reference, path };
    const report = await runCase(text, opts).catch((e: unknown) => crash("runner", e, false));
    const known = knownBug(report);
    let minimized: string | undefined;
    if (report.status !== "ok" && !known && config.minimize) {
      parentPort!.postMessage({ type: "minimizing", id: task.id } satisfies ToPool);
      minimized = await minimize(text, async (t) => sameFailure(report, await runCase(t, opts).catch((e: unknown) => crash("runner", e, false))), { tries: 300, ms: config.minimizeMs });
    }
    const result: CaseResult = {
      ...task,
      report,
      ...(known ? { known } : {}),
      ...(report.status !== "ok" ? { text } : {}),
      ...(minimized !== undefined ? { minimized } : {}),
    };
    parentPort!.postMessage({ type: "result", result } satisfies ToPool);
  })();
});
