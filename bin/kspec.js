#!/usr/bin/env node
// The kspec command. Runs the built CLI (dist/, made by `npm ci` / `npm run build`); `run` reports
// anything unexpected as an internal error (exit 70) itself.
const major = Number(process.versions.node.split(".")[0]);
if (major < 22) {
  process.stderr.write(`kspec needs Node.js 22 or newer (this is ${process.version}); run it through npx or npm scripts, which use the project's Node.\n`);
  process.exit(2);
}
const { run } = await import("../dist/cli/main.js");
const pc = (await import("picocolors")).default;
const io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s), color: pc.isColorSupported && process.stdout.isTTY === true };
process.exitCode = await run(process.argv.slice(2), io);
