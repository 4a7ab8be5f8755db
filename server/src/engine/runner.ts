import type { Node, Tree } from 'web-tree-sitter';
import { FlaskModel } from './model';
import type { LineIndex } from './positions';
import type { Finding, Report, Rule, RuleContext, Severity, Visitor } from './rule';
import { effectiveSeverity, type Settings } from './settings';
import { findSuppressions, isSuppressed, type Suppressions } from './suppressions';
import { insideError } from './syntax';

export interface RunResult {
  findings: Finding[];
  suppressions: Suppressions;
  /** Rules that threw; the other rules' findings still stand. */
  ruleErrors: { code: string; error: string }[];
}

/** The rules these settings turn on, with the severity each reports at. */
export function activeRules(rules: readonly Rule[], settings: Settings): { rule: Rule; severity: Severity }[] {
  const active: { rule: Rule; severity: Severity }[] = [];
  for (const rule of rules) {
    const severity = effectiveSeverity(rule.meta.code, rule.meta.defaultSeverity, settings);
    if (severity) active.push({ rule, severity });
  }
  return active;
}

/** Runs every active rule over one tree in a single shared walk. */
export function runRules(text: string, tree: Tree, lines: LineIndex, rules: readonly Rule[], settings: Settings): RunResult {
  const active = activeRules(rules, settings);
  const root = tree.rootNode;
  const model = new FlaskModel(root);
  const findings: Finding[] = [];
  const ruleErrors: RunResult['ruleErrors'] = [];

  const contexts = active.map(({ rule, severity }) => makeContext(text, model, rule, severity, findings));
  const visitors = new Map<string, { visitor: Visitor; context: RuleContext; code: string }[]>();
  active.forEach(({ rule }, i) => {
    for (const [type, visitor] of Object.entries(rule.visit ?? {})) {
      if (!visitor) continue;
      const list = visitors.get(type) ?? [];
      list.push({ visitor, context: contexts[i]!, code: rule.meta.code });
      visitors.set(type, list);
    }
  });

  const guard = (code: string, run: () => void) => {
    try {
      run();
    } catch (error) {
      ruleErrors.push({ code, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  };

  if (visitors.size > 0) {
    walk(root, (node) => {
      const list = visitors.get(node.type);
      if (list) for (const { visitor, context, code } of list) guard(code, () => visitor(node, context));
    });
  }
  active.forEach(({ rule }, i) => {
    if (rule.checkModule) guard(rule.meta.code, () => rule.checkModule!(contexts[i]!));
  });

  const suppressions = findSuppressions(text, tree, lines);
  const kept = findings.filter((f) => !isSuppressed(suppressions, f.code, lines.lineOf(f.range.start)));
  kept.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || a.code.localeCompare(b.code));
  return { findings: kept, suppressions, ruleErrors };
}

function makeContext(text: string, model: FlaskModel, rule: Rule, severity: Severity, sink: Finding[]): RuleContext {
  return {
    text,
    model,
    report(report: Report) {
      if (report.node && insideError(report.node)) return;
      const range = report.range ?? (report.node ? { start: report.node.startIndex, end: report.node.endIndex } : undefined);
      if (!range) throw new Error(`${rule.meta.code}: a report needs a node or a range`);
      const template = rule.meta.messages[report.messageId];
      if (template === undefined) throw new Error(`${rule.meta.code}: unknown message id ${report.messageId}`);
      if (report.fix && !rule.meta.fixable) throw new Error(`${rule.meta.code}: fixes but is not marked fixable`);
      const message = template.replace(/\{(\w+)\}/g, (_, key: string) => report.data?.[key] ?? `{${key}}`);
      const finding: Finding = { code: rule.meta.code, messageId: report.messageId, message, range, severity };
      if (report.fix) finding.fix = report.fix;
      sink.push(finding);
    },
  };
}

/** Depth-first walk with one cursor; ERROR subtrees are skipped, so nothing inside them is reported. */
function walk(root: Node, visit: (node: Node) => void): void {
  const cursor = root.walk();
  try {
    for (;;) {
      const type = cursor.nodeType;
      const descend = type !== 'ERROR' && cursor.nodeIsNamed;
      if (descend) visit(cursor.currentNode);
      if (descend && cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return;
      }
    }
  } finally {
    cursor.delete();
  }
}
