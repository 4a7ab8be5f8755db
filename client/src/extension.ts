import * as path from 'node:path';
import type * as vscode from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import { documentSelector, startClient } from './common';

/**
 * The thin client for desktop VS Code (and a remote's Node extension host): it starts the language
 * server over stdio, where the server writes each diagnostic's JSON once and reuses it on every
 * keystroke (server/src/lsp/messageWriter.ts); over IPC, Node would encode every message whole.
 * All checking happens in the server.
 */
let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  await startClient(context, documentSelector(['file']), (options) => {
    client = new LanguageClient('flaskPractices', 'Flask Practices', serverOptions, options);
    return client;
  });
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
