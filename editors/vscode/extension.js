// The kspec extension for VS Code: the language client that starts `kspec lsp` (diagnostics,
// formatting, definition, hover, outline, rename all come from the server); highlighting is the
// TextMate grammar in syntaxes/ (a copy of grammar/kspec.tmLanguage.json).
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { workspace, window } = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

/** How to run kspec: the setting, else the workspace's install, else the repository's own bin, else PATH. */
function serverCommand() {
  const configured = workspace.getConfiguration("kspec").get("server.path");
  if (configured) return { command: configured, args: ["lsp"] };
  for (const folder of workspace.workspaceFolders ?? []) {
    const root = folder.uri.fsPath;
    const local = path.join(root, "node_modules", ".bin", process.platform === "win32" ? "kspec.cmd" : "kspec");
    if (fs.existsSync(local)) return { command: local, args: ["lsp"] };
    const own = path.join(root, "bin", "kspec.js");
    if (fs.existsSync(own) && fs.existsSync(path.join(root, "dist", "cli", "main.js"))) return { command: "node", args: [own, "lsp"] };
  }
  return { command: "kspec", args: ["lsp"] };
}

async function activate(context) {
  const { command, args } = serverCommand();
  const serverOptions = { command, args, transport: TransportKind.stdio };
  const clientOptions = { documentSelector: [{ language: "kspec" }], outputChannelName: "kspec" };
  client = new LanguageClient("kspec", "kspec language server", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (e) {
    void window.showErrorMessage(`kspec: could not start \`${command} ${args.join(" ")}\` (${e instanceof Error ? e.message : String(e)}); set kspec.server.path`);
  }
  context.subscriptions.push(client);
}

function deactivate() {
  return client?.stop();
}

module.exports = { activate, deactivate };
