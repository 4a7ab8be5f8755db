import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures } from 'vscode-languageserver/browser';
import { Engine } from '../engine';
import { AnalysisService } from '../lsp/analysisService';
import { startServer, type ServerHost } from '../lsp/server';
import { Workspace } from '../lsp/workspace';
import { RULES } from '../rules';
import { clientConfiguration } from './clientConfiguration';
import { clientFolders } from './clientFolders';
import { ClientFiles } from './clientFiles';
import { ClientSources } from './clientSources';
import { InProcessBackend } from './inProcessBackend';
import { FIND_FILES, READ_FILES, READ_PROJECT_FILE, type ClientFileSystem, type ReadProjectFileParams, type WorkerStart } from './protocol';

/**
 * The language server in a browser Web Worker (dist/web/server.js), for vscode.dev, github.dev
 * and a remote's web extension host. The engine runs in this worker too; the workspace's files are
 * listed and read through the client. The first message carries the wasm bytes; LSP follows.
 */
declare const self: { onmessage: ((event: { data: unknown }) => void) | null; close(): void };

self.onmessage = (event) => {
  self.onmessage = null;
  const start = event.data as WorkerStart;
  const connection = createConnection(ProposedFeatures.all, new BrowserMessageReader(self as never), new BrowserMessageWriter(self as never));
  const client: ClientFileSystem = {
    find: (params) => connection.sendRequest<string[]>(FIND_FILES, params),
    read: (uris, maxBytes) => connection.sendRequest<(string | null)[]>(READ_FILES, { uris, maxBytes }),
  };
  const files = new ClientFiles((params: ReadProjectFileParams) => connection.sendRequest<string | null>(READ_PROJECT_FILE, params));
  const sources = new ClientSources(client.read);
  const ready = Engine.create(start, RULES, files.reader).then((engine) => ({ engine, service: new AnalysisService(engine, sources.reader) }));
  ready.catch((error: unknown) => connection.console.error(`Flask Practices could not load its parser: ${String(error)}`));
  const host: ServerHost = {
    ruleDocUri: (rule) => `${start.docsBase}/${rule.meta.code}-${rule.meta.slug}.md`,
    backendStopped: () => self.close(),
    testCommands: false,
    bench: false,
    workspace: (workspaceHost) => new Workspace(workspaceHost, clientFolders(client)),
    projectConfiguration: (knownCodes, tell) => clientConfiguration(client, knownCodes, tell),
  };
  connection.onExit(() => self.close());
  startServer(connection, () => new InProcessBackend(ready, files, sources), host);
};
