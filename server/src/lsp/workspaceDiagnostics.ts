import type {
  CancellationToken,
  Connection,
  Diagnostic,
  DocumentDiagnosticReport,
  WorkspaceDiagnosticReport,
  WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver';

/** How long a waiting `workspace/diagnostic` request lets more changes gather before it answers. */
const GATHER_MS = 50;

/** One file's problems as the workspace shows them: hidden while the file is open (its open-document analysis is pushed). */
interface Report {
  uri: string;
  resultId: string;
  items: Diagnostic[];
  hidden: boolean;
}

/**
 * Problems of the workspace's files that are not open. Clients that pull diagnostics get them
 * from `workspace/diagnostic` (with result ids, so unchanged files cost nothing) and
 * `textDocument/diagnostic`; other clients get them pushed with `publishDiagnostics`. Open
 * documents are always pushed, as they are typed: their pulled report is empty, so the two
 * never show the same problem twice.
 */
export class WorkspaceDiagnostics {
  /** By URI key (see {@link uriKey}): clients may spell one file's URI in several ways. */
  private readonly reports = new Map<string, Report>();
  private nextResultId = 1;
  /** `workspace/diagnostic` requests waiting for a change. */
  private readonly waiting = new Set<() => void>();

  constructor(
    private readonly connection: Connection,
    readonly mode: 'push' | 'pull',
  ) {}

  /** Answers the pull requests (only called in pull mode). */
  listen(): void {
    this.connection.languages.diagnostics.on(({ textDocument, previousResultId }) => this.documentReport(textDocument.uri, previousResultId));
    this.connection.languages.diagnostics.onWorkspace(({ previousResultIds }, token) => {
      const previous = new Map(previousResultIds.map((p) => [uriKey(p.uri), p.value]));
      return this.workspaceReport(previous, token);
    });
  }

  /** A file's problems from its last analysis on disk. */
  set(uri: string, items: Diagnostic[]): void {
    const report = this.reportOf(uri);
    if (sameItems(report.items, items)) return;
    report.items = items;
    if (!report.hidden) this.changed(report);
  }

  /** The file opened: its open-document analysis stands in for these problems until it closes. */
  hide(uri: string): void {
    const report = this.reportOf(uri);
    if (report.hidden) return;
    report.hidden = true;
    // Pushed problems of an open document are replaced by its own publication.
    if (this.mode === 'pull' && report.items.length > 0) this.changed(report);
  }

  /** The file closed: its problems from disk show again. */
  show(uri: string): void {
    const report = this.reportOf(uri);
    if (!report.hidden) return;
    report.hidden = false;
    this.changed(report);
  }

  /** The file is gone (deleted, or no longer part of the workspace): its problems are cleared. */
  delete(uri: string): void {
    const report = this.reports.get(uriKey(uri));
    if (!report) return;
    // An open document's own problems stay: only the editor's close ends them.
    if (report.hidden) report.items = [];
    else this.set(uri, []);
    // A pulled report stays (empty) so the client learns of the change; a pushed one is done.
    if (this.mode === 'push') this.reports.delete(uriKey(uri));
  }

  /** Empties every report, say when the scope turns to open files only. */
  clear(): void {
    for (const report of this.reports.values()) this.set(report.uri, []);
  }

  /** Ends the requests that wait for changes. */
  dispose(): void {
    for (const wake of [...this.waiting]) wake();
  }

  private reportOf(uri: string): Report {
    const key = uriKey(uri);
    let report = this.reports.get(key);
    if (!report) this.reports.set(key, (report = { uri, resultId: '0', items: [], hidden: false }));
    return report;
  }

  private changed(report: Report): void {
    report.resultId = String(this.nextResultId++);
    if (this.mode === 'push') {
      void this.connection.sendDiagnostics({ uri: report.uri, diagnostics: report.hidden ? [] : report.items });
      return;
    }
    for (const wake of [...this.waiting]) wake();
  }

  private documentReport(uri: string, previousResultId: string | undefined): DocumentDiagnosticReport {
    const report = this.reports.get(uriKey(uri));
    if (!report) return { kind: 'full', items: [] };
    if (report.resultId === previousResultId) return { kind: 'unchanged', resultId: report.resultId };
    return { kind: 'full', resultId: report.resultId, items: report.hidden ? [] : report.items };
  }

  /**
   * The reports whose result ids the client does not hold. When there are none, the request waits
   * for the next change (a long poll) rather than answering at once, so the client does not ask
   * again and again for nothing; the client cancels it when it wants a fresh one.
   */
  private async workspaceReport(previous: ReadonlyMap<string, string>, token: CancellationToken): Promise<WorkspaceDiagnosticReport> {
    for (;;) {
      const items: WorkspaceDocumentDiagnosticReport[] = [];
      let fresh = false;
      for (const [key, report] of this.reports) {
        if (previous.get(key) === report.resultId) {
          items.push({ kind: 'unchanged', uri: report.uri, resultId: report.resultId, version: null });
        } else {
          fresh = true;
          items.push({ kind: 'full', uri: report.uri, resultId: report.resultId, version: null, items: report.hidden ? [] : report.items });
        }
      }
      if (fresh || token.isCancellationRequested) return { items: fresh ? items : [] };
      await this.nextChange(token);
      if (token.isCancellationRequested) return { items: [] };
      // Changes come in bursts (an index update re-analyses several files): gather them.
      await new Promise((resolve) => setTimeout(resolve, GATHER_MS));
    }
  }

  private nextChange(token: CancellationToken): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.waiting.delete(wake);
        listener.dispose();
        resolve();
      };
      const listener = token.onCancellationRequested(wake);
      this.waiting.add(wake);
    });
  }
}

/** One key for the URIs of one file, however a client encodes them. */
export function uriKey(uri: string): string {
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

function sameItems(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  return a.length === b.length && JSON.stringify(a) === JSON.stringify(b);
}
