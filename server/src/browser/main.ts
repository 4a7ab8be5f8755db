import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures } from 'vscode-languageserver/browser';
import { Engine } from '../engine';
import { AnalysisService } from '../lsp/analysisService';
import { startServer, type ServerHost } from '../lsp/server';
import { RULES } from '../rules';
import { ClientFiles } from './clientFiles';
import { InProcessBackend } from './inProcessBackend';
import { READ_PROJECT_FILE, type ReadProjectFileParams, type WorkerStart } from './protocol';

/**
 * The language server in a browser Web Worker (dist/web/server.js), for vscode.dev, github.dev
 * and a remote's web extension host. The engine runs in this worker too; project files are read
 * through the client. The first message carries the wasm bytes; LSP follows.
 */
declare const self: { onmessage: ((event: { data: unknown }) => void) | null; close(): void };

self.onmessage = (event) => {
  self.onmessage = null;
  const start = event.data as WorkerStart;
  const connection = createConnection(ProposedFeatures.all, new BrowserMessageReader(self as never), new BrowserMessageWriter(self as never));
  const files = new ClientFiles((params: ReadProjectFileParams) => connection.sendRequest<string | null>(READ_PROJECT_FILE, params));
  const ready = Engine.create(start, RULES, files.reader).then((engine) => ({ engine, service: new AnalysisService(engine) }));
  ready.catch((error: unknown) => connection.console.error(`Flask Practices could not load its parser: ${String(error)}`));
  const host: ServerHost = {
    ruleDocUri: (rule) => `${start.docsBase}/${rule.meta.code}-${rule.meta.slug}.md`,
    backendStopped: () => self.close(),
    testCommands: false,
    bench: false,
  };
  connection.onExit(() => self.close());
  startServer(connection, () => new InProcessBackend(ready, files), host);
};
