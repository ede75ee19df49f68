"use strict";
// A thin client: VS Code starts `migralint lsp` for YAML files and talks to it
// over the process's stdin and stdout. Which files are plans, the diagnostics,
// hovers, fixes and waivers are all the server's; nothing is linted here.

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

/** @type {LanguageClient | undefined} */
let client;

/** The server's initializationOptions: only the settings that are set. */
function initializationOptions(settings) {
  const options = { unsafeFixes: settings.get("unsafeFixes", false) };
  const config = settings.get("config", "");
  if (config) {
    options.config = config;
  }
  const baseline = settings.get("baseline", "");
  if (baseline) {
    options.baseline = baseline;
  }
  return options;
}

function createClient() {
  const settings = vscode.workspace.getConfiguration("migralint");
  const folders = vscode.workspace.workspaceFolders;
  /** @type {import("vscode-languageclient/node").ServerOptions} */
  const serverOptions = {
    command: settings.get("path", "migralint"),
    args: ["lsp", ...settings.get("args", [])],
    // No `transport`: the client then speaks over stdio as is.
    // TransportKind.stdio would also append `--stdio` to the arguments.
    // From the workspace folder, so that `.venv/bin/migralint` works as a path.
    options: folders && folders.length > 0 ? { cwd: folders[0].uri.fsPath } : {},
  };
  /** @type {import("vscode-languageclient/node").LanguageClientOptions} */
  const clientOptions = {
    documentSelector: [{ scheme: "file", language: "yaml" }],
    initializationOptions: initializationOptions(settings),
  };
  return new LanguageClient("migralint", "migralint", serverOptions, clientOptions);
}

async function start() {
  client = createClient();
  try {
    await client.start();
  } catch (error) {
    const command = vscode.workspace.getConfiguration("migralint").get("path", "migralint");
    vscode.window.showErrorMessage(
      `migralint: could not start \`${command} lsp\` (${error.message || error}); ` +
        "install migralint or set migralint.path",
    );
  }
}

async function activate(context) {
  await start();
  context.subscriptions.push(
    // The server reads its options once, at start: a changed setting restarts it.
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (!event.affectsConfiguration("migralint")) {
        return;
      }
      const previous = client;
      client = undefined;
      if (previous && previous.isRunning()) {
        await previous.stop().catch(() => undefined);
      }
      await start();
    }),
  );
}

function deactivate() {
  return client && client.isRunning() ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
