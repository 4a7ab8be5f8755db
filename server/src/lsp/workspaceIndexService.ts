import { DEFAULT_SETTINGS, RecordingView, type Analysis, type Engine, type PositionEncoding, type ProjectAnswers, type Settings } from '../engine';
import type { WorkerRequest, WorkerResponse, WorkspaceFile } from './protocol';
import type { WireSummary } from './wireFindings';

/**
 * Reads a workspace file's Python source (by its URI), up to a size, synchronously: the Node host
 * reads the disk; a browser answers from what it fetched through the client before the request
 * (see {@link sourcesRead}).
 */
export type SourceReader = (location: string, maxBytes: number) => string | undefined;

const maxBytes = (settings: Settings) => settings.maxFileSizeMb * 1024 * 1024;
/** Indexing reads files up to the default size limit: the index is shared by every folder's settings. */
const INDEX_MAX_BYTES = maxBytes(DEFAULT_SETTINGS);

/** The workspace files a request reads, and the size above which they are left unread. */
export function sourcesRead(request: WorkerRequest): { files: readonly WorkspaceFile[]; maxBytes: number } | undefined {
  if (request.kind === 'indexFiles') return { files: request.files, maxBytes: INDEX_MAX_BYTES };
  if (request.kind === 'analyseFile') return { files: [request.file], maxBytes: maxBytes(request.settings) };
  return undefined;
}

type Indexed = Extract<WorkerResponse, { kind: 'indexed' }>;

/**
 * The worker's side of the workspace: files read from disk into the project index, and files that
 * are not open analysed as they are on disk. It remembers what each analysed file's findings rest
 * on (the project's answers about the names it imports), so that an index update names the files
 * whose findings may have changed and no others.
 */
export class WorkspaceIndexService {
  /** Per analysed workspace file (by location): its path, the dependency key and the project's answers its findings were made under. */
  private readonly analysed = new Map<string, { path: string; key: string; answers?: ProjectAnswers }>();

  constructor(
    private readonly engine: Engine,
    private readonly summarise: (uri: string, analysis: Analysis, encoding: PositionEncoding, path: string) => WireSummary,
    /** Absent where nothing is read (tests of open documents only). */
    private readonly read: SourceReader = () => undefined,
  ) {}

  indexFiles(files: readonly WorkspaceFile[], budgetMs: number): Indexed {
    const started = performance.now();
    let changed = false;
    let done = 0;
    for (const file of files) {
      const text = this.read(file.location, INDEX_MAX_BYTES);
      changed = (text === undefined ? this.engine.forgetFile(file.location, file.path) : this.engine.indexFile(file.location, file.path, text)) || changed;
      done++;
      if (performance.now() - started >= budgetMs) break;
    }
    return this.indexed(done, changed, started);
  }

  forgetFiles(files: readonly WorkspaceFile[]): Indexed {
    const started = performance.now();
    let changed = false;
    for (const file of files) {
      changed = this.engine.forgetFile(file.location, file.path) || changed;
      this.analysed.delete(file.location);
    }
    return this.indexed(files.length, changed, started);
  }

  indexOpen(uri: string): Indexed {
    const started = performance.now();
    return this.indexed(1, this.engine.indexOpenDocument(uri), started);
  }

  analyseFile(file: WorkspaceFile, settings: Settings, encoding: PositionEncoding): WireSummary | undefined {
    const text = this.read(file.location, maxBytes(settings));
    if (text === undefined) return undefined;
    const entry: { path: string; key: string; answers?: ProjectAnswers } = { path: file.path, key: this.dependencyKey(file) };
    this.analysed.set(file.location, entry);
    return this.engine.analyseText(
      text,
      settings,
      (analysis) => {
        if (analysis.projectAnswers) entry.answers = analysis.projectAnswers;
        return this.summarise(file.location, analysis, encoding, file.path);
      },
      file.path,
      file.location,
    );
  }

  private indexed(done: number, changed: boolean, started: number): Indexed {
    const stale = changed ? this.staleFiles() : [];
    return { kind: 'indexed', done, changed, stale, ms: performance.now() - started };
  }

  /** Analysed files whose dependency key moved: they are forgotten here until analysed again. */
  private staleFiles(): string[] {
    const stale: string[] = [];
    for (const [location, entry] of this.analysed) {
      const view = entry.answers && this.engine.projects.indexOf({ location, path: entry.path })?.viewFrom(entry.path);
      const answersHold = !entry.answers || (view !== undefined && RecordingView.stillHolds(view, entry.answers));
      if (answersHold && this.dependencyKey({ location, path: entry.path }) === entry.key) continue;
      this.analysed.delete(location);
      stale.push(location);
    }
    return stale;
  }

  private dependencyKey(file: WorkspaceFile): string {
    return this.engine.projects.indexOf(file)?.dependencyKey(file.path) ?? '';
  }
}
