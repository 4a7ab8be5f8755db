import type { Diagnostic, DiagnosticRelatedInformation, Range, TextEdit } from 'vscode-languageserver';
import type { ContentChange, PositionEncoding, Settings } from '../engine';
import type { PostedResponse } from './wireFindings';

/** Messages between the LSP thread and the analysis worker. Everything is plain data. */

export type WorkerNotification =
  | {
      kind: 'open';
      uri: string;
      text: string;
      version: number;
      /** Relative to the workspace folder holding it. */
      path?: string;
      /** The editor's language id: what an untitled document is. */
      languageId?: string;
    }
  | { kind: 'change'; uri: string; changes: ContentChange[]; version: number; encoding: PositionEncoding }
  | { kind: 'close'; uri: string };

/** Identifies one finding across threads: the analysed version, its code and its offsets. */
export interface FindingKey {
  uri: string;
  version: number;
  code: string;
  start: number;
  end: number;
}

/** A Python file of a workspace folder on disk: its file URI, and its path relative to the folder. */
export interface WorkspaceFile {
  location: string;
  path: string;
}

export type WorkerRequest =
  | { kind: 'analyse'; uri: string; version: number; settings: Settings; encoding: PositionEncoding }
  /** Reads files from disk into the project index, for at most about `budgetMs`: the answer says how many it did. */
  | { kind: 'indexFiles'; files: WorkspaceFile[]; budgetMs: number }
  | { kind: 'forgetFiles'; files: WorkspaceFile[] }
  /** Indexes an open document's editor text. */
  | { kind: 'indexOpen'; uri: string }
  /** The first scan read every Python file of `file`'s folder (under the file limit): what its index lacks is not there. */
  | { kind: 'projectComplete'; file: WorkspaceFile; complete: boolean }
  /** Analyses a file that is not open, as it is on disk. */
  | { kind: 'analyseFile'; file: WorkspaceFile; settings: Settings; encoding: PositionEncoding }
  | { kind: 'fix'; key: FindingKey; settings: Settings; encoding: PositionEncoding }
  /** Whether a fix decided on request (FLK101's) can be offered, and why not. */
  | { kind: 'fixAvailability'; key: FindingKey; settings: Settings; encoding: PositionEncoding }
  | { kind: 'fixAll'; uri: string; version: number; settings: Settings; encoding: PositionEncoding }
  | { kind: 'crash' };

/** A finding as the LSP thread keeps it: enough for diagnostics, hovers and code actions. */
export interface FindingSummary {
  key: FindingKey;
  range: Range;
  message: string;
  severity: Diagnostic['severity'];
  /** `decidedOnRequest`: whether the fix can be offered is only known when code actions ask. */
  fix?: { title: string; safety: 'safe' | 'unsafe'; decidedOnRequest?: true; createsFiles?: true };
  /** Where the client was last told the finding is, when edits since have moved it (movedFindings.ts). */
  published?: Range;
  /** False when the finding's line ends inside a string, where a `# noqa` comment cannot go. */
  noqaInsertable: boolean;
  /** The end of the line a `# noqa` for the finding is read from (its first line in Python, its last elsewhere) and whether its text ends in a blank: where `# noqa` goes. */
  lineEnd: { position: Range['start']; afterBlank: boolean };
  /** Other places the finding points at (FLK303's majority format), as LSP locations. */
  related?: DiagnosticRelatedInformation[];
}

/** A file a fix creates: its URI and its whole text. */
export interface NewFileSummary {
  uri: string;
  text: string;
}

export interface NoqaSummary {
  line: number;
  /** The comment token's range; its end is where more codes are appended. */
  range: Range;
  codes: { code: string; range: Range }[];
  fileLevel: boolean;
}

export interface AnalysisSummary {
  uri: string;
  version: number;
  findings: FindingSummary[];
  noqa: NoqaSummary[];
  /** Where a new file-level `# flask-practices: noqa: ...` line goes (after a shebang and a coding line), and the file's line break. */
  fileNoqa: { line: number; eol: string };
  skipped?: 'too-large' | 'test-code' | 'excluded';
  /** Moved through edits not analysed yet (movedFindings.ts): its fixes belong to an older text. */
  moved?: true;
  ruleErrors: { code: string; error: string }[];
}

export type WorkerResponse =
  | { kind: 'analysis'; result: AnalysisSummary }
  /**
   * After an index update: how many of the files were handled, whether any module's facts changed,
   * which analysed workspace files (by location) depend on what changed, and how long it took.
   */
  | { kind: 'indexed'; done: number; changed: boolean; stale: string[]; ms: number }
  /** Undefined when the file cannot be read. */
  | { kind: 'fileAnalysis'; result: AnalysisSummary | undefined }
  /** `files`: what a fix creates beside its edits, by URI (never over an existing file); `otherFiles`: edits of other project files that belong to the same fix (by URI; `version` when open, else null). */
  | { kind: 'edits'; edits: TextEdit[]; files?: NewFileSummary[]; otherFiles?: OtherFileEdit[] }
  /** `safety`: what the fix's plan decided, when it differs from the finding's (a fix that turned out safe). */
  | { kind: 'availability'; ok: boolean; reason?: string; safety?: 'safe' | 'unsafe' }
  | { kind: 'stale' }
  | { kind: 'error'; message: string };

export interface OtherFileEdit {
  uri: string;
  version: number | null;
  edits: TextEdit[];
}

export interface WorkerEnvelope {
  id?: number;
  message: WorkerNotification | WorkerRequest;
}

/** A worker's reply: a summary's findings travel in their wire form, their strings numbered (wireFindings.ts). */
export interface WorkerReply {
  id: number;
  response: PostedResponse;
}

/** Posted once by the worker, unasked: its new space has grown to its limit (youngGenerations.ts). */
export interface YoungGenerationFull {
  youngGenerationFull: true;
}
