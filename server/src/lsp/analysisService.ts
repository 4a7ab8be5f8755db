import type { Diagnostic, DiagnosticRelatedInformation, Range, TextEdit } from 'vscode-languageserver';
import { detectEol, fixAvailability, LineIndex, minimalEdit, type Analysis, type Engine, type Fix, type OffsetRange, type OtherFileEdits, type PositionEncoding, type RelatedInformation, type Severity } from '../engine';
import type { FindingKey, OtherFileEdit, WorkerNotification, WorkerRequest, WorkerResponse } from './protocol';
import { responseFromWire, WireFindingsBuilder, type WireFinding, type WireFix, type WireResponse, type WireSummary } from './wireFindings';
import { WorkspaceIndexService, type SourceReader } from './workspaceIndexService';

const SEVERITY: Record<Severity, Diagnostic['severity']> = { error: 1, warning: 2, info: 3, hint: 4 };

export function toLspRange(lines: LineIndex, range: OffsetRange, encoding: PositionEncoding): Range {
  return { start: lines.positionAt(range.start, encoding), end: lines.positionAt(range.end, encoding) };
}

/**
 * The engine behind the LSP layer, speaking plain data. It runs in the analysis worker (or in
 * process, in tests), and converts every engine offset to LSP positions through positions.ts.
 */
export class AnalysisService {
  private readonly workspace: WorkspaceIndexService;

  constructor(
    private readonly engine: Engine,
    readSource?: SourceReader,
  ) {
    this.workspace = new WorkspaceIndexService(engine, (uri, analysis, encoding, path) => this.summarise(uri, analysis, encoding, path), readSource);
  }

  /** One reparse that settles a module's tree fresh from a full parse (Engine.settle), while idle; true when it did one. */
  settle(uri: string): boolean {
    return this.engine.settle(uri);
  }

  notify(message: WorkerNotification): void {
    switch (message.kind) {
      case 'open':
        this.engine.open(message.uri, message.text, message.version, message.path, message.languageId);
        break;
      case 'change':
        this.engine.change(message.uri, message.changes, message.version, message.encoding);
        break;
      case 'close':
        this.engine.close(message.uri);
        break;
    }
  }

  /** A request's answer as plain objects (in process: the browser host, tests). */
  request(message: WorkerRequest): WorkerResponse {
    return responseFromWire(this.requestWire(message));
  }

  /** A request's answer with a summary's findings in their wire form, as the analysis worker posts it. */
  requestWire(message: WorkerRequest): WireResponse {
    switch (message.kind) {
      case 'analyse': {
        const analysis = this.current(message.uri, message.version, message);
        return analysis ? { kind: 'analysis', result: this.summarise(message.uri, analysis, message.encoding, this.engine.pathOf(message.uri)) } : { kind: 'stale' };
      }
      case 'fix': {
        const analysis = this.current(message.key.uri, message.key.version, message);
        const fix = analysis?.findings.find((f) => sameFinding(f.code, f.range, message.key))?.fix;
        if (!analysis || !fix) return { kind: 'stale' };
        if (!fixAvailability(fix).ok) return { kind: 'edits', edits: [] };
        const edits = fix.edits().map((e) => toLspEdit(analysis.lines, e.range, e.newText, message.encoding));
        const path = this.engine.pathOf(message.key.uri);
        if (fix.files) return path === undefined ? { kind: 'edits', edits } : { kind: 'edits', edits, files: fix.files().map((file) => ({ uri: projectFileUri(message.key.uri, path, file.path), text: file.text })) };
        const otherFiles = fix.otherFiles ? this.otherFileEdits(message.key.uri, fix.otherFiles(), message.encoding) : [];
        if (otherFiles === undefined) return { kind: 'edits', edits: [] };
        return otherFiles.length > 0 ? { kind: 'edits', edits, otherFiles } : { kind: 'edits', edits };
      }
      case 'fixAvailability': {
        const analysis = this.current(message.key.uri, message.key.version, message);
        const fix = analysis?.findings.find((f) => sameFinding(f.code, f.range, message.key))?.fix;
        if (!analysis || !fix) return { kind: 'stale' };
        const availability = fixAvailability(fix);
        if (!availability.ok) return { kind: 'availability', ok: false, reason: availability.reason };
        return availability.safety ? { kind: 'availability', ok: true, safety: availability.safety } : { kind: 'availability', ok: true };
      }
      case 'fixAll': {
        const analysis = this.current(message.uri, message.version, message);
        if (!analysis) return { kind: 'stale' };
        const fixed = this.engine.fixAll(analysis.text, message.settings, false, this.engine.pathOf(message.uri), message.uri);
        const edit = minimalEdit(analysis.text, fixed.text);
        return { kind: 'edits', edits: edit ? [toLspEdit(analysis.lines, edit.range, edit.newText, message.encoding)] : [] };
      }
      case 'indexFiles':
        return this.workspace.indexFiles(message.files, message.budgetMs);
      case 'forgetFiles':
        return this.workspace.forgetFiles(message.files);
      case 'indexOpen':
        return this.workspace.indexOpen(message.uri);
      case 'projectComplete': {
        // Fixes that must see every reference (FLK201's renames) may then be offered as safe.
        const index = this.engine.projects.indexOf(message.file);
        if (index) index.complete = message.complete;
        return { kind: 'indexed', done: 0, changed: false, stale: [], ms: 0 };
      }
      case 'analyseFile':
        return { kind: 'fileAnalysis', result: this.workspace.analyseFile(message.file, message.settings, message.encoding) };
      case 'crash':
        throw new Error('crash requested by a test');
    }
  }

  /**
   * A fix's edits of other project files in LSP terms: each file by URI (beside the document's, in
   * its project), its version when open, positions in its current text. Undefined when one of them
   * cannot be placed: the fix is then not offered whole, so not at all.
   */
  private otherFileEdits(uri: string, files: readonly OtherFileEdits[], encoding: PositionEncoding): OtherFileEdit[] | undefined {
    const path = this.engine.pathOf(uri);
    const encodedPath = path?.split('/').map(encodeURIComponent).join('/');
    if (!path || !encodedPath || !uri.endsWith(encodedPath)) return undefined;
    const root = uri.slice(0, uri.length - encodedPath.length);
    const found: OtherFileEdit[] = [];
    for (const file of files) {
      const current = this.engine.projectFile(file.path, { location: uri, path });
      if (!current) return undefined;
      const lines = new LineIndex(current.text);
      const edits = file.edits.map((e) => toLspEdit(lines, e.range, e.newText, encoding));
      found.push({ uri: current.uri ?? root + file.path.split('/').map(encodeURIComponent).join('/'), version: current.version ?? null, edits });
    }
    return found;
  }

  /** The analysis of the document at exactly `version`; undefined when it moved on (stale work is dropped). */
  private current(uri: string, version: number, options: { settings: AnalysisSettings }): Analysis | undefined {
    if (this.engine.versionOf(uri) !== version) return undefined;
    return this.engine.analyse(uri, options.settings);
  }

  /**
   * The analysis as the LSP thread needs it, its findings written straight into their wire form.
   * `path`: the document's path in its workspace folder, where related places of other files are found from.
   */
  private summarise(uri: string, analysis: Analysis, encoding: PositionEncoding, path?: string): WireSummary {
    const { lines } = analysis;
    const range = (r: OffsetRange) => toLspRange(lines, r, encoding);
    const places = new Map<string, LineIndex | undefined>();
    const findings = new WireFindingsBuilder(analysis.findings.length);
    // One row, its positions and fix refilled for each finding (the builder copies what it keeps).
    const position = () => ({ line: 0, character: 0 });
    const row: WireFinding = { code: '', message: '', start: 0, end: 0, range: { start: position(), end: position() }, severity: undefined, noqaInsertable: false, lineEnd: position(), afterBlank: false, fix: undefined, related: undefined };
    const fix: WireFix = { title: '', safety: 'unsafe', decidedOnRequest: undefined, createsFiles: undefined };
    for (const f of analysis.findings) {
      const noqa = analysis.noqaPlace(f);
      const lineEnd = lines.lineContentEnd(noqa.line);
      row.code = f.code;
      row.message = f.message;
      row.start = f.range.start;
      row.end = f.range.end;
      lines.positionInto(f.range.start, encoding, row.range.start);
      lines.positionInto(f.range.end, encoding, row.range.end);
      row.severity = SEVERITY[f.severity];
      row.noqaInsertable = noqa.insertable;
      lines.positionInto(lineEnd, encoding, row.lineEnd);
      row.afterBlank = lineEnd > lines.lineStart(noqa.line) && /\s/.test(analysis.text[lineEnd - 1]!);
      // A fix decided on request is not planned here: that would cost its plan on every keystroke.
      row.fix = f.fix && fixSummaryInto(f.fix, fix);
      const related = f.related && path !== undefined ? this.relatedOf(uri, path, analysis, f.related, encoding, places) : [];
      row.related = related.length > 0 ? related : undefined;
      findings.add(row);
    }
    return {
      uri,
      version: analysis.version,
      wireFindings: findings.build(),
      noqa: analysis.suppressions.comments.map((c) => ({
        line: c.line,
        range: range(c.range),
        fileLevel: c.fileLevel,
        codes: c.codes.map((code) => ({ code: code.code, range: range(code.range) })),
      })),
      fileNoqa: { line: analysis.headerLines, eol: detectEol(analysis.text) },
      ...(analysis.skipped ? { skipped: analysis.skipped } : {}),
      ruleErrors: analysis.ruleErrors,
    };
  }

  /**
   * A finding's related places as LSP locations of the same workspace folder. Another file's text
   * is read once per summary (an open document's, else from disk); a place whose file cannot be
   * read is left out.
   */
  private relatedOf(
    uri: string,
    path: string,
    analysis: Analysis,
    related: readonly RelatedInformation[],
    encoding: PositionEncoding,
    places: Map<string, LineIndex | undefined>,
  ): DiagnosticRelatedInformation[] {
    const found: DiagnosticRelatedInformation[] = [];
    for (const item of related) {
      if (!places.has(item.path)) {
        const text = item.path === path ? undefined : this.engine.projectFileText({ location: uri, path }, item.path);
        places.set(item.path, item.path === path ? analysis.lines : text === undefined ? undefined : new LineIndex(text));
      }
      const lines = places.get(item.path);
      if (lines) found.push({ location: { uri: siblingUri(uri, path, item.path), range: toLspRange(lines, item.range, encoding) }, message: item.message });
    }
    return found;
  }
}

/** The URI of the file at `other` in the workspace folder of the document at `uri`, whose path there is `path`. */
export function siblingUri(uri: string, path: string, other: string): string {
  if (other === path) return uri;
  const parts = uri.split('/');
  const root = parts.slice(0, parts.length - path.split('/').length).join('/');
  return `${root}/${other.split('/').map(encodeURIComponent).join('/')}`;
}

type AnalysisSettings = Parameters<Engine['analyse']>[1];

/**
 * What the LSP thread knows of a fix before it is asked for, written into `row` (the builder keeps
 * a copy of each kind of fix, with the flags that are set).
 */
function fixSummaryInto(fix: Fix, row: WireFix): WireFix {
  row.title = fix.title;
  row.safety = fix.safety;
  row.decidedOnRequest = fix.available ? true : undefined;
  row.createsFiles = fix.files ? true : undefined;
  return row;
}

function sameFinding(code: string, range: OffsetRange, key: FindingKey): boolean {
  return code === key.code && range.start === key.start && range.end === key.end;
}

/** The URI of the project file at `path`, from a document's URI and its own project path: its folder steps replaced by the file's. */
export function projectFileUri(documentUri: string, documentPath: string, path: string): string {
  const up = documentPath.split('/').length;
  const root = documentUri.split('/').slice(0, -up).join('/');
  return `${root}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

function toLspEdit(lines: LineIndex, range: OffsetRange, newText: string, encoding: PositionEncoding): TextEdit {
  return { range: toLspRange(lines, range, encoding), newText };
}
