import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  MessageType,
  ShowMessageNotification,
  TextDocumentEdit,
  TextDocumentSyncKind,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { RULES } from '../rules';
import { effectiveSeverity, fileKindOf, projectPath, type PositionEncoding, type Rule, type Settings, type ConfigProblem } from '../engine';
import type { AnalysisBackend } from './analysisBackend';
import {
  canCreateFiles,
  disableForFileAction,
  disableForLineAction,
  fixAllQuickFix,
  FIX_ALL_TITLE,
  findingsFor,
  FIX_ALL_KIND,
  fixAction,
  fixWorkspaceEdit,
  SHOW_DOCS_COMMAND,
  showDocsAction,
  SOURCE,
  type FixActionData,
} from './codeActions';
import { LastAnalyses } from './movedFindings';
import { hoverAt } from './hover';
import type { AnalysisSummary, FindingSummary } from './protocol';
import { forEachFinding, type DiagnosticFields } from './wireFindings';
import { PublishedDiagnostics } from './publishedDiagnostics';
import { SettingsStore, type ProjectConfiguration } from './settingsStore';
import type { Workspace, WorkspaceHost } from './workspace';

/**
 * Test-only commands, advertised and answered only when the host turns them on (the Node host
 * reads FLASK_PRACTICES_TEST_COMMANDS=1, which the editor tests set): for users they do not exist.
 * One makes the analysis worker throw, which ends the server; the other tells the server's pid,
 * so a test can see that a new process replaced the crashed one.
 */
export const CRASH_COMMAND = 'flaskPractices.debug.crashServer';
export const SERVER_PID_COMMAND = 'flaskPractices.debug.serverPid';
export const STATUS_NOTIFICATION = 'flaskPractices/status';
/** Sent after each publication when the host turns on `bench`: milliseconds from `didChange` received to diagnostics sent. */
export const BENCH_NOTIFICATION = 'flaskPractices/bench';
/** The files the server watches: each configures the folders below it. */
const PYPROJECT_GLOB = '**/pyproject.toml';

const ruleByCode = (code: string): Rule | undefined => RULES.find((r) => r.meta.code === code.toUpperCase());

/** What the server needs from where it runs (Node, nodeHost.ts; a browser worker, browser/main.ts). */
export interface ServerHost {
  /** The address of a rule's documentation (the diagnostic's link, "Show documentation"), if shipped. */
  ruleDocUri(rule: Rule): string | undefined;
  /** The backend stopped for good: the host ends the server, so the client starts a new one. */
  backendStopped(error: Error): void;
  testCommands: boolean;
  bench: boolean;
  /** The server's process id, for a test-only command; undefined where there is no process. */
  pid?: number;
  /** The workspace index and problems for unopened files: the host lists and reads the folders (the disk, or the client's file system). */
  workspace?(host: WorkspaceHost): Workspace;
  /** How pyproject.toml files are found and read: from the disk, or through the client. */
  projectConfiguration?(knownCodes: readonly string[], tell: (problems: ConfigProblem[]) => void): ProjectConfiguration;
}

/**
 * Wires an LSP connection to an analysis backend. The LSP thread keeps the text, the settings
 * and the last analysis of each document; the backend (a worker thread) parses and runs rules.
 */
export function startServer(connection: Connection, createBackend: (onExit: (error: Error) => void) => AnalysisBackend, host: ServerHost): void {
  /** Open documents' versions, and whether each is a Python module: the text lives in the worker, which answers what needs it. */
  const documents = new Map<string, { version: number; python: boolean }>();
  /** Per document, its last analysis, moved through the edits since when read. */
  const analyses = new LastAnalyses();
  /** Per document, what code actions learnt of fixes decided on request, for its last analysis: hovers show it. */
  const availabilities = new Map<string, Map<string, { ok: boolean; reason?: string; safety?: 'safe' | 'unsafe' }>>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const toldTooLarge = new Set<string>();
  let encoding: PositionEncoding = 'utf-16';
  let canAskConfiguration = false;
  let resolveSupported = false;
  /** Whether fixes that create files can be offered (workspace edits with `create` resource operations). */
  let createsFiles = false;
  /** Whether the client takes versioned TextDocumentEdits in a WorkspaceEdit (a fix that edits several files). */
  let documentChangesSupported = false;
  /** For the benchmark only: when each document's last change arrived. */
  const changeReceived = host.bench ? new Map<string, number>() : undefined;
  const testCommandsOn = host.testCommands;

  // Without its worker the server is useless: the host ends it so the client restarts a fresh one.
  const backend = createBackend((error) => host.backendStopped(error));
  /** Workspace folders: a document's path below one decides whether it is test code, and which pyproject.toml applies. */
  let projectRoots: string[] = [];
  let canWatchFiles = false;
  const settings = new SettingsStore(
    connection,
    RULES.map((r) => r.meta.code),
    () => canAskConfiguration,
    () => projectRoots,
    host.projectConfiguration && ((tell) => host.projectConfiguration!(RULES.map((r) => r.meta.code), tell)),
  );

  // The workspace index: the host decides how folders are listed and read.
  const workspace = host.workspace?.({
    connection,
    backend,
    settings,
    encoding: () => encoding,
    diagnosticsOf: (summary) => diagnosticsOf(summary, true),
    bench: host.bench,
    reanalyseOpen: (folderUri) => {
      const prefix = folderUri.endsWith('/') ? folderUri : `${folderUri}/`;
      for (const [uri, document] of documents) if (document.python && uri.startsWith(prefix)) void schedule(uri, 'settings');
    },
  });

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const offered = params.capabilities.general?.positionEncodings ?? [];
    // UTF-16 is LSP's default and what VS Code speaks; honour a client that cannot do it.
    if (offered.length > 0 && !offered.includes('utf-16')) encoding = offered.includes('utf-8') ? 'utf-8' : 'utf-32';
    canAskConfiguration = params.capabilities.workspace?.configuration === true;
    canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    resolveSupported = params.capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') ?? false;
    createsFiles = canCreateFiles(params.capabilities);
    documentChangesSupported = params.capabilities.workspace?.workspaceEdit?.documentChanges === true;
    const options = params.initializationOptions as { settings?: unknown } | undefined;
    settings.setFallback(options?.settings);
    projectRoots = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
    return {
      capabilities: {
        positionEncoding: encoding,
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true },
        executeCommandProvider: { commands: [SHOW_DOCS_COMMAND, ...(testCommandsOn ? [CRASH_COMMAND, SERVER_PID_COMMAND] : [])] },
        ...workspace?.initialize(params),
      },
      serverInfo: { name: 'flask-practices', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    connection.sendNotification(STATUS_NOTIFICATION, { state: 'ready', rules: RULES.length });
    // A pyproject.toml that changes re-checks open documents without a restart.
    if (canWatchFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: PYPROJECT_GLOB }] }).catch((error: unknown) => {
        connection.console.warn(`Could not watch pyproject.toml files: ${String(error)}`);
      });
    }
    workspace?.start();
  });

  // One handler for every watched file: Python modules go to the workspace index, pyproject.toml files re-check open documents.
  connection.onDidChangeWatchedFiles((params) => {
    workspace?.watchedFilesChanged(params);
    if (!params.changes.some((change) => change.uri.endsWith('/pyproject.toml'))) return;
    settings.projectFilesChanged();
    for (const uri of documents.keys()) void schedule(uri, 'settings');
  });

  /**
   * Each rule's docs link, made once and shared by its diagnostics, as are the two `data` objects:
   * a module can publish thousands of findings per keystroke, and nothing changes them once sent.
   */
  const docLinks = new Map<string, Diagnostic['codeDescription']>();
  const docLink = (code: string): Diagnostic['codeDescription'] => {
    if (!docLinks.has(code)) {
      const rule = ruleByCode(code);
      const href = rule ? host.ruleDocUri(rule) : undefined;
      docLinks.set(code, href ? Object.freeze({ href }) : undefined);
    }
    return docLinks.get(code);
  };
  const FIXABLE = Object.freeze({ fixable: true });
  const NOT_FIXABLE = Object.freeze({ fixable: false });

  const published = new PublishedDiagnostics(({ code, message, range, severity, fixable, related }) => {
    const codeDescription = docLink(code);
    const diagnostic: Diagnostic = { range, severity, code, source: SOURCE, message };
    if (codeDescription) diagnostic.codeDescription = codeDescription;
    if (related) diagnostic.relatedInformation = related;
    diagnostic.data = fixable ? FIXABLE : NOT_FIXABLE;
    return diagnostic;
  });

  /** The diagnostics of a summary: an open document's are matched with its last publication, a workspace file's (`once`) are not kept. */
  function diagnosticsOf(summary: AnalysisSummary, once = false): Diagnostic[] {
    const each = (visit: (fields: DiagnosticFields) => void) => forEachFinding(summary, visit);
    return once ? published.once(each) : published.publish(summary.uri, each);
  }

  async function analyse(uri: string): Promise<void> {
    const document = documents.get(uri);
    if (!document) return;
    const version = document.version;
    const current = await settings.forDocument(uri);
    const response = await backend.request({ kind: 'analyse', uri, version, settings: current, encoding });
    // Drop the result if the document moved on or closed while it ran.
    if (response.kind !== 'analysis' || documents.get(uri)?.version !== version) {
      if (response.kind === 'error') connection.console.error(response.message);
      return;
    }
    const summary = response.result;
    analyses.set(uri, summary);
    availabilities.set(uri, new Map());
    reportStatus(current);
    for (const failure of summary.ruleErrors) connection.console.error(`${failure.code} failed on ${uri}: ${failure.error}`);
    if (summary.skipped === 'too-large' && !toldTooLarge.has(uri)) {
      toldTooLarge.add(uri);
      // A notification, not window/showMessageRequest: a client that does not answer that
      // request would leave a rejected promise, and an unhandled rejection ends the process.
      void connection.sendNotification(ShowMessageNotification.type, {
        type: MessageType.Info,
        message: `Flask Practices skipped ${uri.split('/').pop()}: it is larger than flaskPractices.maxFileSizeMb (${current.maxFileSizeMb} MB).`,
      });
    }
    await connection.sendDiagnostics({ uri, version, diagnostics: diagnosticsOf(summary) });
    workspace?.analysed(uri);
    const received = changeReceived?.get(uri);
    if (received !== undefined) {
      changeReceived!.delete(uri);
      void connection.sendNotification(BENCH_NOTIFICATION, { uri, version, serverMs: performance.now() - received });
    }
  }

  /**
   * At most one analysis per document is in flight. Changes that arrive meanwhile mark it dirty,
   * and one more analysis of the newest version follows: stale versions are skipped, not queued.
   */
  const inFlight = new Set<string>();
  const dirty = new Set<string>();
  function runAnalysis(uri: string): void {
    if (inFlight.has(uri)) {
      dirty.add(uri);
      return;
    }
    inFlight.add(uri);
    analyse(uri)
      .catch((error: unknown) => connection.console.error(`Analysis of ${uri} failed: ${String(error)}`))
      .finally(() => {
        inFlight.delete(uri);
        if (dirty.delete(uri) && documents.has(uri)) runAnalysis(uri);
      });
  }

  /** The language status item shows how many rules the last analysed document's settings turn on. */
  let lastActiveCount = -1;
  function reportStatus(current: Settings): void {
    const count = current.enable ? RULES.filter((r) => effectiveSeverity(r.meta.code, r.meta.defaultSeverity, current, r.meta.enabledByDefault)).length : 0;
    if (count === lastActiveCount) return;
    lastActiveCount = count;
    void connection.sendNotification(STATUS_NOTIFICATION, { state: current.enable ? 'ready' : 'disabled', rules: count });
  }

  async function schedule(uri: string, reason: 'open' | 'change' | 'save' | 'settings'): Promise<void> {
    const current = await settings.forDocument(uri);
    if (reason === 'change' && current.run === 'onSave') return;
    clearTimeout(timers.get(uri));
    const delay = reason === 'change' ? current.debounceMs : 0;
    const run = () => {
      timers.delete(uri);
      runAnalysis(uri);
    };
    if (delay <= 0) run();
    else timers.set(uri, setTimeout(run, delay));
  }

  connection.onDidOpenTextDocument(({ textDocument }) => {
    const { uri, languageId, text, version } = textDocument;
    const path = projectPath(uri, projectRoots);
    const kind = fileKindOf(path, languageId);
    if (!kind) return;
    documents.set(uri, { version, python: kind === 'python' });
    backend.notify({ kind: 'open', uri, text, version, path, languageId });
    workspace?.opened(uri);
    void schedule(uri, 'open');
    if (kind === 'python') recheckOtherFiles();
  });

  /**
   * A Dockerfile's `python app.py` reads app.py: when a module opens, changes or closes, the open
   * files other than Python are checked again (the engine caches their analyses per module state).
   */
  function recheckOtherFiles(reason: 'change' | 'settings' = 'settings'): void {
    for (const [uri, document] of documents) if (!document.python) void schedule(uri, reason);
  }

  connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
    changeReceived?.set(textDocument.uri, performance.now());
    const document = documents.get(textDocument.uri);
    if (!document) return; // A change for a document that was never opened: nothing to update.
    const version = textDocument.version ?? document.version + 1;
    document.version = version;
    analyses.edited(textDocument.uri, contentChanges, version, encoding);
    backend.notify({ kind: 'change', uri: textDocument.uri, changes: contentChanges, version, encoding });
    void schedule(textDocument.uri, 'change');
    if (document.python) recheckOtherFiles('change');
  });

  connection.onDidSaveTextDocument(({ textDocument }) => {
    if (documents.has(textDocument.uri)) void schedule(textDocument.uri, 'save');
  });

  connection.onDidCloseTextDocument(({ textDocument }) => {
    const uri = textDocument.uri;
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    const closed = documents.get(uri);
    documents.delete(uri);
    analyses.delete(uri);
    published.forget(uri);
    availabilities.delete(uri);
    settings.forget(uri);
    backend.notify({ kind: 'close', uri });
    if (!workspace?.closed(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
    if (closed?.python) recheckOtherFiles();
  });

  connection.onDidChangeConfiguration((change) => {
    const raw = (change.settings as { flaskPractices?: unknown } | null)?.flaskPractices;
    if (raw !== undefined) settings.setFallback(raw);
    settings.clear();
    for (const uri of documents.keys()) void schedule(uri, 'settings');
    workspace?.settingsChanged();
  });


  // Only what this thread holds: a request to the worker would wait behind any analysis it runs.
  connection.onHover(({ textDocument, position }) => {
    const known = availabilities.get(textDocument.uri);
    return hoverAt(analyses.get(textDocument.uri), position, { rule: ruleByCode }, (finding) =>
      finding.fix?.createsFiles && !createsFiles ? NO_FILE_CREATION : known?.get(keyString(finding.key)),
    );
  });

  connection.onCodeAction(async (params: CodeActionParams): Promise<CodeAction[]> => {
    const uri = params.textDocument.uri;
    const document = documents.get(uri);
    const summary = analyses.get(uri);
    if (!document || !summary || summary.version !== document.version) return [];
    const only = params.context.only;
    const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
    const actions: CodeAction[] = [];

    if (wants(CodeActionKind.QuickFix)) {
      const diagnostics = params.context.diagnostics ?? [];
      // One "Fix all" per menu, however many findings the caret touches (FLK501 and FLK502 share `app.run(debug=True)`).
      // Findings moved through unanalysed edits keep "Disable" and the docs; fixes wait for an analysis of this text.
      let fixAllOffered = summary.moved === true || !summary.findings.some((f) => f.fix?.safety === 'safe');
      for (const finding of findingsFor(diagnostics, summary.findings)) {
        const diagnostic = diagnostics.find((d) => d.code === finding.key.code && d.range?.start.line === finding.range.start.line) ?? diagnosticOf(finding);
        // A fix decided on request is checked before it is listed (and the hover learns why not).
        // A fix that creates files only goes to a client that can create them.
        const offerable = finding.fix && !summary.moved && (!finding.fix.createsFiles || createsFiles);
        if (offerable && (!finding.fix!.decidedOnRequest || (await fixAvailability(finding.key))?.ok)) {
          // Edits wait for codeAction/resolve where the client can.
          // A plan may find the fix safe after all (FLK201's, when it sees every reference it renames).
          const safety = availabilities.get(uri)?.get(keyString(finding.key))?.safety ?? finding.fix!.safety;
          const offered = { ...finding, fix: { ...finding.fix!, safety } };
          if (resolveSupported) actions.push(fixAction(offered, diagnostic));
          else {
            const edit = await fixEdit(finding.key);
            if (edit) actions.push(fixAction(offered, diagnostic, edit));
          }
        }
        const disable = disableForLineAction(finding, diagnostic, uri, summary.noqa);
        if (disable) actions.push(disable);
        const disableFile = disableForFileAction(finding, diagnostic, uri, summary);
        if (disableFile) actions.push(disableFile);
        if (!fixAllOffered) {
          fixAllOffered = true;
          if (resolveSupported) actions.push(fixAllQuickFix(diagnostic, uri, document.version));
          else {
            const edits = await fixAllEdits(uri, document.version);
            if (edits && edits.length > 0) actions.push(fixAllQuickFix(diagnostic, uri, document.version, edits));
          }
        }
        actions.push(showDocsAction(finding.key.code, diagnostic));
      }
    }
    if (only && wants(FIX_ALL_KIND) && only.some((o) => o !== CodeActionKind.QuickFix)) {
      const edits = await fixAllEdits(uri, document.version);
      if (edits && edits.length > 0) actions.push({ title: FIX_ALL_TITLE, kind: FIX_ALL_KIND, edit: { changes: { [uri]: edits } } });
    }
    return actions;
  });

  connection.onCodeActionResolve(async (action) => {
    const data = action.data as FixActionData | undefined;
    if (data?.kind === 'fix') {
      const edit = await fixEdit(data.key);
      if (edit) action.edit = edit;
    } else if (data?.kind === 'fixAll') {
      const edits = await fixAllEdits(data.uri, data.version);
      if (edits) action.edit = { changes: { [data.uri]: edits } };
    }
    return action;
  });

  async function fixAllEdits(uri: string, version: number) {
    const current = await settings.forDocument(uri);
    const response = await backend.request({ kind: 'fixAll', uri, version, settings: current, encoding });
    return response.kind === 'edits' ? response.edits : undefined;
  }

  async function fixAvailability(key: FindingSummary['key']): Promise<{ ok: boolean; reason?: string; safety?: 'safe' | 'unsafe' } | undefined> {
    const current = await settings.forDocument(key.uri);
    const response = await backend.request({ kind: 'fixAvailability', key, settings: current, encoding });
    if (response.kind !== 'availability') return undefined;
    // Kept for hovers while the analysis it belongs to is the last one published.
    if (analyses.get(key.uri)?.version === key.version) availabilities.get(key.uri)?.set(keyString(key), response);
    return response;
  }

  /**
   * A fix as one WorkspaceEdit: its document's edits and, for a fix that edits other files of the
   * project too, theirs, as versioned TextDocumentEdits where the client takes them. Undefined when
   * the fix is gone or edits nothing.
   */
  async function fixEdit(key: FindingSummary['key']): Promise<WorkspaceEdit | undefined> {
    const current = await settings.forDocument(key.uri);
    const response = await backend.request({ kind: 'fix', key, settings: current, encoding });
    if (response.kind !== 'edits' || (response.edits.length === 0 && !response.files?.length)) return undefined;
    // A fix that creates files: CreateFile operations and the document's edits (codeActions.ts).
    if (response.files?.length) return fixWorkspaceEdit(key.uri, key.version, response.edits, response.files);
    const others = response.otherFiles ?? [];
    if (others.length === 0) return { changes: { [key.uri]: response.edits } };
    if (!documentChangesSupported) return { changes: Object.fromEntries([[key.uri, response.edits], ...others.map((o) => [o.uri, o.edits])]) };
    return {
      documentChanges: [
        TextDocumentEdit.create({ uri: key.uri, version: key.version }, response.edits),
        ...others.map((o) => TextDocumentEdit.create({ uri: o.uri, version: o.version }, o.edits)),
      ],
    };
  }

  connection.onExecuteCommand(async ({ command, arguments: args }) => {
    if (command === SHOW_DOCS_COMMAND) {
      const rule = ruleByCode(String(args?.[0] ?? ''));
      const uri = rule ? host.ruleDocUri(rule) : undefined;
      if (uri) await connection.window.showDocument({ uri, takeFocus: true });
    } else if (testCommandsOn && command === CRASH_COMMAND) {
      // The worker throws; the backend's exit handler above then ends this process with code 1.
      await backend.request({ kind: 'crash' });
    } else if (testCommandsOn && command === SERVER_PID_COMMAND) {
      return host.pid ?? null;
    }
    return null;
  });

  connection.onShutdown(async () => {
    for (const timer of timers.values()) clearTimeout(timer);
    workspace?.dispose();
    await backend.dispose();
  });

  connection.listen();
}

/** Why the hover shows no fix that creates files, to a client that cannot create them. */
const NO_FILE_CREATION = { ok: false, reason: 'this editor cannot create files through the language server (workspace edits with `create` resource operations)' };

function keyString(key: FindingSummary['key']): string {
  return `${key.version}:${key.code}:${key.start}:${key.end}`;
}

function diagnosticOf(finding: FindingSummary): Diagnostic {
  return { range: finding.range, severity: finding.severity, code: finding.key.code, source: SOURCE, message: finding.message };
}
