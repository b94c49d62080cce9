// Generates grammar/diagrams.html: chevrotain's railroad ("syntax") diagrams of the kspec parser.
//
//   node scripts/grammar-diagrams.ts           write grammar/diagrams.html
//   node scripts/grammar-diagrams.ts --check   exit 1 if grammar/diagrams.html is out of date
//
// By default chevrotain's HTML loads its rendering scripts and stylesheet from unpkg.com. We point
// them at the copies chevrotain ships in node_modules instead (`resourceBase` / `css`; the API has no
// option to inline them). The paths are relative to grammar/, so the page renders offline from a
// checkout with dependencies installed; it does not render from a published package, where
// node_modules/chevrotain is not next to grammar/.
//
// The output is deterministic: it depends only on the parser's rule definitions (no version,
// date or absolute path is embedded), and it is written with "\n" line endings.
import { readFileSync, realpathSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createSyntaxDiagramsCode } from "chevrotain";
import { parser } from "../src/syntax/parser.ts";

/** Where the generated page lives. */
export const DIAGRAMS_PATH: string = fileURLToPath(new URL("../grammar/diagrams.html", import.meta.url));

/** chevrotain's diagram resources, relative to grammar/diagrams.html. */
const RESOURCE_BASE = "../node_modules/chevrotain/diagrams/";

/** The HTML that grammar/diagrams.html should contain. */
export function generateDiagramsHtml(): string {
  const html = createSyntaxDiagramsCode(parser.getSerializedGastProductions(), {
    resourceBase: RESOURCE_BASE,
    css: `${RESOURCE_BASE}diagrams.css`,
  });
  // chevrotain starts the page with a blank line and leaves trailing blanks on one line; tidy both
  // so editors and `git diff --check` leave the file alone.
  return html.replace(/^\n+/, "").replace(/[ \t]+$/gm, "");
}

function main(argv: string[]): number {
  const check = argv.includes("--check");
  const unknown = argv.filter((a) => a !== "--check");
  if (unknown.length > 0) {
    console.error(`grammar-diagrams: unknown argument(s): ${unknown.join(" ")}\nusage: node scripts/grammar-diagrams.ts [--check]`);
    return 2;
  }
  const html = generateDiagramsHtml();
  if (check) {
    let current: string | undefined;
    try {
      current = readFileSync(DIAGRAMS_PATH, "utf8");
    } catch {
      current = undefined;
    }
    if (current !== html) {
      console.error(
        `grammar-diagrams: ${current === undefined ? "grammar/diagrams.html is missing" : "grammar/diagrams.html is out of date"}; run \`npm run grammar\` to regenerate it`,
      );
      return 1;
    }
    console.log("grammar-diagrams: grammar/diagrams.html is up to date");
    return 0;
  }
  writeFileSync(DIAGRAMS_PATH, html);
  console.log(`grammar-diagrams: wrote grammar/diagrams.html (${parser.getSerializedGastProductions().length} rules)`);
  return 0;
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return pathToFileURL(realpathSync(entry)).href === pathToFileURL(realpathSync(fileURLToPath(import.meta.url))).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  process.exitCode = main(process.argv.slice(2));
}
