import { fileKindOf, type FileKind } from './files/kinds';
import type { Fix, Rule } from './rule';

/** The Markdown code-block language of each kind of file an example can be. */
const FENCE_LANGUAGE: Record<FileKind, string> = { python: 'python', dockerfile: 'dockerfile', compose: 'yaml', shell: 'sh', procfile: 'text' };

/**
 * The one renderer of rule documentation. The hover, `flask-practices explain` and the files
 * under docs/rules/ all come from here, so they cannot drift apart.
 */
export function renderRuleDocs(rule: Rule, headingLevel = 2): string {
  const { meta } = rule;
  const h = '#'.repeat(headingLevel);
  const fixLine = meta.fixable ? 'Fix: available (see *Fix safety*).' : 'Fix: none; the change needs a person.';
  const language = FENCE_LANGUAGE[(meta.docs.exampleFile && fileKindOf(meta.docs.exampleFile)) || 'python'];
  return [
    `${h} ${meta.code} \`${meta.slug}\``,
    '',
    meta.summary,
    '',
    `Default severity: ${meta.defaultSeverity}${meta.enabledByDefault === false ? ' (off unless selected)' : ''}. ${fixLine}`,
    '',
    `${h}# What it does`,
    '',
    meta.docs.whatItDoes.trim(),
    '',
    `${h}# Why it matters`,
    '',
    meta.docs.whyItMatters.trim(),
    '',
    `${h}# Example`,
    '',
    fence(meta.docs.example, language),
    '',
    ...Object.entries(meta.docs.exampleProject ?? {}).flatMap(([path, text]) => [`Elsewhere in the project, \`${path}\`:`, '', fence(text, 'python'), '']),
    `${h}# Use instead`,
    '',
    fence(meta.docs.useInstead, language),
    '',
    `${h}# Fix safety`,
    '',
    meta.docs.fixSafety.trim(),
    '',
  ].join('\n');
}

/**
 * What a hover needs of a finding: when offered, its fix's title and safety. `undecided`: whether
 * the fix can be offered is only decided when quick fixes are asked for (FLK101's), and they have
 * not been yet.
 */
export interface HoverFinding {
  fix?: Pick<Fix, 'title' | 'safety'> & { undecided?: boolean };
}

/**
 * Hover text for one finding: what its quick fix does here, then the rule's docs.
 * The finding's message is not repeated: the editor shows it just above. `refusal`: why the fix is not offered.
 */
export function renderFindingHover(rule: Rule, finding: HoverFinding, refusal?: string): string {
  const offered = finding.fix && `${plainToMarkdown(finding.fix.title)} (${finding.fix.safety})`;
  const fix = finding.fix
    ? finding.fix.undecided
      ? `**Quick fix:** ${offered}, where this module allows it; see *Fix safety*.`
      : `**Quick fix:** ${offered}.`
    : rule.meta.fixable
      ? refusal
        ? `**Quick fix:** not offered here: ${plainToMarkdown(refusal)}. See *Fix safety*.`
        : '**Quick fix:** not offered here; see *Fix safety*.'
      : '**Quick fix:** none.';
  // The docs open with the rule's code and name; what the fix does here comes right under them.
  const [heading, ...docs] = renderRuleDocs(rule, 3).split('\n');
  return [heading, '', fix, '', '---', ...docs].join('\n');
}

function fence(source: string, language: string): string {
  return [`\`\`\`${language}`, source.replace(/^\n+|\s+$/g, ''), '```'].join('\n');
}

/**
 * Escapes text from the user's code so it renders literally and cannot form links or HTML.
 * Every ASCII punctuation character is escaped (CommonMark allows it for all of them): `:` and
 * `@` too, or GFM would turn a bare `https://...` or `user@host` in the code into a link.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[!-/:-@[-`{-~]/g, (c) => `\\${c}`);
}

/**
 * Renders a plain-text message, whose `backticked` parts are code, as safe Markdown: text
 * between backticks becomes a code span (rendered literally), everything else is escaped. A
 * stray backtick from the user's code can only shift which parts are code; both kinds stay inert.
 */
export function plainToMarkdown(text: string): string {
  const parts = text.split('`');
  return parts
    .map((part, i) => {
      if (i % 2 === 0) return escapeMarkdown(part);
      const closed = i + 1 < parts.length;
      if (closed && part.trim().length > 0) return `\`${part}\``;
      // An unpaired or empty pair of backticks stays literal text.
      return `\\\`${escapeMarkdown(part)}${closed ? '\\`' : ''}`;
    })
    .join('');
}
