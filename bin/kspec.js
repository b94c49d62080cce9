#!/usr/bin/env node
// The kspec command. Runs the built CLI (dist/, made by `npm ci` / `npm run build`).
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  process.stderr.write(`kspec needs Node.js 22 or newer (this is ${process.version}); run it through npx or npm scripts, which use the project's Node.\n`);
  process.exit(2);
}
const { main } = await import("../dist/cli/main.js");
void realpathSync, fileURLToPath;
const pc = (await import("picocolors")).default;
const io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s), color: pc.isColorSupported && process.stdout.isTTY === true };
try {
  process.exitCode = await main(process.argv.slice(2), io);
} catch (e) {
  process.stderr.write(`kspec: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\nPlease report this with the spec that caused it.\n`);
  process.exitCode = 70;
}
