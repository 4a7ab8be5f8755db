/**
 * A small LSP client for tests: it spawns the BUILT server (`node dist/server.js --stdio`, the
 * bundle users run) and talks JSON-RPC to it over stdio. Tests wait for events (a diagnostics
 * publication, a response), never for a fixed time; the only timer is a failure deadline.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  CodeActionRequest,
  CodeActionResolveRequest,
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DocumentDiagnosticRequest,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  ExecuteCommandRequest,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShowDocumentRequest,
  ShowMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  WorkDoneProgressCreateRequest,
  WorkspaceDiagnosticRequest,
  StreamMessageWriter,
  type ClientCapabilities,
  type CodeAction,
  type CodeActionContext,
  type Command,
  type ConfigurationParams,
  type DocumentDiagnosticReport,
  type FileEvent,
  type Registration,
  type WorkspaceDiagnosticReport,
  type Hover,
  type MarkupContent,
  type InitializeResult,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type ShowDocumentParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

/** The repository: the nearest folder up with a package.json (this file also runs bundled into bench/.run.js). */
export const ROOT = repositoryRoot(__dirname);

function repositoryRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return join(__dirname, '..', '..');
  }
}
export const SERVER_BUNDLE = join(ROOT, 'dist', 'server.js');
export const CLI_BUNDLE = join(ROOT, 'dist', 'cli.js');

/** How long a test may wait for an event before it fails (a deadline, not a sleep). */
const DEADLINE_MS = 30_000;

export interface ClientOptions {
  /** Client capabilities; defaults to {@link capabilities}(). */
  capabilities?: ClientCapabilities;
  /** Sent as `initializationOptions.settings`; `debounceMs: 0` is added unless given. */
  settings?: Record<string, unknown>;
  /** Answers the server's `workspace/configuration` requests (only asked when the capability is on). */
  configuration?: (params: ConfigurationParams) => unknown[];
  /** The command line after `node`; defaults to the server bundle with `--stdio`. */
  command?: string[];
  env?: Record<string, string>;
  /** Workspace folder URIs sent in `initialize` (none by default). */
  workspaceFolders?: string[];
}

/** Client capabilities for a test: code actions with or without lazy resolve, configuration, encodings. */
/** The Markdown of a hover, asserting that there is one and that it is Markdown. */
export function hoverMarkdown(hover: Hover | null): string {
  assert.ok(hover, 'a hover');
  const contents = hover.contents as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  return contents.value;
}

export function capabilities(options: { resolve?: boolean; configuration?: boolean; encodings?: string[]; watchFiles?: boolean } = {}): ClientCapabilities {
  const caps: ClientCapabilities = {
    workspace: {
      configuration: options.configuration ?? false,
      didChangeConfiguration: { dynamicRegistration: false },
      ...(options.watchFiles ? { didChangeWatchedFiles: { dynamicRegistration: true } } : {}),
    },
    textDocument: {
      synchronization: { didSave: true },
      publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
      hover: { contentFormat: ['markdown', 'plaintext'] },
      codeAction: {
        codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
        isPreferredSupport: true,
        dataSupport: true,
        ...(options.resolve ? { resolveSupport: { properties: ['edit'] } } : {}),
      },
    },
    window: { showDocument: { support: true } },
  };
  if (options.encodings) caps.general = { positionEncodings: options.encodings };
  return caps;
}

interface Publication {
  seq: number;
  params: PublishDiagnosticsParams;
}

interface Waiter {
  uri: string;
  since: number;
  predicate: (params: PublishDiagnosticsParams) => boolean;
  resolve: (params: PublishDiagnosticsParams) => void;
}

const live = new Set<ChildProcessWithoutNullStreams>();
// Whatever happens to a test, no server outlives the test process.
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export class LspClient {
  readonly publications: Publication[] = [];
  /** Per URI, the publication count when the last change was sent: later ones answer it. */
  private readonly marks = new Map<string, number>();
  private readonly waiters = new Set<Waiter>();
  private readonly versions = new Map<string, number>();
  readonly shownDocuments: ShowDocumentParams[] = [];
  readonly messages: { type: number; message: string }[] = [];
  /** Dynamic registrations the server asked for. */
  readonly registrations: Registration[] = [];
  /** `$/progress` values, in order. */
  readonly progress: { kind: string; title?: string; message?: string }[] = [];
  readonly logs: string[] = [];
  stderr = '';
  initializeResult!: InitializeResult;
  private exited = false;
  private readonly exitPromise: Promise<number | null>;

  private constructor(
    readonly child: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
  ) {
    this.exitPromise = new Promise((resolve) => {
      child.on('exit', (code) => {
        this.exited = true;
        live.delete(child);
        resolve(code);
      });
    });
  }

  /** Spawns the server, initializes it with the given capabilities and settings, and sends `initialized`. */
  static async start(options: ClientOptions = {}): Promise<LspClient> {
    if (!options.command && !existsSync(SERVER_BUNDLE)) throw new Error(`${SERVER_BUNDLE} is missing: run node scripts/build.mjs first`);
    const child = spawn(process.execPath, options.command ?? [SERVER_BUNDLE, '--stdio'], {
      cwd: ROOT,
      env: { ...process.env, ...options.env },
      stdio: 'pipe',
    });
    live.add(child);
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new LspClient(child, connection);
    child.stderr.on('data', (chunk: Buffer) => (client.stderr += chunk.toString()));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => client.record(params));
    connection.onNotification(LogMessageNotification.type, (params) => {
      client.logs.push(params.message);
    });
    connection.onNotification(ShowMessageNotification.type, (params) => {
      client.messages.push(params);
    });
    connection.onRequest(ShowDocumentRequest.type, (params) => {
      client.shownDocuments.push(params);
      return { success: true };
    });
    connection.onRequest(RegistrationRequest.type, (params) => {
      client.registrations.push(...params.registrations);
      return undefined;
    });
    connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    connection.onNotification('$/progress', (params: { value: { kind: string; title?: string; message?: string } }) => {
      client.progress.push(params.value);
    });
    connection.onRequest(ConfigurationRequest.type, (params) => options.configuration?.(params) ?? params.items.map(() => null));
    connection.listen();

    client.initializeResult = await client.deadline(
      connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: null,
        workspaceFolders: options.workspaceFolders?.map((uri) => ({ uri, name: uri.slice(uri.lastIndexOf('/') + 1) })) ?? null,
        capabilities: options.capabilities ?? capabilities(),
        initializationOptions: { settings: { debounceMs: 0, ...options.settings } },
      }),
      'initialize',
    );
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  get positionEncoding(): string {
    return this.initializeResult.capabilities.positionEncoding ?? 'utf-16';
  }

  open(uri: string, text: string, version = 1, languageId = 'python'): void {
    this.versions.set(uri, version);
    this.mark(uri);
    void this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
  }

  /** Sends content changes (incremental ones carry a range) with the next version number. */
  change(uri: string, changes: TextDocumentContentChangeEvent[], version = (this.versions.get(uri) ?? 0) + 1): number {
    this.versions.set(uri, version);
    this.mark(uri);
    void this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  /** Sends `didSave`; the server analyses on save when `run` is `onSave`. */
  save(uri: string): void {
    this.mark(uri);
    void this.connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri } });
  }

  close(uri: string): void {
    this.versions.delete(uri);
    this.mark(uri);
    void this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** Sends `workspace/didChangeConfiguration`; every open document's next publication answers it. */
  changeConfiguration(settings: unknown): void {
    for (const uri of this.versions.keys()) this.mark(uri);
    void this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings });
  }

  /** Sends `workspace/didChangeWatchedFiles`; every open document's next publication answers it. */
  changeWatchedFiles(changes: FileEvent[]): void {
    for (const uri of this.versions.keys()) this.mark(uri);
    void this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  version(uri: string): number | undefined {
    return this.versions.get(uri);
  }

  /**
   * The first publication for `uri` after the last open/change/close/configuration sent for it
   * that satisfies `predicate`. Fails after a deadline, showing what did arrive.
   */
  waitForDiagnostics(uri: string, predicate: (params: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    const since = this.marks.get(uri) ?? 0;
    const found = this.publications.find((p) => p.seq >= since && p.params.uri === uri && predicate(p.params));
    if (found) return Promise.resolve(found.params);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { uri, since, predicate, resolve };
      this.waiters.add(waiter);
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.publications.filter((p) => p.params.uri === uri && p.seq >= since).map((p) => JSON.stringify(p.params.diagnostics.map((d) => [d.code, d.range])));
        reject(new Error(`no matching diagnostics for ${uri} within ${DEADLINE_MS} ms; got: ${seen.join(' | ') || 'nothing'}\nserver stderr: ${this.stderr}`));
      }, DEADLINE_MS);
      waiter.resolve = (params) => {
        clearTimeout(timer);
        resolve(params);
      };
    });
  }

  /** Waits for the publication of the version last sent (the current text's diagnostics). */
  waitForCurrent(uri: string): Promise<PublishDiagnosticsParams> {
    const version = this.versions.get(uri);
    return this.waitForDiagnostics(uri, (p) => version === undefined || p.version === undefined || p.version === version);
  }

  /** Sends `workspace/didChangeWatchedFiles`. */
  filesChanged(changes: FileEvent[]): void {
    for (const change of changes) this.mark(change.uri);
    void this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  /** `textDocument/diagnostic` (pull). */
  pullDocument(uri: string, previousResultId?: string): Promise<DocumentDiagnosticReport> {
    return this.deadline(this.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri }, ...(previousResultId ? { previousResultId } : {}) }), 'textDocument/diagnostic');
  }

  /** `workspace/diagnostic` (pull); the server answers once some report differs from `previous` (uri → result id). */
  pullWorkspace(previous: ReadonlyMap<string, string> = new Map()): Promise<WorkspaceDiagnosticReport> {
    const previousResultIds = [...previous].map(([uri, value]) => ({ uri, value }));
    return this.deadline(this.connection.sendRequest(WorkspaceDiagnosticRequest.type, { previousResultIds }), 'workspace/diagnostic');
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.deadline(this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }), 'hover');
  }

  codeActions(uri: string, range: Range, context: CodeActionContext): Promise<(Command | CodeAction)[] | null> {
    return this.deadline(this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context }), 'codeAction');
  }

  resolve(action: CodeAction): Promise<CodeAction> {
    return this.deadline(this.connection.sendRequest(CodeActionResolveRequest.type, action), 'codeAction/resolve');
  }

  executeCommand(command: string, args: unknown[] = []): Promise<unknown> {
    return this.deadline(this.connection.sendRequest(ExecuteCommandRequest.type, { command, arguments: args }), 'executeCommand');
  }

  /** True while the server process runs. */
  get alive(): boolean {
    return !this.exited;
  }

  /** shutdown + exit, then kill the process if it is still there. Safe to call twice and after a failure. */
  async dispose(): Promise<void> {
    if (!this.exited) {
      try {
        await Promise.race([this.connection.sendRequest(ShutdownRequest.type), this.timeout(5_000, 'shutdown')]);
        await this.connection.sendNotification(ExitNotification.type);
        await Promise.race([this.exitPromise, this.timeout(5_000, 'exit')]);
      } catch {
        // A server that does not shut down cleanly is killed below.
      }
    }
    this.connection.dispose();
    if (!this.exited) {
      this.child.kill('SIGKILL');
      await this.exitPromise;
    }
  }

  /** The exit code once the process has ended (after `dispose`). */
  exitCode(): Promise<number | null> {
    return this.exitPromise;
  }

  private record(params: PublishDiagnosticsParams): void {
    const publication = { seq: this.publications.length, params };
    this.publications.push(publication);
    for (const waiter of [...this.waiters]) {
      if (waiter.uri === params.uri && publication.seq >= waiter.since && waiter.predicate(params)) {
        this.waiters.delete(waiter);
        waiter.resolve(params);
      }
    }
  }

  /** Later waits for `uri` look only at publications from now on. */
  mark(uri: string): void {
    this.marks.set(uri, this.publications.length);
  }

  private deadline<T>(promise: Promise<T>, what: string): Promise<T> {
    return Promise.race([promise, this.timeout(DEADLINE_MS, what)]);
  }

  private timeout(ms: number, what: string): Promise<never> {
    return new Promise((_, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms\nserver stderr: ${this.stderr}`)), ms);
      timer.unref();
    });
  }
}
