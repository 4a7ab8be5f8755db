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
  const backend = new WorkerBackend(__dirname, (error) => onWorkerExit(error));
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { createConnection, ProposedFeatures } = require('vscode-languageserver/node') as typeof import('vscode-languageserver/node');
  const { startServer } = require('./server') as typeof import('./server');
  const { nodeServerHost } = require('./nodeHost') as typeof import('./nodeHost');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const connection = createConnection(ProposedFeatures.all);
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

if (require.main === module) runLanguageServer();
