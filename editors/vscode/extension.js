// extension.js - starts `polc lsp` for .pol files through VS Code's
// language client (vscode-languageclient, installed with `npm install` in
// this folder when the extension is packaged).
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("polc").get("command") || "polc";
  const server = { command, args: ["lsp"] };
  client = new LanguageClient("polc", "polc", { run: server, debug: server },
                              { documentSelector: [{ scheme: "file", language: "pol" }] });
  client.start();
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
