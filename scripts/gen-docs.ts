/**
 * Writes docs/rules/<CODE>-<slug>.md from each rule's metadata, through the same renderer the
 * hover and `flask-practices explain` use. `--check` fails when a file is out of date.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRuleDocs } from '../server/src/engine';
import { RULES } from '../server/src/rules';

export function expectedDocs(): Map<string, string> {
  const files = new Map<string, string>();
  for (const rule of RULES) files.set(`${rule.meta.code}-${rule.meta.slug}.md`, `${renderRuleDocs(rule, 1)}`);
  const index = ['# Rules', '', '| Code | Name | Fix | Summary |', '|---|---|---|---|'];
  for (const { meta } of RULES) index.push(`| [${meta.code}](${meta.code}-${meta.slug}.md) | \`${meta.slug}\` | ${meta.fixable ? 'yes' : ''} | ${meta.summary} |`);
  files.set('README.md', `${index.join('\n')}\n`);
  return files;
}

if (require.main === module) {
  const dir = join(__dirname, '..', 'docs', 'rules');
  mkdirSync(dir, { recursive: true });
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [name, content] of expectedDocs()) {
    const path = join(dir, name);
    const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (current === content) continue;
    stale++;
    if (check) process.stderr.write(`out of date: docs/rules/${name}\n`);
    else writeFileSync(path, content);
  }
  if (check && stale > 0) process.exit(1);
  if (!check) process.stdout.write(`docs/rules: ${stale} file(s) written\n`);
}
