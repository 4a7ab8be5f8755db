import { FlaskModel } from './model';
import { ParsedDocument } from './document';
import { fileKindOf, readFile, type FileKind } from './files';
import { runFileRules } from './fileRunner';
import { applyEdits, guardNewFiles, pickFixes } from './fixes';
import { fileNoqaPlaces, pythonHeaderLines, pythonNoqaPlaces, type NoqaPlace } from './noqaPlaces';
import { PythonParser, type GrammarBytes } from './parser';
import type { LineColumn, LineIndex, PositionEncoding } from './positions';
import { candidatePaths, MAX_MODULE_BYTES, sameProject, type DocumentPlace, type ProjectLister, type ProjectReader } from './projectFiles';
import type { FileContext, Finding, NewFile, OtherFileEdits, ProjectFiles, Rule } from './rule';
import { runRules, type RunState } from './runner';
import { isExcludedPath, settingsForPath } from './projectConfig';
import { defaultSettings, type Settings } from './settings';
import type { Suppressions } from './suppressions';
import { isTestModule, projectPath } from './testCode';
import { TextDocument } from './textDocument';
import { Projects } from './project/projects';
import type { ProjectAnswers } from './project/recordingView';

/** An LSP-shaped content change: a range in some encoding, or the whole text. */
export type ContentChange = { range: { start: LineColumn; end: LineColumn }; text: string } | { text: string };

export interface Analysis {
  version: number;
  kind: FileKind;
  text: string;
  lines: LineIndex;
  findings: Finding[];
  /** Per finding, the line its `# noqa` comment is read from and whether one can be added there (ask while the analysis is current). */
  noqaPlace(finding: Finding): NoqaPlace;
  /** Lines at the top that must stay first (a shebang, a coding line, parser directives). */
  headerLines: number;
  suppressions: Suppressions;
  ruleErrors: { code: string; error: string }[];
  /** Top-level statements whose findings were kept from the previous analysis (0: all were walked). */
  keptStatements: number;
  /** Module checks' findings kept from the previous analysis (rule.ts `keepsModuleFindings`). */
  keptModuleFindings: number;
  /** What the analysis asked the project (project/recordingView.ts): its findings hold while the answers do. */
  projectAnswers?: ProjectAnswers;
  /** Set when the file was not analysed: too large, a test module (see testCode.ts), or excluded by `exclude`. */
  skipped?: 'too-large' | 'test-code' | 'excluded';
  /** The Python module does not parse: findings in its broken statements are left out (the CLI says so). */
  syntaxErrors: boolean;
}

/** Most passes fix-all makes before it stops: fixes that keep enabling each other are a bug. */
const MAX_FIX_PASSES = 5;

/**
 * The engine's front door: documents in, findings and edits out. It holds the parse cache
 * (one tree per open Python document, edited incrementally; the text of other open files) and
 * runs the rules. It imports no LSP or Node code: hosts hand it text, the grammar's bytes and,
 * for rules that look across files, a reader of project files.
 */
export class Engine {
  private readonly documents = new Map<string, ParsedDocument>();
  /** Open files other than Python (Dockerfiles, Compose files...). */
  private readonly files = new Map<string, TextDocument>();
  /** Bumped whenever an open Python document changes: other files' findings may read it. */
  private modulesGeneration = 0;
  private readonly cache = new Map<string, { key: string; analysis: Analysis }>();
  /** Per open document, what its last analysis leaves for the next, incremental one. */
  private readonly states = new Map<string, RunState>();
  /** Per open document, its path relative to the project root, when the host knows it. */
  private readonly paths = new Map<string, string>();
  /** What each indexed project's modules tell the others (project/): filled by hosts through {@link indexFile}. */
  readonly projects = new Projects();
  /** During a fix-all that creates files: those its passes created so far. */
  private creating: NewFile[] | undefined;
  /** A module indexed with `keep`, parsed, for the next fresh document of the same text (see {@link indexFile}). */
  private spare: ParsedDocument | undefined;

  private constructor(
    private readonly parser: PythonParser,
    readonly rules: readonly Rule[],
    private readonly reader: ProjectReader | undefined,
    private readonly lister: ProjectLister | undefined,
  ) {}

  /**
   * The host hands over the grammar's bytes and the rules to run (the engine knows no particular
   * rule) and, when it can read the project's files, a reader for them.
   */
  static async create(bytes: GrammarBytes, rules: readonly Rule[], reader?: ProjectReader, lister?: ProjectLister): Promise<Engine> {
    return new Engine(await PythonParser.create(bytes), rules, reader, lister);
  }

  /**
   * Runs the rules over a rule's documentation example (every rule's when none is given). A host
   * calls it while it would otherwise wait (the language server, during the LSP handshake), so the
   * first real analysis does not also pay for compiling the engine's code and the parser's.
   */
  warmUp(rule?: Rule): void {
    const settings = defaultSettings();
    for (const { meta } of rule ? [rule] : this.rules) {
      this.analyseText(meta.docs.example, settings, (analysis) => analysis.findings.map((f) => f.fix?.title), meta.docs.exampleFile);
    }
  }

  rule(code: string): Rule | undefined {
    return this.rules.find((r) => r.meta.code === code.toUpperCase());
  }

  /**
   * Opens a document. `path` is its path relative to the project root (`/`-separated), when the
   * host knows the root; otherwise only the URI's file name is used. The file's name says what
   * it is (files/kinds.ts), or the editor's `languageId` for an untitled one; Python otherwise.
   */
  open(uri: string, text: string, version: number, path?: string, languageId?: string): void {
    this.close(uri);
    const place = path ?? projectPath(uri, []);
    const kind = fileKindOf(place, languageId) ?? 'python';
    if (kind === 'python') {
      this.documents.set(uri, new ParsedDocument(this.parser, text, version));
      this.modulesGeneration++;
    } else {
      this.files.set(uri, new TextDocument(kind, text, version));
    }
    this.paths.set(uri, place);
  }

  /**
   * Tells the engine that project files its reader answers for may read differently now (a host
   * that fetches them asynchronously has new ones): analyses of other files that read them are redone.
   */
  projectFilesChanged(): void {
    this.modulesGeneration++;
  }

  /** The path an open document is analysed under (see {@link open}). */
  pathOf(uri: string): string | undefined {
    return this.paths.get(uri);
  }

  /**
   * Applies content changes in order, as LSP sends them: each one's positions refer to the text
   * after the previous ones, so each is converted against the text as it is at that step.
   * A change without a range replaces the whole text.
   */
  change(uri: string, changes: readonly ContentChange[], version: number, encoding: PositionEncoding = 'utf-16'): boolean {
    const document = this.documents.get(uri) ?? this.files.get(uri);
    if (!document) return false;
    if (document instanceof ParsedDocument) this.modulesGeneration++;
    for (const change of changes) {
      if ('range' in change) {
        const start = document.lines.offsetAt(change.range.start, encoding);
        const end = Math.max(start, document.lines.offsetAt(change.range.end, encoding));
        document.applyChanges([{ range: { start, end }, text: change.text }], version);
      } else {
        document.replaceText(change.text, version);
      }
    }
    document.version = version;
    this.cache.delete(uri);
    return true;
  }

  /** Forgets a document: its tree is deleted at once, so closed files hold no wasm memory. */
  close(uri: string): void {
    if (this.documents.has(uri)) this.modulesGeneration++;
    this.documents.get(uri)?.dispose();
    this.documents.delete(uri);
    this.files.delete(uri);
    this.cache.delete(uri);
    this.states.delete(uri);
    this.paths.delete(uri);
  }

  /**
   * One reparse that settles an open module's tree fresh from a full parse (ParsedDocument.settle),
   * for a host with nothing else to do; its cached analysis, which held the old tree's nodes, is
   * dropped. True when it reparsed: call again until false.
   */
  settle(uri: string): boolean {
    if (!this.documents.get(uri)?.settle()) return false;
    this.cache.delete(uri);
    return true;
  }

  has(uri: string): boolean {
    return this.documents.has(uri) || this.files.has(uri);
  }

  /** How many texts the engine has parsed (open documents' reparses included): tests count them. */
  get parseCount(): number {
    return this.parser.parseCount;
  }

  /** An open Python document, with its tree. */
  document(uri: string): ParsedDocument | undefined {
    return this.documents.get(uri);
  }

  /** The version of an open document of any kind. */
  versionOf(uri: string): number | undefined {
    return (this.documents.get(uri) ?? this.files.get(uri))?.version;
  }

  /** The analysis of an open document, cached per version and settings (for other files, and per state of the open modules). */
  analyse(uri: string, settings: Settings): Analysis | undefined {
    const document = this.documents.get(uri);
    const file = this.files.get(uri);
    if (!document && !file) return undefined;
    const version = document ? `${document.version}:${this.projects.generation}` : `${file!.version}:${this.modulesGeneration}`;
    const key = `${version}:${JSON.stringify(settings)}`;
    const cached = this.cache.get(uri);
    if (cached?.key === key) return cached.analysis;
    const path = this.paths.get(uri);
    const analysis = document
      ? this.analyseDocument(document, settings, uri)
      : this.analyseFile(file!, settings, path === undefined ? undefined : { location: uri, path });
    this.cache.set(uri, { key, analysis });
    return analysis;
  }

  /**
   * Analyses text that is not open (the CLI, fix-all passes); its tree is freed at once.
   * `path` is the file's path relative to the project root (`/`-separated), or its name alone:
   * it says what kind of file this is. `location` is where the host found it (a file path or a
   * URI), for rules that read other files of the project.
   */
  analyseText<T>(text: string, settings: Settings, use: (analysis: Analysis) => T, path?: string, location?: string): T {
    const kind = path === undefined ? undefined : fileKindOf(path);
    if (kind && kind !== 'python') {
      const place = location === undefined ? undefined : { location, path: path! };
      return use(this.analyseFile(new TextDocument(kind, text, 0), settings, place, path));
    }
    return this.withFreshDocument(text, (document) => use(this.analyseDocument(document, settings, undefined, path, location)));
  }

  /**
   * Reads what a project file tells the rest of its project (apps, factories, blueprints,
   * routes...) into the project's index; `location` and `path` say which project (see
   * projects.ts). True when its facts changed: other modules' findings may change with them.
   * `keep`: the next analysis of the same text, if it comes next, reuses this parse (the CLI
   * indexes a module, then checks it: one parse, not two).
   */
  indexFile(location: string, path: string, text: string, keep = false): boolean {
    if (exceedsUtf8Bytes(text, defaultSettings().maxFileSizeMb * 1024 * 1024)) return this.forgetFile(location, path);
    return this.withFreshDocument(text, (document) => this.projects.update({ location, path }, document.syntaxTree, text), keep);
  }

  /** Tells the engine the host has indexed every Python file of the project holding `location`/`path`: fixes may count on seeing every reference. */
  markProjectComplete(location: string, path: string): void {
    const index = this.projects.indexOf({ location, path });
    if (index) index.complete = true;
  }

  /** Takes a deleted (or excluded) file out of its project's index; true when it was in it. */
  forgetFile(location: string, path: string): boolean {
    return this.projects.forget({ location, path });
  }

  /** Indexes an open document's current text (unsaved edits included), when its project is indexed; true when its facts changed. */
  indexOpenDocument(uri: string): boolean {
    const document = this.documents.get(uri);
    const path = this.paths.get(uri);
    if (!document || path === undefined || !this.projects.indexOf({ location: uri, path })) return false;
    return this.projects.update({ location: uri, path }, document.syntaxTree, document.text);
  }

  /**
   * Applies every safe fix (and unsafe ones when asked) until the text stops changing. With
   * `createFiles` (the CLI's `--fix`), fixes that create files are applied too, and `files` lists
   * what the host must create; with `otherFiles`, fixes that also edit other project files are
   * applied too, and those files' new texts are put there (by path from the root). Without them
   * (fix-all on save) such fixes never are.
   */
  fixAll(
    text: string,
    settings: Settings,
    includeUnsafe = false,
    path?: string,
    location?: string,
    options: { createFiles?: boolean; otherFiles?: Map<string, string> } = {},
  ): { text: string; passes: number; files: NewFile[] } {
    let current = text;
    const files: NewFile[] = [];
    const { createFiles = false, otherFiles } = options;
    // A file an earlier pass creates exists for the later ones, so its fix is not made twice.
    this.creating = createFiles ? files : undefined;
    // A later pass reads the module's facts as the earlier ones left it (FLK504 builds `url_for` from the
    // endpoints FLK201 renamed); the index gets the original back after, as the host has not written it yet.
    const indexed = path !== undefined && location !== undefined && this.projects.indexOf({ location, path })?.has(path) === true;
    try {
      for (let pass = 1; pass <= MAX_FIX_PASSES; pass++) {
        const others: OtherFileEdits[] | undefined = otherFiles && [];
        const sinks = { ...(createFiles ? { newFiles: files } : {}), ...(others ? { otherFiles: others } : {}) };
        const edits = this.analyseText(current, settings, (analysis) => pickFixes(analysis.findings, includeUnsafe, sinks), path, location);
        if (edits.length === 0) return { text: current, passes: pass - 1, files };
        current = applyEdits(current, edits);
        if (indexed) this.indexFile(location!, path!, current);
        for (const file of others ?? []) {
          const before = otherFiles!.get(file.path) ?? this.projectFile(file.path, { location: location!, path: path! })?.text;
          if (before !== undefined) otherFiles!.set(file.path, applyEdits(before, file.edits));
        }
      }
      return { text: current, passes: MAX_FIX_PASSES, files };
    } finally {
      this.creating = undefined;
      if (indexed && current !== text) this.indexFile(location!, path!, text);
    }
  }

  /**
   * A project file as rules read it: an open document (its URI and version) or the host's copy, by
   * its path from the root of the project holding `from`.
   */
  projectFile(path: string, from: DocumentPlace): { text: string; uri?: string; version?: number } | undefined {
    for (const [uri, place] of this.paths) {
      if (place !== path || !sameProject({ location: uri, path: place }, from)) continue;
      const document = this.documents.get(uri) ?? this.files.get(uri);
      if (document) return { text: document.text, uri, version: document.version };
    }
    const text = this.reader?.(path, from);
    return text === undefined ? undefined : { text };
  }

  /** The project's files as fixes read them (rule.ts ProjectFiles), for a document at `place`. */
  private projectFiles(place: DocumentPlace): ProjectFiles {
    return {
      read: (path) => this.projectFile(path, place)?.text,
      list: (folder) => this.lister?.(folder, place),
      module: (path, use) => {
        const text = this.projectFile(path, place)?.text;
        if (text === undefined || exceedsUtf8Bytes(text, MAX_MODULE_BYTES)) return undefined;
        return this.withFreshDocument(text, (document) => use(new FlaskModel(document.syntaxTree.rootNode, text), text));
      },
    };
  }

  /** The Flask model of `text`, for hosts and tests that need the facts without running rules. */
  inspectModel<T>(text: string, use: (model: FlaskModel) => T): T {
    return this.withFreshDocument(text, (document) => use(new FlaskModel(document.syntaxTree.rootNode, text)));
  }

  /** ERROR and MISSING nodes in a fresh parse of `text`: fixes must not add any. */
  syntaxErrorCount(text: string): number {
    return this.withFreshDocument(text, (document) => {
      let count = 0;
      // Only subtrees that contain an error are entered, so a clean file costs one check.
      const stack = [document.syntaxTree.rootNode];
      while (stack.length > 0) {
        const node = stack.pop()!;
        if (node.type === 'ERROR' || node.isMissing) count++;
        if (!node.hasError) continue;
        let visible = false;
        for (let i = 0; i < node.childCount; i++) {
          const child = node.child(i)!;
          visible ||= child.hasError || child.isMissing;
          stack.push(child);
        }
        // A MISSING hidden token (`_newline`, `_indent`) is no child one can see: count it here.
        if (!visible && node.type !== 'ERROR' && !node.isMissing) count++;
      }
      return count;
    });
  }

  /**
   * Parses text that is not open, hands it over, then frees the tree at once (the wasm heap never
   * shrinks), unless `keep` leaves it for the next fresh document, if that has the same text.
   */
  private withFreshDocument<T>(text: string, use: (document: ParsedDocument) => T, keep = false): T {
    // A kept parse serves only the very next document, and only when it has the same text.
    const spare = this.spare;
    this.spare = undefined;
    const document = spare?.text === text ? spare : new ParsedDocument(this.parser, text, 0);
    if (spare && spare !== document) spare.dispose();
    try {
      return use(document);
    } finally {
      if (keep) this.spare = document;
      else document.dispose();
    }
  }

  /**
   * Runs the rules on the document's tree. An open document (`uri`) is analysed incrementally:
   * statements the changes since its last analysis did not touch keep their findings.
   */
  private analyseDocument(document: ParsedDocument, projectSettings: Settings, uri?: string, path = uri ? this.paths.get(uri) : undefined, location = uri): Analysis {
    const settings = settingsForPath(projectSettings, path);
    const text = document.text;
    const base = { version: document.version, kind: 'python' as const, text, lines: document.lines, syntaxErrors: document.syntaxTree.rootNode.hasError };
    const skip = this.skipReason(text, settings, path);
    if (skip !== false) {
      document.forgetChanges();
      if (uri) this.states.delete(uri);
      return { ...base, ...notAnalysed(skip) };
    }
    const changes = document.takeChanges();
    // The run consumes the previous state (its outline is moved in place): if it throws, the next
    // analysis starts afresh instead of reusing a state the changes just taken no longer match.
    const previous = uri ? this.states.get(uri) : undefined;
    if (uri) this.states.delete(uri);
    const tree = document.syntaxTree;
    const place = location !== undefined && path !== undefined ? { location, path } : undefined;
    const project = place && this.projects.indexOf(place)?.viewFrom(place.path);
    const { result, state, model } = runRules(text, tree, document.lines, this.rules, settings, { previous, changes, kept: uri !== undefined }, path, project, place && this.projectFiles(place));
    if (uri) this.states.set(uri, state);
    // A fix that creates files is offered only while none of them exists.
    result.findings = result.findings.map((f) => (f.fix?.files ? { ...f, fix: guardNewFiles(f.fix, place && ((file) => this.projectFileExists(file, place))) } : f));
    // Asked by the language server only, while the tree is current: the CLI and fix-all never pay for it.
    const noqaPlace = pythonNoqaPlaces(text, tree, document.lines, model.outline, model.words);
    return { ...base, ...result, noqaPlace, headerLines: pythonHeaderLines(text, document.lines), ...(state.projectAnswers ? { projectAnswers: state.projectAnswers } : {}) };
  }

  /** Runs the `checkFile` rules on a file other than Python. `place`: where the host found it, to read the project's modules. */
  private analyseFile(document: TextDocument, projectSettings: Settings, place: DocumentPlace | undefined, path = place?.path): Analysis {
    const settings = settingsForPath(projectSettings, path);
    const { text, lines, kind } = document;
    const base = { version: document.version, kind, text, lines, syntaxErrors: false };
    const skip = this.skipReason(text, settings, path);
    if (skip !== false) return { ...base, ...notAnalysed(skip) };
    if (!this.rules.some((rule) => rule.checkFile && rule.fileKinds?.includes(kind))) return { ...base, ...notAnalysed(undefined) };
    const read = readFile(kind, text, lines);
    const run = { text, lines, kind, path: path ?? '', read, pythonModule: this.moduleReader(place, settings) };
    const result = runFileRules(run, this.rules, settings);
    const places = fileNoqaPlaces(result.findings, read, lines);
    return { ...base, ...result, noqaPlace: (finding: Finding) => places.get(finding) ?? { line: lines.lineOf(finding.range.start), insertable: false }, headerLines: read.headerLines };
  }

  /** Why a file is not analysed (false: it is). */
  private skipReason(text: string, settings: Settings, path: string | undefined): Analysis['skipped'] | false {
    if (!settings.enable) return undefined;
    if (isExcludedPath(path, settings)) return 'excluded';
    if (isTestModule(path, settings.testPaths)) return 'test-code';
    if (exceedsUtf8Bytes(text, settings.maxFileSizeMb * 1024 * 1024)) return 'too-large';
    return false;
  }

  /**
   * How a file's rules read a Python module of its project: an open document first (the
   * editor's text, unsaved edits included), then the host's reader; parsed only while `use` runs.
   */
  private moduleReader(place: DocumentPlace | undefined, settings: Settings): FileContext['pythonModule'] {
    return (relativePath, use) => {
      if (!place) return undefined;
      for (const candidate of candidatePaths(place.path, relativePath)) {
        const text = this.openModuleText(candidate, place) ?? this.reader?.(candidate, place);
        if (text === undefined) continue;
        if (exceedsUtf8Bytes(text, settings.maxFileSizeMb * 1024 * 1024)) return undefined;
        return this.withFreshDocument(text, (document) => use(new FlaskModel(document.syntaxTree.rootNode, text)));
      }
      return undefined;
    };
  }

  /**
   * The text of the project file at `path` in the project of `from`: an open document's (unsaved
   * edits included), else what the host's reader gives. Hosts place a finding's related
   * information (rule.ts `RelatedInformation`) in it.
   */
  projectFileText(from: DocumentPlace, path: string): string | undefined {
    return this.openModuleText(path, from) ?? this.reader?.(path, from);
  }

  /** Whether the project of `from` has a file at `path`: indexed, open, on the host's disk, or created by the fix-all under way. */
  private projectFileExists(path: string, from: DocumentPlace): boolean {
    if (this.creating?.some((file) => file.path === path)) return true;
    if (this.projects.indexOf(from)?.has(path)) return true;
    return this.openModuleText(path, from) !== undefined || this.reader?.(path, from) !== undefined;
  }

  /** The text of an open Python document at `path` in the project of `from`. */
  private openModuleText(path: string, from: DocumentPlace): string | undefined {
    for (const [uri, document] of this.documents) {
      const place = { location: uri, path: this.paths.get(uri) ?? '' };
      if (place.path === path && sameProject(place, from)) return document.text;
    }
    return undefined;
  }
}

/** The parts of an analysis that was skipped (`reason` undefined: checking is off, or no rule reads this kind). */
function notAnalysed(reason: Analysis['skipped']) {
  return {
    findings: [],
    // A skipped analysis has no findings to place.
    noqaPlace: (): NoqaPlace => ({ line: 0, insertable: false }),
    headerLines: 0,
    suppressions: emptySuppressions(),
    ruleErrors: [],
    keptStatements: 0,
    keptModuleFindings: 0,
    ...(reason ? { skipped: reason } : {}),
  };
}

function emptySuppressions(): Suppressions {
  return { byLine: new Map(), file: undefined, comments: [] };
}

/** True when `text` takes more than `limit` bytes as UTF-8; counts only when the length alone cannot tell. */
function exceedsUtf8Bytes(text: string, limit: number): boolean {
  if (text.length > limit) return true;
  if (text.length * 3 <= limit) return false;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A surrogate pair is 4 bytes: 2 for each half.
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code <= 0xdfff ? 2 : 3;
    if (bytes > limit) return true;
  }
  return false;
}
