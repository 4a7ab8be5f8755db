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
    `Default severity: ${meta.defaultSeverity}. ${fixLine}`,
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

/** What a hover needs of a finding: when offered, its fix's title and safety. */
export interface HoverFinding {
  fix?: Pick<Fix, 'title' | 'safety'>;
}

/**
 * Hover text for one finding: the rule and what its quick fix does here, then the rule's docs.
 * The finding's message is not repeated: the editor shows it just above. `refusal`: why the fix is not offered.
 */
export function renderFindingHover(rule: Rule, finding: HoverFinding, refusal?: string): string {
  const fix = finding.fix
    ? `**Quick fix:** ${plainToMarkdown(finding.fix.title)} (${finding.fix.safety}).`
    : rule.meta.fixable
      ? refusal
        ? `**Quick fix:** not offered here: ${plainToMarkdown(refusal)}. See *Fix safety*.`
        : '**Quick fix:** not offered here; see *Fix safety*.'
      : '**Quick fix:** none.';
  return [`**${rule.meta.code}** \`${rule.meta.slug}\``, '', fix, '', '---', '', renderRuleDocs(rule, 3)].join('\n');
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
