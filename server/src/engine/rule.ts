import type { Node } from 'web-tree-sitter';
import type { OtherFileKind, ParsedFile } from './files';
import type { FlaskModel } from './model';
import type { PlainStatement } from './plainStatement';
import type { LineIndex, OffsetRange } from './positions';
import type { Settings } from './settings';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** Ruff's model: safe fixes keep behaviour and are applied on save; unsafe ones only on request. */
export type FixSafety = 'safe' | 'unsafe';

/** Replace `range` (UTF-16 offsets into the analysed text) with `newText`. */
export interface TextEdit {
  range: OffsetRange;
  newText: string;
}

/** A file a fix creates: its path relative to the project root (`/`-separated) and its whole text. */
export interface NewFile {
  path: string;
  text: string;
}

/** A rule's documentation, in Ruff's sections. Markdown; `example` and `useInstead` are Python source unless `exampleFile` names another file. */
export interface RuleDocs {
  whatItDoes: string;
  whyItMatters: string;
  example: string;
  useInstead: string;
  fixSafety: string;
  /** The file `example` and `useInstead` are, when it matters: another kind of file (`Dockerfile`), or a module whose place counts (`app/services/users.py`). */
  exampleFile?: string;
  /** Other files of the project the example sits in (path → text), for rules that look across modules. */
  exampleProject?: Record<string, string>;
}

export interface RuleMeta {
  /** `FLK` plus three digits; the hundreds follow the guide's sections. */
  code: string;
  /** kebab-case, and the rule's file name. */
  slug: string;
  /** One line: what is wrong, shown in rule lists. */
  summary: string;
  defaultSeverity: Severity;
  /** True when at least some findings carry a fix. */
  fixable: boolean;
  /** False for an opt-in rule: it runs only when `select` names it (its code or a prefix narrower than `FLK`) or `severity` gives it one. */
  enabledByDefault?: boolean;
  /** Message templates by id; `{name}` placeholders are filled from the report's data. */
  messages: Record<string, string>;
  docs: RuleDocs;
}

/**
 * Whether a fix can be offered, or why not (shown in the hover). `safety`: what its plan found
 * (a fix whose `safety` is 'unsafe' may turn out safe once every reference it updates is seen).
 */
export type FixAvailability = { ok: true; safety?: FixSafety } | { ok: false; reason: string };

/** Edits of another project file: its path from the project root, offsets into its current text (ProjectFiles.read). */
export interface OtherFileEdits {
  path: string;
  edits: TextEdit[];
}

/**
 * A fix is data: a title, its safety, and edits computed only when someone asks for them
 * (a code action, fix-all, `--fix`), never on every keystroke. They are asked for while the
 * analysis's tree lives: inside `analyseText`'s callback, or for an open document at the analysed
 * version (a fix kept by incremental analysis is found again on the current tree, see runner.ts).
 */
export interface Fix {
  title: string;
  safety: FixSafety;
  /** The edits; an empty list means the fix is not offered after all. */
  edits(): TextEdit[];
  /**
   * For fixes whose planning reads much of the module (FLK101's factory rewrite): decides when
   * asked (a code action, fix-all, the CLI), not on every keystroke, whether the fix can be
   * offered. Absent: it always can. Must be cheap to call twice (memoise the plan).
   */
  available?(): FixAvailability;
  /**
   * Edits of other files of the project that belong to the same change (FLK201's endpoint renames in
   * other modules and templates), computed when asked against each file's current text. A host that
   * cannot apply them with the fix's own edits does not apply the fix.
   */
  otherFiles?(): OtherFileEdits[];
  /**
   * Files the fix creates in the project beside its edits (FLK204's `health.py`). A fix never
   * overwrites a file: the engine refuses it when one of the paths exists (fixes.ts
   * `guardNewFiles`). Hosts that cannot create files do not offer it, and fix-all on save never
   * applies it. Absent: the fix edits its own document only.
   */
  files?(): NewFile[];
  /**
   * The fix renames what other fixes' edits may name (FLK201's endpoints): fix-all applies it in a
   * pass of its own, and the others are made on the next analysis, against the renamed code.
   */
  alone?: boolean;
}

/**
 * Another place a finding points at, as LSP's related information does: in this module or in
 * another of its project (`path` relative to the project root, `range` in that file's text as the
 * project index last read it). Hosts turn it into their own locations.
 */
export interface RelatedInformation {
  path: string;
  range: OffsetRange;
  message: string;
}

/** The project's files as a rule's fix may read them, when the host can: open documents first, then the host's copy. */
export interface ProjectFiles {
  /** A file's current text by its path from the project root; undefined when there is none or it cannot be read. */
  read(path: string): string | undefined;
  /** The files under a folder of the project, recursively (paths from the root); undefined when the host cannot list them. */
  list(folder: string): string[] | undefined;
  /** A Python module of the project parsed for as long as `use` runs; undefined when it cannot be read. */
  module<T>(path: string, use: (model: FlaskModel, text: string) => T): T | undefined;
}

export interface Finding {
  code: string;
  messageId: string;
  message: string;
  range: OffsetRange;
  severity: Severity;
  fix?: Fix;
  related?: RelatedInformation[];
}

export interface Report {
  /** The node to underline, or an explicit range. */
  node?: Node;
  range?: OffsetRange;
  messageId: string;
  data?: Record<string, string>;
  fix?: Fix;
  related?: RelatedInformation[];
}

/** A report read from a plain statement's text: a range, and the title and safety of the visitors' fix if they offer one. */
export interface PlainReport {
  range: OffsetRange;
  messageId: string;
  data?: Record<string, string>;
  fix?: Pick<Fix, 'title' | 'safety'>;
}

export interface RuleContext {
  readonly text: string;
  readonly model: FlaskModel;
  /** The file's name without its directory (`__main__.py`), when the host knows it. */
  readonly fileName?: string;
  /** The file's path relative to its project root (`/`-separated), when the host knows it; else its name alone. */
  readonly path?: string;
  /** The settings the analysis runs under, for rules with options (FLK202's `maxRoutesPerModule`). */
  readonly settings: Readonly<Settings>;
  /** The project's other files, for fixes that edit them too; absent where the host gives no project. Read only when a fix is asked for. */
  readonly files?: ProjectFiles;
  report(report: Report): void;
}

/**
 * Called for each node of the listed types, in one walk shared by all rules.
 *
 * For incremental analysis, what a visitor reports may depend only on the top-level statement it
 * runs in (its subtree and the text of its lines) and on the module facts that runner.ts
 * `moduleFacts` lists (the model's imports, apps, blueprints and config classes, module-level
 * `x = call(...)` bindings, class headers, `from_object` calls), and on the context's `fileName` and `path`.
 * A visitor that reads other top-level statements needs its fact added there;
 * test/incremental.test.ts checks the result.
 */
export type Visitor = (node: Node, context: RuleContext) => void;

/** A finding in a file other than Python: its range is explicit. */
export interface FileReport {
  range: OffsetRange;
  messageId: string;
  data?: Record<string, string>;
  fix?: Fix;
}

/** What a `checkFile` rule sees of a file other than Python. */
export interface FileContext {
  readonly text: string;
  readonly lines: LineIndex;
  /** The file's path relative to the project root (`/`-separated), or its name alone. */
  readonly path: string;
  readonly file: ParsedFile;
  /**
   * A Python module of the project by its path relative to this file's folder (looked up there,
   * then in each folder above it), parsed for as long as `use` runs. Undefined when the host
   * cannot read it: a host without files (a browser), or no such module.
   */
  pythonModule<T>(relativePath: string, use: (model: FlaskModel) => T): T | undefined;
  report(report: FileReport): void;
}

export interface Rule {
  meta: RuleMeta;
  /** Node types this rule looks at, by tree-sitter type name. */
  visit?: Partial<Record<string, Visitor>>;
  /**
   * Words that a node's source must contain for this rule's visitors to report anything there
   * (matched as identifiers, ignoring case; one that is no identifier, such as `://`, matches
   * wherever it is written): the walk skips every subtree without one, so the
   * rest of the tree costs nothing. A function computes them from the module (imported names).
   * Without anchors, every node of the visited types is visited.
   */
  anchors?: readonly string[] | ((model: FlaskModel) => readonly string[]);
  /**
   * True for a rule that reports only code run while the module is imported: the walk does not
   * enter function bodies for its anchors (a view full of `request` costs it nothing).
   */
  importTimeOnly?: boolean;
  /**
   * What the visitors report on a top-level statement of a plain shape (plainStatement.ts), read
   * from its text: the runner then walks no node of it when every rule anchored there can say.
   * Undefined: the tree must say. A report's fix is found again on request, by the visitors run
   * over the statement's nodes, so its title and safety must be what theirs would be.
   */
  readPlain?(statement: PlainStatement, context: RuleContext): PlainReport[] | undefined;
  /** Module-wide checks that work from the model alone; they run on every analysis, so keep them cheap. */
  checkModule?(context: RuleContext): void;
  /**
   * True for a `checkModule` that reads nothing but the module facts the runner compares (the
   * bindings runner.ts `moduleFacts` lists, the views and the routes, whether the tree has errors)
   * and where the things it reports stand. While those facts, the settings and the project hold,
   * its findings are kept, shifted through the edits, instead of checked again on every
   * keystroke; a kept finding's fix is found again by running the check once more, when asked.
   * test/incremental.test.ts compares the result with a fresh analysis.
   */
  keepsModuleFindings?: boolean;
  /**
   * True for a rule that reads the module's routes or view graph (`model.routes`,
   * `model.viewGraph`): the runner then keeps the statements' summaries (summaries.ts) and adds
   * the view graph to the module facts. Rules that do not need them do not pay for them.
   */
  usesViewGraph?: boolean;
  /**
   * True for a rule that reads only `model.routes`: the runner keeps the statements' summaries
   * only for a module whose text may declare a route (summaries.ts `mayDeclareRoutes`), so a
   * module without one pays nothing.
   */
  usesRoutes?: boolean;
  /** The kinds of file other than Python this rule reads with `checkFile` (see files/kinds.ts). */
  fileKinds?: readonly OtherFileKind[];
  /** Checks one file of a kind in `fileKinds`, whole, on every analysis of it. */
  checkFile?(context: FileContext): void;
}
