import { format, inspect } from 'node:util';
import type { Connection, MessageReader } from 'vscode-languageserver/node';
import { join } from 'node:path';
import { codeCacheDir, requireBundle } from '../host/codeCache';
import { WorkerBackend } from './analysisBackend';

/**
 * The language server's entry point (dist/server.js). The transport comes from the command
 * line, as vscode-languageserver reads it: `--stdio`, `--node-ipc` or `--socket=N`.
 */
export function runLanguageServer(): void {
  // The analysis worker starts first, so that its start (loading the engine, compiling the parser,
  // a warm-up run) overlaps loading the LSP library below and the handshake: the first
  // diagnostics come sooner. Until the connection exists, a failed worker just ends the process.
  let onWorkerExit = (_error: Error): void => process.exit(1);
  let saveCodeCache = (): void => {};
  const backend = new WorkerBackend(__dirname, (error) => onWorkerExit(error), () => saveCodeCache());
  // A bundle of its own (dist/lspServer.js; scripts/build.mjs), nothing of which is read before
  // this line, loaded through V8's code cache (codeCache.ts).
  const lsp = requireBundle(join(__dirname, 'lspServer.js'), module, codeCacheDir());
  saveCodeCache = () => lsp.saveCodeCache();
  const { createConnection, ProposedFeatures, startServer, nodeServerHost, StreamWriter } = lsp.exports as typeof import('./lspServer');
  let connection: Connection;
  if (process.argv.includes('--stdio')) {
    // Our writer (messageWriter.ts) over stdout. vscode-languageserver builds stdio connections
    // itself only when it picks both streams; it then also sends console output to the client, as
    // stdout carries the protocol: done here the same way. stdin stays a stream, so that the
    // library still ends the process when the client closes it.
    connection = createConnection(ProposedFeatures.all, process.stdin as unknown as MessageReader, new StreamWriter(process.stdout));
    consoleToClient(connection);
  } else {
    connection = createConnection(ProposedFeatures.all);
  }
  // A stray rejected promise (say, a client that answers a server request with an error) is
  // logged; by default Node would end the process, and with it every open document's checks.
  process.on('unhandledRejection', (reason) => {
    connection.console.error(`Unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
  });
  startServer(
    connection,
    (onExit) => {
      onWorkerExit = onExit;
      return backend;
    },
    nodeServerHost(__dirname),
  );
}

/** Console output as log messages to the client. */
function consoleToClient(connection: Connection): void {
  const text = (args: unknown[]) => format(...args);
  console.log = console.info = console.debug = (...args: unknown[]) => connection.console.log(text(args));
  console.warn = (...args: unknown[]) => connection.console.warn(text(args));
  console.error = console.trace = (...args: unknown[]) => connection.console.error(text(args));
  console.dir = (value: unknown) => connection.console.log(inspect(value));
}

if (require.main === module) runLanguageServer();
