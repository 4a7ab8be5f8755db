import type { CliFinding } from './format';

/**
 * `--format github`: GitHub Actions workflow commands, one per finding, which the run shows as
 * annotations on the lines of the pull request. Info and hint findings are notices.
 */
const COMMAND: Record<string, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

export function formatGithub(findings: readonly CliFinding[]): string {
  return findings
    .map((f) => {
      const properties = [
        `file=${escapeProperty(f.file)}`,
        `line=${f.line}`,
        `endLine=${f.endLine}`,
        `col=${f.column}`,
        `endColumn=${f.endColumn}`,
        `title=${escapeProperty(`${f.code} (${f.slug})`)}`,
      ];
      return `::${COMMAND[f.severity] ?? 'warning'} ${properties.join(',')}::${escapeData(`${f.code} ${f.message}`)}\n`;
    })
    .join('');
}

/** The runner's escapes for a command's message. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value also escapes the separators `:` and `,`. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
