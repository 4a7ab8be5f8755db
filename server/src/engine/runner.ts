import type { Node, Tree, TreeCursor } from 'web-tree-sitter';
import { forEachTopLevelIn, mapThroughEdits, wholeLines, type DocumentChanges, type EditRecord } from './document';
import { FlaskModel } from './model';
import type { LineIndex, OffsetRange } from './positions';
import type { Finding, Fix, FixAvailability, OtherFileEdits, ProjectFiles, Report, Rule, RuleContext, Severity, Visitor } from './rule';
import { readPlainStatement } from './plainStatement';
import { effectiveSeverity, type Settings } from './settings';
import { findSuppressions, isSuppressed, type Suppressions } from './suppressions';
import { insideError, shapedByErrorRecovery } from './syntax';
import { ALL_RULES, AnchorMatcher, forEachAnchoredChild, walkToAnchors, type AnchorIndex } from './anchors';
import { compareFindings, errorText, findingOf } from './findings';
import { summariseStatements, type SummaryRecord } from './summaryCache';
import type { OutlineEntry } from './semantic/outline';
import type { Scope } from './semantic/semanticModel';
import { WordPresence } from './wordPresence';
import type { ProjectView } from './project/projectIndex';
import { RecordingView, type ProjectAnswers } from './project/recordingView';
import { youngClosure } from './youngClosure';

export interface RuleError {
  code: string;
  error: string;
}

export interface RunResult {
  findings: Finding[];
  suppressions: Suppressions;
  /** Rules that threw; the other rules' findings still stand. */
  ruleErrors: RuleError[];
  /** Top-level statements whose findings were kept from the previous analysis (0: everything was walked). */
  keptStatements: number;
  /** Findings of module checks kept from the previous analysis (Rule.keepsModuleFindings). */
  keptModuleFindings: number;
}

/**
 * What one analysis leaves for the next: the visitors' findings (before suppression) grouped by
 * the top-level statement they came from, and the module facts they were computed under.
 */
export interface RunState {
  settingsKey: string;
  /** The module's bindings (see moduleFacts): summaries made under other bindings are read again. */
  bindingFacts: string;
  facts: string;
  /** Summaries of the top-level statements that have one (summaries.ts), when a rule uses the view graph. */
  summaries?: SummaryRecord[];
  /** Only statements that produced findings or rule errors, in document order. */
  statements: StatementRecord[];
  /** What the project said about imported names (project/recordingView.ts), when one was asked. */
  projectAnswers?: ProjectAnswers;
  /** The module's top-level statements (semantic/outline.ts): a keystroke reads only the changed ones again. */
  outline?: readonly OutlineEntry[];
  /** Which words the text holds (wordPresence.ts): after a keystroke, an absent word is looked for where it landed. */
  words?: WordPresence;
  /** The module's scope (semantic model): a keystroke that binds the same names takes its tables over. */
  moduleScope?: Scope;
  /** The findings of the module checks that keep theirs (Rule.keepsModuleFindings), by rule, and what they were made under. */
  moduleChecks?: ModuleCheckRecord[];
  /** The document's newest run, where kept findings' fixes find themselves again. */
  newest: NewestRun;
}

/**
 * A document's newest run. Kept findings' fixes look themselves up in it, so a finding that did not
 * move is the same object from keystroke to keystroke, holding no older run (nor its text).
 */
class NewestRun {
  run: Run | undefined;
}

/** What a run needs to keep the module checks' findings: the previous analysis's, and the changes since. */
interface ModuleChecksKept {
  previous: readonly ModuleCheckRecord[] | undefined;
  edits: readonly EditRecord[];
  dirty: readonly OffsetRange[];
}

interface ModuleCheckRecord {
  code: string;
  /** Whether the run had a project and its files: a fix offers edits in other files only then. */
  projectKey: string;
  findings: Finding[];
}

interface StatementRecord {
  start: number;
  end: number;
  findings: Finding[];
  errors: RuleError[];
  /** True when the findings were kept from the previous analysis, not walked again. */
  kept?: boolean;
}

/** The rules these settings turn on, with the severity each reports at. */
export function activeRules(rules: readonly Rule[], settings: Settings): { rule: Rule; severity: Severity }[] {
  const active: { rule: Rule; severity: Severity }[] = [];
  for (const rule of rules) {
    const severity = effectiveSeverity(rule.meta.code, rule.meta.defaultSeverity, settings, rule.meta.enabledByDefault);
    if (severity) active.push({ rule, severity });
  }
  return active;
}

/** activeRules, worked out once per rule list and settings: an open document's settings are the same keystroke after keystroke. */
const activeBySettings = new WeakMap<readonly Rule[], Map<string, { rule: Rule; severity: Severity }[]>>();

function activeRulesUnder(rules: readonly Rule[], settings: Settings, settingsKey: string): { rule: Rule; severity: Severity }[] {
  let bySettings = activeBySettings.get(rules);
  if (!bySettings) activeBySettings.set(rules, (bySettings = new Map()));
  let active = bySettings.get(settingsKey);
  if (!active) {
    // Settings differ per folder and per pyproject.toml; a handful at a time.
    if (bySettings.size > 50) bySettings.clear();
    active = activeRules(rules, settings);
    bySettings.set(settingsKey, active);
  }
  return active;
}

/**
 * Runs every active rule over one tree: one shared walk, guided by the rules' anchor words so
 * that only subtrees containing one are entered, and one Flask model.
 *
 * With the previous run's state and the document's changes since, only the top-level statements
 * on changed lines are walked again; the others keep their findings, shifted. When the module
 * facts changed, or the settings, everything is walked again. Module-wide checks always run.
 */
export function runRules(
  text: string,
  tree: Tree,
  lines: LineIndex,
  rules: readonly Rule[],
  settings: Settings,
  /**
   * The previous analysis's state and the changes since. `kept: false`: nothing keeps this run's
   * state (a one-off analysis, as the CLI's), so the module facts that only a next analysis
   * compares are not worked out.
   */
  incremental?: { previous: RunState | undefined; changes: DocumentChanges; kept?: boolean },
  /** The module's path relative to its project root, or its file name alone. */
  path?: string,
  project?: ProjectView,
  /** The project's other files, for fixes that edit them (rule.ts ProjectFiles). */
  files?: ProjectFiles,
): { result: RunResult; state: RunState; model: FlaskModel } {
  // What the project answered before must still hold, or nothing is kept.
  const answers = incremental?.previous?.projectAnswers;
  const projectHolds = !answers || (project !== undefined && RecordingView.stillHolds(project, answers));
  const recording = project && new RecordingView(project, projectHolds ? answers : undefined);
  const changes = incremental?.changes;
  const edited = changes && !changes.fresh ? changes : undefined;
  // The outline is syntax alone: it holds whatever the project says.
  const outline = edited && incremental?.previous?.outline;
  const wordsBefore = edited && incremental?.previous?.words;
  const words = new WordPresence(text, wordsBefore && { presence: wordsBefore, edits: edited!.edits });
  const keptFacts = incremental?.kept !== false;
  const outlineReuse = outline && { previous: outline, ...edited!, previousModule: incremental?.previous?.moduleScope };
  const run = new Run(text, tree, rules, settings, path, recording, files, outlineReuse, words, keptFacts, incremental?.previous?.newest);
  const previous = projectHolds ? incremental?.previous : undefined;
  let summaries: SummaryRecord[] = [];
  if (run.usesViewGraph) {
    const sameBindings = previous && edited && previous.bindingFacts === run.bindingFacts && previous.summaries ? previous : undefined;
    const summarised = summariseStatements(run.model, text, sameBindings && { previous: sameBindings.summaries!, ...edited! });
    summaries = summarised.records;
    run.useSummaries(summaries, summarised.changed ? undefined : sameBindings?.facts);
  } else {
    run.facts = run.bindingFacts;
  }
  const reusable = previous && edited && previous.settingsKey === run.settingsKey && previous.facts === run.facts;
  const statements = reusable ? run.walkChanged(previous, edited) : run.walkAll();
  const keptStatements = statements.filter((record) => record.kept).length;
  // Module checks that keep their findings keep them under the same conditions. With errors too: the
  // facts say whether the tree has any, and where error recovery reshaped the tree near a finding,
  // tree-sitter's changed ranges, among the dirty ones, cover it, so that check runs again.
  const moduleFindings = run.checkModule(reusable ? { previous: previous.moduleChecks, edits: edited.edits, dirty: edited.dirty } : undefined);

  const findings: Finding[] = [...moduleFindings.findings];
  const ruleErrors: RuleError[] = [...moduleFindings.errors];
  for (const record of statements) {
    findings.push(...record.findings);
    ruleErrors.push(...record.errors);
  }
  const suppressions = findSuppressions(text, tree, lines);
  // Without a `# noqa` comment nothing is suppressed: thousands of findings skip the look-up.
  const kept = suppressions.comments.length === 0 ? findings : findings.filter((f) => !isSuppressed(suppressions, f.code, lines.lineOf(f.range.start)));
  // A total order: kept and re-walked statements arrive in another order than a fresh walk's.
  kept.sort(compareFindings);
  return {
    result: { findings: kept, suppressions, ruleErrors, keptStatements, keptModuleFindings: moduleFindings.kept },
    state: {
      settingsKey: run.settingsKey,
      bindingFacts: run.bindingFacts,
      facts: run.facts,
      statements,
      outline: run.model.outline,
      moduleScope: run.model.semantic.module,
      words: run.model.words,
      ...(run.usesViewGraph ? { summaries } : {}),
      ...(recording && recording.answers.size > 0 ? { projectAnswers: recording.answers } : {}),
      ...(moduleFindings.records.length > 0 ? { moduleChecks: moduleFindings.records } : {}),
      newest: run.newest,
    },
    model: run.model,
  };
}

const ERROR_TYPE_ID = 65535;
/** Anchored rules get one bit each; past this many, rules are walked as if they had no anchors. */
const MAX_ANCHORED_RULES = 30;

interface ActiveRule {
  rule: Rule;
  severity: Severity;
  bit: number;
  context: RuleContext;
}

/**
 * Per-language tables, built once per process: type id → name, whether it is named, and whether
 * it is a function definition or a block (a function's body is its block).
 */
interface TypeTables {
  names: string[];
  named: boolean[];
  functions: boolean[];
  blocks: boolean[];
}

const typeTables = new WeakMap<object, TypeTables>();

function tablesFor(tree: Tree): TypeTables {
  const language = tree.language;
  let tables = typeTables.get(language);
  if (!tables) {
    const names: string[] = [];
    const named: boolean[] = [];
    for (let id = 0; id < language.nodeTypeCount; id++) {
      names.push(language.nodeTypeForId(id) ?? '');
      named.push(language.nodeTypeIsNamed(id));
    }
    tables = { names, named, functions: names.map((name) => name === 'function_definition'), blocks: names.map((name) => name === 'block') };
    typeTables.set(language, tables);
  }
  return tables;
}

/**
 * A fix the visitors make, found again over the statement's nodes in the document's newest run
 * when it is asked for: a kept finding's (its fix held an older text and tree), and a finding read
 * from a plain statement's text (whose fix was never made). A kept module check's finding is found
 * again by running the check once more. `said` gives what is known before: title, safety, and
 * whether there are edits of other files or an availability to ask. A class, not closures: a
 * findings-dense module holds a hundred thousand, each kept until the next analysis.
 */
class FoundAgainFix implements Fix {
  readonly title: string;
  readonly safety: Fix['safety'];
  otherFiles?: () => OtherFileEdits[];
  available?: () => FixAvailability;

  constructor(
    said: Pick<Fix, 'title' | 'safety' | 'otherFiles' | 'available'>,
    private readonly finding: Finding,
    private readonly newest: NewestRun,
    /** True for a module check's finding: the check runs again, not the statement's visitors. */
    private readonly inModule = false,
  ) {
    this.title = said.title;
    this.safety = said.safety;
    // Functions shared by every instance, called as its methods: no closure per kept finding.
    if (said.otherFiles) this.otherFiles = otherFilesFoundAgain;
    if (said.available) this.available = availabilityFoundAgain;
  }

  edits(): ReturnType<Fix['edits']> {
    return this.current()?.edits() ?? [];
  }

  /** The fix as the visitors (or the module check) make it now, in the document's newest run. */
  current(): Fix | undefined {
    const run = this.newest.run;
    return (this.inModule ? run?.findAgainInModule(this.finding) : run?.findAgain(this.finding))?.fix;
  }
}

/** True when a kept finding stays where it was and its fix (if any) finds itself in the newest run: it is kept as it is. */
function unmoved(finding: Finding, range: OffsetRange): boolean {
  return finding.range.start === range.start && finding.range.end === range.end && (finding.fix === undefined || finding.fix instanceof FoundAgainFix);
}

/** FoundAgainFix's `otherFiles`, when the fix it finds again has them. */
function otherFilesFoundAgain(this: FoundAgainFix): OtherFileEdits[] {
  return this.current()?.otherFiles?.() ?? [];
}

/** FoundAgainFix's `available`, when the fix it finds again has one. */
function availabilityFoundAgain(this: FoundAgainFix): FixAvailability {
  const found = this.current();
  return found ? (found.available?.() ?? { ok: true }) : { ok: false, reason: 'the code changed; try again' };
}

/** One analysis: the model, the rules' contexts, and where their reports go. */
class Run {
  readonly model: FlaskModel;
  readonly bindingFacts: string;
  /** The binding facts and what the statements' summaries add (views and the functions they call). */
  facts = '';
  /** Whether an active rule reads routes or the view graph (rule.ts `usesViewGraph`). */
  readonly usesViewGraph: boolean;
  readonly settingsKey: string;
  private readonly root: Node;
  private readonly rules: ActiveRule[];
  /** Type id → the visitors that want it. */
  private readonly visitors: { rule: ActiveRule; visitor: Visitor }[][] = [];
  private readonly named: boolean[];
  /** Bits of rules that have visitors but no anchors: every subtree may matter to them. */
  private readonly everywhere: number;
  private readonly anchors: AnchorMatcher;
  /** The rules whose anchors count below a child of a node (walkToAnchors): not those of import-time rules in a function's body. */
  private readonly narrow: (parentTypeId: number, typeId: number) => number;
  /** Bits of the rules that look only at code run on import (Rule.importTimeOnly). */
  private readonly importTime: number;
  private readonly checkErrors: boolean;
  /** Bits of the rules that read plain statements from their text (Rule.readPlain). */
  private readonly plainReaders: number;
  private sink: Finding[] = [];
  private errors: RuleError[] = [];
  /** Findings re-derived for kept findings' fixes, by top-level statement start. */
  private readonly rederived = new Map<number, Finding[]>();
  /** Module checks run again for kept findings' fixes, by rule code. */
  private readonly rechecked = new Map<string, Finding[]>();
  /** Whether the run has a project and its files (ModuleCheckRecord). */
  private readonly projectKey: string;
  readonly newest: NewestRun;

  constructor(
    private readonly text: string,
    tree: Tree,
    rules: readonly Rule[],
    private readonly settings: Settings,
    private readonly path: string | undefined,
    project: ProjectView | undefined,
    private readonly files: ProjectFiles | undefined,
    outlineReuse?: ConstructorParameters<typeof FlaskModel>[3],
    wordPresence?: WordPresence,
    /** Whether the facts are worked out: only a next analysis compares them (see runRules `kept`). */
    private readonly keptFacts = true,
    /** The previous analysis's: this run becomes the document's newest. */
    newest = new NewestRun(),
  ) {
    this.newest = newest;
    newest.run = this;
    this.root = tree.rootNode;
    this.projectKey = `${project !== undefined} ${files !== undefined}`;
    this.model = new FlaskModel(this.root, text, project, outlineReuse, wordPresence);
    this.checkErrors = this.root.hasError;
    // Rules may read the file's path: findings made under another path are not kept. Nor are those
    // made while the tree had errors, or had none: a statement off its column is dropped only then.
    this.bindingFacts = keptFacts ? `file ${path ?? ''}\nerrors ${this.checkErrors}\n${moduleFacts(this.model, text)}` : '';
    // Any setting may change what a rule reports (extend-select, a rule's limit from pyproject.toml): findings are kept only under the same ones.
    this.settingsKey = JSON.stringify(settings);
    const { names, named, functions, blocks } = tablesFor(tree);
    this.named = named;

    let everywhere = 0;
    const words: { word: string; bit: number }[] = [];
    this.rules = activeRulesUnder(rules, settings, this.settingsKey).map(({ rule, severity }, index) => {
      const active: ActiveRule = { rule, severity, bit: 1 << Math.min(index, MAX_ANCHORED_RULES), context: this.contextFor(rule, severity) };
      if (rule.visit) {
        const anchors = typeof rule.anchors === 'function' ? rule.anchors(this.model) : rule.anchors;
        if (anchors && index < MAX_ANCHORED_RULES) for (const word of anchors) words.push({ word, bit: active.bit });
        else everywhere |= active.bit;
      }
      return active;
    });
    const searched = new Map<string, boolean>();
    this.usesViewGraph = this.rules.some(
      ({ rule }) => (rule.usesViewGraph === true && mayReport(rule, this.model, text, searched)) || (rule.usesRoutes === true && this.model.mayDeclareRoutes),
    );
    this.everywhere = everywhere;
    this.anchors = AnchorMatcher.for(words);
    let importTime = 0;
    for (const active of this.rules) if (active.rule.importTimeOnly) importTime |= active.bit;
    this.importTime = importTime;
    let plainReaders = 0;
    // In a tree with errors a statement's text may not be what its nodes say; without anchors every statement is walked anyway.
    if (!this.checkErrors && everywhere === 0) for (const active of this.rules) if (active.rule.readPlain) plainReaders |= active.bit;
    this.plainReaders = plainReaders;
    const inBody = ~importTime;
    this.narrow = youngClosure((parentTypeId, typeId) => (functions[parentTypeId] === true && blocks[typeId] === true ? inBody : ALL_RULES));

    const byName = new Map<string, { rule: ActiveRule; visitor: Visitor }[]>();
    for (const active of this.rules) {
      for (const [type, visitor] of Object.entries(active.rule.visit ?? {})) {
        if (!visitor) continue;
        const list = byName.get(type) ?? [];
        list.push({ rule: active, visitor });
        byName.set(type, list);
      }
    }
    names.forEach((name, id) => {
      const list = byName.get(name);
      if (list) this.visitors[id] = list;
    });
  }

  /**
   * Hands the statements' summaries to the model; the facts then include the views and what they
   * call. `unchangedFacts`: the previous facts, when the bindings and the summaries say the same.
   */
  useSummaries(records: readonly SummaryRecord[], unchangedFacts: string | undefined): void {
    this.model.useSummaries(records);
    if (unchangedFacts !== undefined || !this.keptFacts) {
      this.facts = unchangedFacts ?? '';
      return;
    }
    const { views, calledFromViews } = this.model.viewGraph;
    // FLK504 matches paths against the routes' rules and endpoints, wherever they are declared.
    const routes = this.model.routes.map(({ range: _range, viewRange: _view, calls: _calls, ...route }) => JSON.stringify(route));
    this.facts = `${this.bindingFacts}\nviews ${[...views].sort().join(',')}\ncalled from views ${[...calledFromViews].sort().join(',')}\nroutes ${routes.join(',')}`;
  }

  /** Walks every top-level statement. */
  walkAll(): StatementRecord[] {
    const records: StatementRecord[] = [];
    if (this.visitors.length === 0) return records;
    const anchors = this.anchors.index(this.text, 0, this.text.length);
    if (this.plainReaders !== 0) {
      const read = this.readOrWalkAnchored(anchors);
      if (read) return read;
    }
    const cursor = this.root.walk();
    const walk = (start: number, end: number) => {
      const record = this.walkStatement(cursor, anchors, start, end);
      if (record) records.push(record);
    };
    try {
      // With every rule anchored, statements without an anchor are skipped unread.
      if (this.everywhere === 0) forEachAnchoredChild(cursor, anchors, walk);
      else if (cursor.gotoFirstChild()) {
        do walk(cursor.startIndex, cursor.endIndex);
        while (cursor.gotoNextSibling());
      }
    } finally {
      cursor.delete();
    }
    return records;
  }

  /**
   * The outline's anchored statements: those of a plain shape read from their text, the others
   * walked, their nodes looked up only then (a findings-dense module is mostly the former, and
   * stepping a cursor along its top level cost more than reading them). Undefined when a
   * statement's node is not found: the caller walks the tree.
   */
  private readOrWalkAnchored(anchors: AnchorIndex): StatementRecord[] | undefined {
    const records: StatementRecord[] = [];
    const outline = this.model.outline;
    const walked: number[] = [];
    for (let index = 0; index < outline.length; index++) {
      const { start, end } = outline[index]!;
      if (!anchors.any(start, end) || this.onlyInFunctionBody(anchors, start, end)) continue;
      const read = this.readPlain(anchors, start, end);
      if (!read) walked.push(index);
      else if (read.length > 0) records.push({ start, end, findings: read, errors: [] });
    }
    if (walked.length === 0) return records;
    const nodes = this.model.outlineNodesAt(walked);
    if (nodes.includes(undefined)) return undefined;
    const cursor = this.root.walk();
    try {
      walked.forEach((index, i) => {
        const { start, end } = outline[index]!;
        cursor.reset(nodes[i]!);
        const record = this.walkStatement(cursor, anchors, start, end, false);
        if (record) records.push(record);
      });
    } finally {
      cursor.delete();
    }
    return records.sort((a, b) => a.start - b.start);
  }

  /**
   * Walks the top-level statements on changed lines; the others keep their previous findings,
   * shifted. Only the changed places are visited: a keystroke in a large module costs the
   * statements it touches, not a pass over the module.
   */
  walkChanged(previous: RunState, changes: { edits: readonly EditRecord[]; dirty: readonly OffsetRange[] }): StatementRecord[] {
    if (this.visitors.length === 0) return [];
    const dirty = wholeLines(this.text, changes.dirty);
    const touches = (start: number, end: number) => dirty.some((range) => range.start <= end && start <= range.end);
    const records: StatementRecord[] = [];
    for (const record of previous.statements) {
      const range = mapThroughEdits(record, changes.edits);
      if (range && !touches(range.start, range.end)) records.push(this.shifted(record, range.start - record.start, range.end));
    }
    const cursor = this.root.walk();
    try {
      // One search for the statements inside each range (a paste holds thousands); the last one may reach past it.
      let searched: OffsetRange | undefined;
      let inside: AnchorIndex | undefined;
      forEachTopLevelIn(cursor, dirty, (range) => {
        const start = cursor.startIndex;
        const end = cursor.endIndex;
        if (searched !== range) {
          searched = range;
          inside = this.anchors.index(this.text, start, range.end);
        }
        const anchors = end <= range.end ? inside! : this.anchors.index(this.text, start, end);
        const record = this.everywhere !== 0 || anchors.any(start, end) ? this.walkStatement(cursor, anchors, start, end) : undefined;
        if (record) records.push(record);
      });
    } finally {
      cursor.delete();
    }
    return records.sort((a, b) => a.start - b.start);
  }

  /**
   * Module-wide checks, which run on every analysis; those that keep their findings (rule.ts
   * `keepsModuleFindings`) keep the previous analysis's, shifted, when `keep` is given.
   */
  checkModule(keep?: ModuleChecksKept): { findings: Finding[]; errors: RuleError[]; records: ModuleCheckRecord[]; kept: number } {
    const findings: Finding[] = [];
    const errors: RuleError[] = [];
    const records: ModuleCheckRecord[] = [];
    let kept = 0;
    const dirty = keep && wholeLines(this.text, keep.dirty);
    for (const active of this.rules) {
      const check = active.rule.checkModule;
      if (!check) continue;
      const keeps = active.rule.keepsModuleFindings === true;
      const previous = keeps && keep ? this.keptModuleFindings(active.rule.meta.code, keep, dirty!) : undefined;
      const checked = previous ? { findings: previous, errors: [] } : this.runModuleCheck(active, check);
      if (previous) kept += previous.length;
      errors.push(...checked.errors);
      if (keeps && checked.errors.length === 0) records.push({ code: active.rule.meta.code, projectKey: this.projectKey, findings: checked.findings });
      for (const finding of checked.findings) findings.push(finding);
    }
    return { findings, errors, records, kept };
  }

  /**
   * The previous analysis's findings of the module check `code`, at their new places with fixes
   * found again on request; undefined when one of them was edited or stands on a changed line.
   */
  private keptModuleFindings(code: string, keep: ModuleChecksKept, dirty: readonly OffsetRange[]): Finding[] | undefined {
    const record = keep.previous?.find((r) => r.code === code);
    if (!record || record.projectKey !== this.projectKey) return undefined;
    const findings: Finding[] = [];
    for (const finding of record.findings) {
      const range = finding.related ? undefined : mapThroughEdits(finding.range, keep.edits);
      if (!range || dirty.some((d) => d.start <= range.end && range.start <= d.end)) return undefined;
      findings.push(this.refreshed(finding, range, true));
    }
    return findings;
  }

  /** Runs one rule's module check into a sink of its own, leaving the run's as it was. */
  private runModuleCheck(active: ActiveRule, check: NonNullable<Rule['checkModule']>): { findings: Finding[]; errors: RuleError[] } {
    const [sink, errors] = [this.sink, this.errors];
    this.sink = [];
    this.errors = [];
    this.guard(active, (_: undefined, context) => check.call(active.rule, context), undefined);
    const checked = { findings: this.sink, errors: this.errors };
    [this.sink, this.errors] = [sink, errors];
    return checked;
  }

  /** Runs the module check of `finding`'s rule again (once per run), and finds it there. */
  findAgainInModule(finding: Finding): Finding | undefined {
    let findings = this.rechecked.get(finding.code);
    if (!findings) {
      const active = this.rules.find((a) => a.rule.meta.code === finding.code);
      const check = active?.rule.checkModule;
      if (!active || !check) return undefined;
      findings = this.runModuleCheck(active, check).findings;
      this.rechecked.set(finding.code, findings);
    }
    const { messageId, range } = finding;
    return findings.find((f) => f.messageId === messageId && f.range.start === range.start && f.range.end === range.end);
  }

  /**
   * Walks the subtree under the cursor, whose range is `[start, end)`, and returns to it; a record
   * when it reported anything. A plain statement is read from its text instead, if `readText`.
   */
  private walkStatement(cursor: TreeCursor, anchors: AnchorIndex, start: number, end: number, readText = true): StatementRecord | undefined {
    if (this.onlyInFunctionBody(anchors, start, end)) return undefined;
    const read = readText ? this.readPlain(anchors, start, end) : undefined;
    if (read) return read.length > 0 ? { start, end, findings: read, errors: [] } : undefined;
    this.sink = [];
    this.errors = [];
    this.walkSubtree(cursor, anchors, start, end);
    if (this.sink.length === 0 && this.errors.length === 0) return undefined;
    return { start, end, findings: this.sink, errors: this.errors };
  }

  /**
   * The findings of the statement `[start, end)` when it has a plain shape (plainStatement.ts)
   * and every rule anchored in it reads them from the text: no node of it is walked. Undefined
   * when a rule cannot say, or throws: the whole statement is left to the walk.
   */
  private readPlain(anchors: AnchorIndex, start: number, end: number): Finding[] | undefined {
    if (this.plainReaders === 0) return undefined;
    const bits = anchors.bits(start, end);
    if ((bits & ~this.plainReaders) !== 0) return undefined;
    const statement = readPlainStatement(this.text, start, end);
    if (!statement) return undefined;
    const findings: Finding[] = [];
    try {
      for (const active of this.rules) {
        if ((bits & active.bit) === 0) continue;
        const reports = active.rule.readPlain!(statement, active.context);
        if (!reports) return undefined;
        for (const report of reports) {
          const finding = findingOf(active.rule.meta, active.severity, report);
          if (report.fix) finding.fix = new FoundAgainFix(report.fix, finding, this.newest);
          findings.push(finding);
        }
      }
    } catch {
      return undefined;
    }
    return findings;
  }

  /**
   * True for a module-level function whose anchors all belong to import-time rules and lie in its
   * body, where those rules look at nothing: views full of `request` are not walked into for FLK403.
   */
  private onlyInFunctionBody(anchors: AnchorIndex, start: number, end: number): boolean {
    if (this.importTime === 0 || this.everywhere !== 0 || (anchors.bits(start, end) & ~this.importTime) !== 0) return false;
    return anchors.next(start) >= this.model.semantic.moduleFunctionBodyStart(start, end);
  }

  /**
   * Visits the nodes under the cursor whose source holds an anchor word (every node when some rule
   * has no anchors), and returns to it. ERROR subtrees are skipped, so nothing inside them is
   * reported. Node objects are made only for nodes a visitor wants.
   */
  private walkSubtree(cursor: TreeCursor, anchors: AnchorIndex, start: number, end: number): void {
    const enters = (typeId: number) => typeId !== ERROR_TYPE_ID && this.named[typeId] === true;
    const visit = (typeId: number, start: number, end: number, rules: number) => {
      const wanted = this.visitors[typeId];
      if (!wanted) return;
      const bits = this.everywhere | (anchors.bits(start, end) & rules);
      let node: Node | undefined;
      for (const { rule, visitor } of wanted) {
        if ((bits & rule.bit) === 0) continue;
        node ??= cursor.currentNode;
        this.guard(rule, visitor, node);
      }
    };
    if (this.everywhere === 0) return walkToAnchors(cursor, { start, end }, anchors, enters, visit, this.narrow);
    let depth = 0;
    for (;;) {
      const typeId = cursor.nodeTypeId;
      const descend = enters(typeId);
      if (descend) visit(typeId, cursor.startIndex, cursor.endIndex, ALL_RULES);
      if (descend && cursor.gotoFirstChild()) {
        depth++;
        continue;
      }
      for (;;) {
        if (depth === 0) return;
        if (cursor.gotoNextSibling()) break;
        cursor.gotoParent();
        depth--;
      }
    }
  }

  /** A kept statement's findings at their new place; their fixes are found again when asked for. */
  private shifted(record: StatementRecord, delta: number, end: number): StatementRecord {
    const findings = record.findings.map((f) => this.refreshed(f, { start: f.range.start + delta, end: f.range.end + delta }));
    return { start: record.start + delta, end, findings, errors: record.errors, kept: true };
  }

  /**
   * A kept finding at `range`, its fix found again in the newest run on request: a kept fix may
   * hold an older text and tree, so its edits come from the statement's visitors (or, `inModule`,
   * the module check) run again on the current tree. One that did not move is kept as it is.
   */
  private refreshed(finding: Finding, range: OffsetRange, inModule = false): Finding {
    if (unmoved(finding, range)) return finding;
    const copy: Finding = { ...finding, range };
    if (finding.fix) copy.fix = new FoundAgainFix(finding.fix, copy, this.newest, inModule);
    return copy;
  }

  /** Runs the visitors again over the top-level statement holding `finding`, and finds it there. */
  findAgain(finding: Finding): Finding | undefined {
    const cursor = this.root.walk();
    try {
      if (!cursor.gotoFirstChildForIndex(finding.range.start)) return undefined;
      const start = cursor.startIndex;
      let findings = this.rederived.get(start);
      if (!findings) {
        const [sink, errors] = [this.sink, this.errors];
        const end = cursor.endIndex;
        findings = this.walkStatement(cursor, this.anchors.index(this.text, start, end), start, end, false)?.findings ?? [];
        [this.sink, this.errors] = [sink, errors];
        this.rederived.set(start, findings);
      }
      const { code, messageId, range } = finding;
      return findings.find((f) => f.code === code && f.messageId === messageId && f.range.start === range.start && f.range.end === range.end);
    } finally {
      cursor.delete();
    }
  }

  /**
   * Runs a rule's visitor (or check) on `value` with the rule's context; what it throws becomes the
   * rule's error, and the other rules go on. No closure per call: a walk visits thousands of nodes.
   */
  private guard<T>(rule: ActiveRule, run: (value: T, context: RuleContext) => void, value: T): void {
    try {
      run(value, rule.context);
    } catch (error) {
      this.errors.push({ code: rule.rule.meta.code, error: errorText(error) });
    }
  }

  private contextFor(rule: Rule, severity: Severity): RuleContext {
    const run = this;
    return {
      text: this.text,
      model: this.model,
      ...(this.path ? { path: this.path, fileName: this.path.slice(this.path.lastIndexOf('/') + 1) } : {}),
      settings: this.settings,
      ...(this.files ? { files: this.files } : {}),
      report(report: Report) {
        // The walk never enters ERROR nodes; only a tree with errors needs the ancestor check.
        if (run.checkErrors && report.node && (insideError(report.node) || shapedByErrorRecovery(report.node))) return;
        const range = report.range ?? (report.node ? { start: report.node.startIndex, end: report.node.endIndex } : undefined);
        if (!range) throw new Error(`${rule.meta.code}: a report needs a node or a range`);
        const finding = findingOf(rule.meta, severity, { range, messageId: report.messageId, data: report.data, fix: report.fix });
        // A fix of a node that does not parse would rewrite text tree-sitter only guessed at.
        if (report.fix && !(run.checkErrors && report.node?.hasError)) finding.fix = report.fix;
        if (report.related && report.related.length > 0) finding.related = report.related;
        run.sink.push(finding);
      },
    };
  }
}

/**
 * The module facts a visitor may depend on besides its own statement (see rule.ts): when they
 * are unchanged, findings of untouched statements stay valid.
 */
function moduleFacts(model: FlaskModel, text: string): string {
  const facts: string[] = [];
  // Module-level bindings, in order: what a name is bound to where a visitor reads it. A name only
  // `def` and `class` bind is no app, import or config to any visitor (views and the functions they
  // call come from the summaries), so pasting functions keeps the facts.
  const scope = model.semantic.module;
  const bound = new Set<string>();
  for (const binding of scope.all()) if (binding.kind !== 'function' && binding.kind !== 'class') bound.add(binding.name);
  for (const binding of scope.all()) {
    if (bound.has(binding.name)) facts.push(`${binding.kind} ${binding.name}=${binding.qualifiedName ?? valueSummary(binding.value)}`);
  }
  for (const [name, declared] of scope.declarations) facts.push(`${declared} ${name}`);
  for (const statement of model.moduleStatementSpans) {
    // Read on every keystroke, from spans: a top-level class has no node until one is asked for.
    const start = statement.start;
    if (statement.type !== 'class_definition') continue;
    // Config classes are known by their name and bases: the header. A one-line header of plain
    // names is read from the text; any other, up to the body from the tree.
    SIMPLE_CLASS_HEADER.lastIndex = start;
    const header = SIMPLE_CLASS_HEADER.exec(text)?.[0];
    const body = header === undefined ? model.nodeOf(statement)?.childForFieldName('body') : undefined;
    facts.push(header ?? text.slice(start, body ? body.startIndex : statement.end));
  }
  if (model.loadsOwnModuleAsConfig) facts.push('config from own module');
  // A blueprint's name and url_prefix make its routes' endpoints and URLs (FLK504).
  for (const binding of scope.all()) if (model.blueprintNames.has(binding.name) && binding.value) facts.push(`blueprint ${binding.name}=${binding.value.text}`);
  // FLK403: code after a module-level `app.app_context().push()` runs in that context.
  // Its position counts every top-level statement: moving it past a `def` changes that def's defaults.
  for (const push of model.contextPushes) facts.push(`${push.kind} context pushed by statement ${model.topLevel.findIndex((s) => s.id === push.statement.id)}`);
  return facts.join('\n');
}

/** `class Name:` or `class Name(base, pkg.Base):` on one line: the tree would read the same header. */
const SIMPLE_CLASS_HEADER = /class[ \t]+[A-Za-z_]\w*[ \t]*(?:\([ \t]*(?:[A-Za-z_][\w.]*[ \t]*(?:,[ \t]*[A-Za-z_][\w.]*[ \t]*)*,?[ \t]*)?\))?[ \t]*:/y;

/** A binding's value, as far as visitors tell values apart: a call by its callee, a name by its text. */
function valueSummary(value: Node | undefined): string {
  if (!value) return '';
  if (value.type === 'call') return `${value.childForFieldName('function')?.text ?? ''}()`;
  if (value.type === 'identifier' || value.type === 'attribute') return value.text;
  return value.type;
}

/**
 * False when none of the rule's anchor words occurs in the text, so its visitors cannot report:
 * a module without `global` pays nothing for FLK402's view graph. One search per word, shared by
 * the rules that list it (`searched`); a word without letters (`, 4`) is found by a plain search.
 */
function mayReport(rule: Rule, model: FlaskModel, text: string, searched: Map<string, boolean>): boolean {
  const anchors = typeof rule.anchors === 'function' ? rule.anchors(model) : rule.anchors;
  if (!anchors || rule.checkModule) return true;
  // A plain search (no word boundaries) may say yes too often, which only costs the summaries.
  return anchors.some((word) => {
    let found = searched.get(word);
    if (found === undefined) {
      found = /\p{L}/u.test(word) ? new RegExp(word.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), 'i').test(text) : text.includes(word);
      searched.set(word, found);
    }
    return found;
  });
}
