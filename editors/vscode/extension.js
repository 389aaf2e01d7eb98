// The mmspec extension: starts `mmspec lsp` for .mmspec files and lets vscode-languageclient speak
// the protocol. Everything else (diagnostics, definitions, hovers, the outline) is the server's.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const settings = vscode.workspace.getConfiguration('mmspec.server');
  const command = settings.get('command', 'mmspec');
  const args = [...settings.get('extraArgs', []), 'lsp'];
  // stdio transport: the server owns stdout, and bin/mmspec prints its first-use build note to stderr.
  const server = { command, args, options: { env: process.env } };
  client = new LanguageClient('mmspec', 'mmspec language server', server, {
    documentSelector: [{ scheme: 'file', language: 'mmspec' }, { scheme: 'untitled', language: 'mmspec' }],
  });
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
