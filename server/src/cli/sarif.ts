import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderRuleDocs, type Rule, type Severity } from '../engine';
import type { CliFinding } from './format';

/**
 * `--format sarif`: SARIF 2.1.0, as GitHub code scanning reads it. Every rule is described
 * (summary, docs as help text); each finding carries its offered fix as a SARIF fix. Columns are
 * the CLI's (1-based code points), declared with `columnKind`; paths are relative to the working
 * directory (`%SRCROOT%`), where CI checks the repository from.
 */
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export function formatSarif(findings: readonly CliFinding[], rules: readonly Rule[], version: string, cwd = process.cwd()): string {
  const ruleIndex = new Map(rules.map((rule, index) => [rule.meta.code, index]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'flask-practices',
            version,
            semanticVersion: version,
            rules: rules.map(({ meta }, index) => ({
              id: meta.code,
              name: meta.slug,
              shortDescription: { text: meta.summary },
              fullDescription: { text: meta.docs.whatItDoes },
              help: { text: `${meta.docs.whatItDoes}\n\n${meta.docs.whyItMatters}`, markdown: renderRuleDocs(rules[index]!, 1) },
              defaultConfiguration: { level: LEVEL[meta.defaultSeverity] },
              properties: { tags: ['flask', meta.fixable ? 'fixable' : 'manual'] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(cwd).href.replace(/\/$/, '')}/` } },
        columnKind: 'unicodeCodePoints',
        results: findings.map((f) => {
          const artifactLocation = artifact(f.file, cwd);
          return {
            ruleId: f.code,
            ruleIndex: ruleIndex.get(f.code) ?? -1,
            level: LEVEL[f.severity as Severity] ?? 'warning',
            message: { text: f.message },
            locations: [{ physicalLocation: { artifactLocation, region: region(f, { line: f.endLine, column: f.endColumn }) } }],
            ...(f.related
              ? {
                  relatedLocations: f.related.map((r, id) => ({
                    id,
                    physicalLocation: { artifactLocation: artifact(r.file, cwd), region: region(r, { line: r.endLine, column: r.endColumn }) },
                    message: { text: r.message },
                  })),
                }
              : {}),
            ...(f.fix && f.edits
              ? {
                  fixes: [
                    {
                      description: { text: `${f.fix.title}${f.fix.safety === 'unsafe' ? ' (unsafe)' : ''}` },
                      artifactChanges: [{ artifactLocation, replacements: f.edits.map((e) => ({ deletedRegion: region(e.start, e.end), insertedContent: { text: e.newText } })) }],
                    },
                  ],
                }
              : {}),
          };
        }),
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}

function region(start: { line: number; column: number }, end: { line: number; column: number }) {
  return { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column };
}

/** A file relative to the working directory, as a URI reference under `%SRCROOT%`; a file URI when it lies outside. */
function artifact(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const path = relative(cwd, resolve(cwd, file));
  if (path.startsWith('..') || isAbsolute(path)) return { uri: pathToFileURL(resolve(cwd, file)).href };
  return { uri: path.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}
