import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { WorkerBackend } from './analysisBackend';
import { startServer } from './server';

/**
 * The language server's entry point (dist/server.js). The transport comes from the command
 * line, as vscode-languageserver reads it: `--stdio`, `--node-ipc` or `--socket=N`.
 */
export function runLanguageServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  startServer(connection, (onExit) => new WorkerBackend(__dirname, onExit), __dirname);
}

if (require.main === module) runLanguageServer();
