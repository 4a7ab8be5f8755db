import * as vscode from 'vscode';
import { BrowserMessageReader, BrowserMessageWriter, LanguageClient } from 'vscode-languageclient/browser';
import type { WorkerStart } from '../../../server/src/browser/protocol';
import { documentSelector, startClient } from '../common';
import { answerFileRequests } from './fileRequests';

/**
 * The client for the browser (vscode.dev, github.dev, a remote's web extension host): the language
 * server runs in a Web Worker (dist/web/server.js), and lists and reads the workspace's files through this client.
 */
declare class Worker {
  constructor(url: string);
  postMessage(message: unknown): void;
  terminate(): void;
}

/** Where a browser workspace's files live: GitHub repositories (vscode-vfs), a remote, @vscode/test-web, local folders. */
const SCHEMES = ['file', 'vscode-vfs', 'vscode-remote', 'vscode-test-web'];

let client: LanguageClient | undefined;
let worker: Worker | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
  await startClient(context, documentSelector(SCHEMES), (options) => {
    client = new LanguageClient('flaskPractices', 'Flask Practices', async () => {
      worker?.terminate();
      worker = await startWorker(dist);
      // Transports, not the Worker: VS Code's web extension host patches `Worker`, so the client's
      // `instanceof Worker` check fails on one.
      return { reader: new BrowserMessageReader(worker as never), writer: new BrowserMessageWriter(worker as never) };
    }, options);
    answerFileRequests(client);
    return client;
  });
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  worker?.terminate();
  client = undefined;
  worker = undefined;
}

/**
 * Starts the server's worker and sends it the wasm bytes. Where the extension has an http(s)
 * address the worker loads from it; a `vscode-remote://` one cannot start a worker, so the bundle
 * is read and started from a `blob:` URL, which then cannot fetch the wasm files: they go as bytes.
 */
async function startWorker(dist: vscode.Uri): Promise<Worker> {
  const server = vscode.Uri.joinPath(dist, 'web', 'server.js');
  const web = server.scheme === 'http' || server.scheme === 'https';
  const [script, treeSitterWasm, pythonWasm] = await Promise.all([
    web ? undefined : readExtensionFile(server),
    readExtensionFile(vscode.Uri.joinPath(dist, 'web-tree-sitter.wasm')),
    readExtensionFile(vscode.Uri.joinPath(dist, 'tree-sitter-python.wasm')),
  ]);
  const started = new Worker(script ? URL.createObjectURL(new Blob([script], { type: 'text/javascript' })) : server.toString(true));
  const start: WorkerStart = { treeSitterWasm, pythonWasm, docsBase: vscode.Uri.joinPath(dist, '..', 'docs', 'rules').toString() };
  started.postMessage(start);
  return started;
}

async function readExtensionFile(uri: vscode.Uri): Promise<Uint8Array> {
  if (uri.scheme !== 'http' && uri.scheme !== 'https') return vscode.workspace.fs.readFile(uri);
  const response = await fetch(uri.toString(true));
  if (!response.ok) throw new Error(`cannot read ${uri.toString(true)}: ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
