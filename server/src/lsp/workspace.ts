import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type ClientCapabilities,
  type Connection,
  type Diagnostic,
  type DidChangeWatchedFilesParams,
  type InitializeParams,
  type ServerCapabilities,
} from 'vscode-languageserver';
import { isExcludedPath, type PositionEncoding, type Settings } from '../engine';
import type { AnalysisBackend } from './analysisBackend';
import { PhaseProgress } from './phaseProgress';
import type { AnalysisSummary, WorkerResponse, WorkspaceFile } from './protocol';
import type { SettingsStore } from './settingsStore';
import { uriKey, WorkspaceDiagnostics } from './workspaceDiagnostics';
import type { FolderFiles, OpenFolder } from './workspaceFolders';

/** Files per indexing request, and the worker time one request may take: an open document's analysis waits for at most one. */
const INDEX_BATCH = 32;
const INDEX_BUDGET_MS = 15;
/** Disk events handled per request. */
const EVENT_BATCH = 32;
/**
 * After an open document's analysis, how long to wait before indexing its editor text: at least
 * this, and several times what indexing it cost last time. Indexing builds the module's Flask
 * model afresh (a quarter to half of a full analysis: over 100 ms at 50,000 lines), and a
 * keystroke meanwhile waits for it, so a large module is indexed only once typing has paused.
 */
const INDEX_OPEN_DELAY_MS = 500;
const INDEX_OPEN_COST_FACTOR = 10;
/** Sent after each index update for changed files when FLASK_PRACTICES_BENCH=1: the worker's time for it. */
export const BENCH_INDEX_NOTIFICATION = 'flaskPractices/benchIndex';

export interface WorkspaceHost {
  connection: Connection;
  backend: AnalysisBackend;
  settings: SettingsStore;
  encoding(): PositionEncoding;
  diagnosticsOf(summary: AnalysisSummary): Diagnostic[];
  /** Re-analyses the open Python documents under a folder: what their project tells them changed. */
  reanalyseOpen(folderUri: string): void;
  /** Sends {@link BENCH_INDEX_NOTIFICATION}s. */
  bench: boolean;
}

interface Folder {
  uri: string;
  /** How the host lists the folder and spells its files' URIs. */
  fs: FolderFiles;
  settings: Settings | undefined;
  /** Python files of the folder, by path relative to it. */
  files: Map<string, Entry>;
  /** Facts changed while the first scan ran: open documents are re-analysed once it ends. */
  changedDuringScan: boolean;
  /** The listing found every Python file (none left out by the file limit). */
  listedAll: boolean;
}

interface Entry extends WorkspaceFile {
  folder: Folder;
  /** The URI the editor opened the file under (its spelling may differ from `location`), while it is open. */
  openUri: string | undefined;
  /** What indexing its editor text cost last time, in ms. */
  openIndexMs: number;
}

type Task = () => Promise<unknown>;
type Indexed = Extract<WorkerResponse, { kind: 'indexed' }>;

/**
 * The workspace seen by the language server: each folder's Python files are read into the
 * worker's project index, kept current through file events and open documents' text, and, with
 * `flaskPractices.scope: workspace`, analysed so that files nobody opened show their problems too.
 *
 * All of it is low-priority work: one request at a time goes to the worker, each short, so an
 * open document's analysis (sent straight to the worker) waits behind one at most.
 */
export class Workspace {
  private folders: Folder[] = [];
  private readonly entries = new Map<string, Entry>();
  /** Open documents by URI key, workspace files or not: a file the scan finds later may be open already. */
  private readonly openUris = new Map<string, string>();
  private diagnostics!: WorkspaceDiagnostics;
  private capabilities: ClientCapabilities = {};
  /** Work waiting, in the order it is taken: disk events, open documents' text, the first scan, analyses. */
  private readonly diskEvents = new Map<string, { entry: Entry; deleted: boolean }>();
  private readonly openToIndex = new Set<Entry>();
  private readonly toScan: Entry[] = [];
  private readonly toAnalyse = new Set<Entry>();
  private readonly openTimers = new Map<Entry, ReturnType<typeof setTimeout>>();
  private listing = 0;
  private busy = false;
  private disposed = false;
  private toldLimit = false;
  private indexing?: PhaseProgress;
  private checking?: PhaseProgress;

  constructor(
    private readonly host: WorkspaceHost,
    /** The host's file system: the disk in Node, the client's `workspace.fs` in a browser. */
    private readonly openFolder: OpenFolder,
  ) {}

  /** Reads the client's capabilities and folders; returns what the server adds to its own capabilities. */
  initialize(params: InitializeParams): Partial<ServerCapabilities> {
    this.capabilities = params.capabilities;
    const pull = params.capabilities.textDocument?.diagnostic !== undefined;
    this.diagnostics = new WorkspaceDiagnostics(this.host.connection, pull ? 'pull' : 'push');
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    for (const uri of folders) {
      const fs = this.openFolder(uri);
      if (fs) this.folders.push({ uri, fs, settings: undefined, files: new Map(), changedDuringScan: false, listedAll: false });
    }
    if (!pull) return {};
    this.diagnostics.listen();
    // Open documents are pushed; their pulled reports are empty, so no pull depends on another file's.
    return { diagnosticProvider: { identifier: 'flask-practices-workspace', interFileDependencies: false, workspaceDiagnostics: true } };
  }

  /** After `initialized`: watches Python files and indexes every folder. */
  start(): void {
    if (this.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      this.host.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.py' }] }).then(undefined, (error: unknown) => {
        this.host.connection.console.warn(`Flask Practices could not watch Python files: ${String(error)}`);
      });
    }
    if (this.folders.length === 0) return;
    this.indexing = new PhaseProgress(this.host.connection, 'Flask Practices: indexing');
    for (const folder of this.folders) void this.scan(folder);
  }

  /** An open document: its open-document analysis replaces its workspace problems. */
  opened(uri: string): void {
    this.openUris.set(uriKey(uri), uri);
    const entry = this.entries.get(uriKey(uri));
    if (entry) this.markOpen(entry, uri);
  }

  private markOpen(entry: Entry, uri: string): void {
    entry.openUri = uri;
    this.diagnostics.hide(entry.location);
  }

  /** After each analysis of an open document: its editor text is indexed once typing pauses. */
  analysed(uri: string): void {
    const entry = this.entries.get(uriKey(uri));
    if (!entry?.openUri) return;
    clearTimeout(this.openTimers.get(entry));
    const timer = setTimeout(() => {
      this.openTimers.delete(entry);
      if (!entry.openUri) return;
      this.openToIndex.add(entry);
      this.pump();
    }, Math.max(INDEX_OPEN_DELAY_MS, INDEX_OPEN_COST_FACTOR * entry.openIndexMs));
    this.openTimers.set(entry, timer);
  }

  /**
   * A document closed: the index takes its text from disk again. True when its workspace problems
   * were pushed in place of the open document's, so the server must not clear them.
   */
  closed(uri: string): boolean {
    this.openUris.delete(uriKey(uri));
    const entry = this.entries.get(uriKey(uri));
    if (!entry) return false;
    entry.openUri = undefined;
    clearTimeout(this.openTimers.get(entry));
    this.openTimers.delete(entry);
    this.openToIndex.delete(entry);
    this.diskEvents.set(uriKey(entry.location), { entry, deleted: false });
    this.toAnalyse.add(entry);
    const keep = this.diagnostics.mode === 'push' && entry.folder.settings?.scope === 'workspace';
    if (keep || this.diagnostics.mode === 'pull') this.diagnostics.show(entry.location);
    this.pump();
    return keep;
  }

  /** `workspace/didChangeWatchedFiles`: created and changed files are read again, deleted ones forgotten. */
  watchedFilesChanged({ changes }: DidChangeWatchedFilesParams): void {
    for (const change of changes) {
      const key = uriKey(change.uri);
      const folder = this.folderOf(key);
      if (!folder) continue;
      let entry = this.entries.get(key);
      if (change.type === FileChangeType.Deleted) {
        if (entry) this.remove(entry);
        continue;
      }
      if (!entry) {
        const path = key.slice(uriKey(folder.uri).replace(/\/?$/, '/').length);
        if (!folder.fs.accepts(path) || this.excluded(folder, path) || !this.roomIn(folder)) continue;
        entry = this.add(folder, path);
        // Opened before the watcher told of it (a fix that creates a file opens it): its analyses
        // found no entry to index, so its editor text is indexed now.
        if (entry.openUri) this.openToIndex.add(entry);
      }
      // An open document's text comes from the editor; the disk's is read again when it closes.
      if (!entry.openUri) {
        this.diskEvents.set(key, { entry, deleted: false });
        this.toAnalyse.add(entry);
      }
    }
    this.pump();
  }

  /** Settings changed: every folder's are read again, and files that are not open analysed again. */
  settingsChanged(): void {
    void (async () => {
      for (const folder of this.folders) folder.settings = await this.folderSettings(folder);
      for (const entry of this.entries.values()) if (entry.folder.settings?.scope === 'workspace') this.toAnalyse.add(entry);
      for (const entry of this.entries.values()) if (entry.folder.settings?.scope !== 'workspace') this.diagnostics.set(entry.location, []);
      this.pump();
    })();
  }

  dispose(): void {
    this.disposed = true;
    for (const timer of this.openTimers.values()) clearTimeout(timer);
    this.diagnostics?.dispose();
    this.indexing?.end();
    this.checking?.end();
  }

  private async scan(folder: Folder): Promise<void> {
    this.listing++;
    try {
      folder.settings = await this.folderSettings(folder);
      const limit = folder.settings.maxWorkspaceFiles;
      const { paths, more } = await folder.fs.list(limit);
      folder.listedAll = !more;
      if (more) this.tellLimit(folder, limit);
      for (const path of paths) if (!this.excluded(folder, path)) this.toScan.push(this.add(folder, path));
    } catch (error) {
      this.host.connection.console.error(`Flask Practices could not list the Python files of ${folder.fs.label}: ${String(error)}`);
    } finally {
      this.listing--;
    }
    this.indexing?.grow(folder.files.size);
    this.pump();
  }

  private tellLimit(folder: Folder, limit: number): void {
    if (this.toldLimit) return;
    this.toldLimit = true;
    this.host.connection.console.info(
      `Flask Practices indexed the first ${limit} Python files of ${folder.fs.label} and left the rest out: flaskPractices.maxWorkspaceFiles is ${limit}.`,
    );
  }

  /**
   * The settings of a file at the folder's root: the editor's, layered with the folder's own
   * pyproject.toml (asked for the folder itself, the lookup would start above it).
   */
  private folderSettings(folder: Folder): Promise<Settings> {
    return this.host.settings.forDocument(`${folder.uri.replace(/\/?$/, '/')}pyproject.toml`);
  }

  /** `exclude` in the folder's configuration (pyproject.toml): those files are neither indexed nor checked. */
  private excluded(folder: Folder, path: string): boolean {
    return folder.settings !== undefined && isExcludedPath(path, folder.settings);
  }

  private roomIn(folder: Folder): boolean {
    const limit = folder.settings?.maxWorkspaceFiles ?? 0;
    if (folder.files.size < limit) return true;
    this.tellLimit(folder, limit);
    return false;
  }

  private add(folder: Folder, path: string): Entry {
    const location = folder.fs.location(path);
    const entry: Entry = { location, path, folder, openUri: undefined, openIndexMs: 0 };
    folder.files.set(path, entry);
    this.entries.set(uriKey(location), entry);
    const openUri = this.openUris.get(uriKey(location));
    if (openUri) this.markOpen(entry, openUri);
    return entry;
  }

  private remove(entry: Entry): void {
    entry.folder.files.delete(entry.path);
    this.entries.delete(uriKey(entry.location));
    this.toAnalyse.delete(entry);
    this.openToIndex.delete(entry);
    this.diskEvents.set(uriKey(entry.location), { entry, deleted: true });
    this.diagnostics.delete(entry.location);
  }

  /** The folder holding a file (the longest match, for nested folders). */
  private folderOf(key: string): Folder | undefined {
    let best: Folder | undefined;
    for (const folder of this.folders) {
      const prefix = uriKey(folder.uri).replace(/\/?$/, '/');
      if (key.startsWith(prefix) && (!best || prefix.length > uriKey(best.uri).length)) best = folder;
    }
    return best;
  }

  private get scanning(): boolean {
    return this.listing > 0 || this.toScan.length > 0;
  }

  /** Sends the next piece of work to the worker when none is in flight. */
  private pump(): void {
    if (this.busy || this.disposed) return;
    const task = this.nextTask();
    if (!task) return;
    this.busy = true;
    task()
      .catch((error: unknown) => this.host.connection.console.error(`Flask Practices: workspace indexing failed: ${String(error)}`))
      .finally(() => {
        this.busy = false;
        this.pump();
      });
  }

  private nextTask(): Task | undefined {
    if (this.diskEvents.size > 0) {
      const events = [...this.diskEvents.values()].slice(0, EVENT_BATCH);
      for (const event of events) this.diskEvents.delete(uriKey(event.entry.location));
      return () => this.applyDiskEvents(events);
    }
    const open = first(this.openToIndex);
    if (open?.openUri) {
      this.openToIndex.delete(open);
      return async () => {
        open.openIndexMs = (await this.index(open.folder, { kind: 'indexOpen', uri: open.openUri! })).ms;
      };
    }
    if (open) this.openToIndex.delete(open);
    if (this.toScan.length > 0) return () => this.scanBatch();
    if (this.scanning) return undefined;
    if (this.indexing) {
      this.endScan();
      return this.nextTask();
    }
    for (const entry of this.toAnalyse) {
      this.toAnalyse.delete(entry);
      if (entry.openUri || entry.folder.settings?.scope !== 'workspace' || !entry.folder.files.has(entry.path)) continue;
      return () => this.analyse(entry);
    }
    this.checking?.end();
    this.checking = undefined;
    return undefined;
  }

  private async applyDiskEvents(events: { entry: Entry; deleted: boolean }[]): Promise<void> {
    const byFolder = new Map<Folder, { index: WorkspaceFile[]; forget: WorkspaceFile[] }>();
    for (const { entry, deleted } of events) {
      const lists = byFolder.get(entry.folder) ?? { index: [], forget: [] };
      byFolder.set(entry.folder, lists);
      (deleted ? lists.forget : lists.index).push({ location: entry.location, path: entry.path });
    }
    for (const [folder, lists] of byFolder) {
      if (lists.forget.length > 0) await this.index(folder, { kind: 'forgetFiles', files: lists.forget });
      if (lists.index.length === 0) continue;
      const { ms, stale } = await this.index(folder, { kind: 'indexFiles', files: lists.index, budgetMs: Infinity });
      if (this.host.bench) void this.host.connection.sendNotification(BENCH_INDEX_NOTIFICATION, { files: lists.index.length, ms, stale: stale.length });
    }
  }

  private async scanBatch(): Promise<void> {
    const batch = this.toScan.slice(0, INDEX_BATCH);
    const folder = batch[0]!.folder;
    const files = batch.filter((e) => e.folder === folder).map((e) => ({ location: e.location, path: e.path }));
    const { done } = await this.index(folder, { kind: 'indexFiles', files, budgetMs: INDEX_BUDGET_MS });
    this.toScan.splice(0, done);
    this.indexing?.step(done);
  }

  /** Sends an index update; marks the files it makes stale, and re-analyses open documents when facts changed. */
  private async index(folder: Folder, request: Parameters<AnalysisBackend['request']>[0]): Promise<Indexed> {
    const response = await this.host.backend.request(request);
    if (response.kind !== 'indexed') {
      if (response.kind === 'error') this.host.connection.console.error(response.message);
      return { kind: 'indexed', done: 'files' in request ? request.files.length : 1, changed: false, stale: [], ms: 0 };
    }
    this.markStale(response);
    if (response.changed) {
      if (this.scanning) folder.changedDuringScan = true;
      else this.host.reanalyseOpen(folder.uri);
    }
    return response;
  }

  private markStale(response: Indexed): void {
    for (const location of response.stale) {
      const entry = this.entries.get(uriKey(location));
      if (entry) this.toAnalyse.add(entry);
    }
  }

  /**
   * The first scan is over: open documents' editor text replaces what the scan read from disk,
   * open documents are analysed against the whole project, and the other files are checked.
   */
  private endScan(): void {
    this.indexing?.end();
    this.indexing = undefined;
    for (const folder of this.folders) {
      for (const entry of folder.files.values()) {
        if (entry.openUri) this.openToIndex.add(entry);
        else if (folder.settings?.scope === 'workspace') this.toAnalyse.add(entry);
      }
      if (folder.changedDuringScan) this.host.reanalyseOpen(folder.uri);
      folder.changedDuringScan = false;
      const any = first(folder.files.values());
      if (any) void this.host.backend.request({ kind: 'projectComplete', file: { location: any.location, path: any.path }, complete: folder.listedAll });
    }
    if (this.toAnalyse.size > 0) {
      this.checking = new PhaseProgress(this.host.connection, 'Flask Practices: checking the workspace');
      this.checking.grow(this.toAnalyse.size);
    }
  }

  private async analyse(entry: Entry): Promise<void> {
    const settings = entry.folder.settings!;
    const file = { location: entry.location, path: entry.path };
    const response = await this.host.backend.request({ kind: 'analyseFile', file, settings, encoding: this.host.encoding() });
    this.checking?.step(1);
    if (response.kind !== 'fileAnalysis') {
      if (response.kind === 'error') this.host.connection.console.error(response.message);
      return;
    }
    // The file may have gone, or its folder's scope changed, while it was analysed.
    if (!this.entries.has(uriKey(entry.location)) || entry.folder.settings?.scope !== 'workspace') return;
    this.diagnostics.set(entry.location, response.result ? this.host.diagnosticsOf(response.result) : []);
  }
}

function first<T>(set: Iterable<T>): T | undefined {
  for (const item of set) return item;
  return undefined;
}
