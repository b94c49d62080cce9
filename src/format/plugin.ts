// The kspec prettier plugin (`prettier --plugin kspec/prettier`): the `kspec` language for
// `*.kspec` files, a parser that reuses the kspec CST parser, and the printer. House style by
// default: 100 columns, 2-space indentation; a prettier configuration file overrides both.
import type { Plugin, SupportLanguage } from "prettier";
import { locEnd, locStart, type KNode } from "./cst.ts";
import { parse } from "./parse.ts";
import { DEFAULT_COMMENT_COLUMN, printer } from "./printer.ts";

export const languages: SupportLanguage[] = [
  { name: "kspec", parsers: ["kspec"], extensions: [".kspec"], vscodeLanguageIds: ["kspec"] },
];

export const parsers: Plugin<KNode>["parsers"] = {
  kspec: { parse, astFormat: "kspec-cst", locStart, locEnd },
};

export const printers: Plugin<KNode>["printers"] = { "kspec-cst": printer };

export const options: Plugin["options"] = {
  kspecCommentColumn: {
    type: "int",
    category: "kspec",
    default: DEFAULT_COMMENT_COLUMN,
    range: { start: 0, end: Number.POSITIVE_INFINITY, step: 1 },
    description: "Column where end-of-line comments start (at most half the print width; 0: one space after the code).",
  },
};

export const defaultOptions: Plugin["defaultOptions"] = { printWidth: 100, tabWidth: 2 };

const plugin: Plugin<KNode> = { languages, parsers, printers, options, defaultOptions };
export default plugin;
