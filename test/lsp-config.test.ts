/**
 * Project configuration in the language server (the BUILT bundle over stdio): each workspace
 * folder of a multi-root workspace reads its own pyproject.toml (test/fixtures-project), the
 * editor's settings layer over it by `configurationPreference`, a malformed file is shown with
 * its file, line and key, and a changed pyproject.toml re-checks open documents without a restart.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import { FileChangeType, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { capabilities, LspClient, ROOT } from './support/lspClient';

const workspace = mkdtempSync(join(tmpdir(), 'flk-lsp-config-'));
cpSync(join(ROOT, 'test', 'fixtures-project'), workspace, { recursive: true });
after(() => rmSync(workspace, { recursive: true, force: true }));

const ALL = ['FLK101', 'FLK501', 'FLK502', 'FLK503'];
const FOLDERS = ['api', 'web', 'malformed', 'plain'].map((name) => pathToFileURL(join(workspace, name)).href);
const uriOf = (path: string) => pathToFileURL(join(workspace, path)).href;
const codes = (p: PublishDiagnosticsParams) => p.diagnostics.map((d) => String(d.code)).sort();

/** Opens each file with its text on disk and returns its first diagnostics, by path. */
async function diagnosticsOf(client: LspClient, paths: string[]): Promise<Record<string, PublishDiagnosticsParams>> {
  for (const path of paths) client.open(uriOf(path), readFileSync(join(workspace, path), 'utf8'));
  const published = await Promise.all(paths.map((path) => client.waitForCurrent(uriOf(path))));
  return Object.fromEntries(paths.map((path, i) => [path, published[i]!]));
}

/** Waits for something the server sends on its own (a registration, a message); a deadline, not a sleep. */
async function eventually(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`no ${what} within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('each workspace folder reads its own pyproject.toml', () => {
  test('ignore, severity, exclude, per-file-ignores, test-paths (api/), select and extend-select (web/), the nearest file (web/nested/), none (plain/)', async () => {
    const client = await LspClient.start({ workspaceFolders: FOLDERS });
    try {
      const found = await diagnosticsOf(client, [
        'api/app.py',
        'api/scripts/run.py',
        'api/legacy/old.py',
        'api/checks/probe.py',
        'api/tests/test_app.py',
        'api/domain/pricing.py',
        'api/routes.py',
        'web/app.py',
        'web/nested/app.py',
        'plain/app.py',
      ]);
      assert.deepEqual(
        Object.fromEntries(Object.entries(found).map(([path, p]) => [path, codes(p)])),
        {
          'api/app.py': ['FLK101', 'FLK501', 'FLK503'],
          'api/scripts/run.py': ['FLK101'],
          'api/legacy/old.py': [],
          'api/checks/probe.py': [],
          'api/tests/test_app.py': ['FLK101', 'FLK501', 'FLK503'],
          // services-packages = ["domain", "services"]
          'api/domain/pricing.py': ['FLK104'],
          // max-routes-per-module = 3: four routes
          'api/routes.py': ['FLK202'],
          'web/app.py': ['FLK101', 'FLK503'],
          'web/nested/app.py': ['FLK501'],
          'plain/app.py': ALL,
        },
      );
      const severity = (path: string, code: string) => found[path]!.diagnostics.find((d) => d.code === code)!.severity;
      assert.equal(severity('api/app.py', 'FLK501'), 1, 'severity = { FLK501 = "error" }');
      assert.equal(severity('plain/app.py', 'FLK501'), 2);
    } finally {
      await client.dispose();
    }
  });

  test('a malformed pyproject.toml is shown with its file, line and key, and the defaults apply', async () => {
    const client = await LspClient.start({ workspaceFolders: FOLDERS });
    try {
      const found = await diagnosticsOf(client, ['malformed/app.py']);
      assert.deepEqual(codes(found['malformed/app.py']!), ALL);
      await eventually('message about the malformed file', () => client.messages.some((m) => m.message.includes('pyproject.toml')));
      const shown = client.messages.find((m) => m.message.includes('pyproject.toml'))!;
      assert.equal(shown.type, 2, 'a warning');
      assert.match(shown.message, /malformed[/\\]pyproject\.toml:4: \[tool\.flask-practices\] not valid TOML in "select"/);
    } finally {
      await client.dispose();
    }
  });
});

describe('configurationPreference: defaults, then pyproject.toml, then the editor', () => {
  const paths = ['api/app.py', 'api/legacy/old.py'];
  for (const [preference, expected] of [
    // The editor's ignore wins over the file's; the file's other keys (exclude, severity) still apply.
    ['editorFirst', { 'api/app.py': ['FLK501', 'FLK502', 'FLK503'], 'api/legacy/old.py': [] }],
    // The file's ignore wins.
    ['filesystemFirst', { 'api/app.py': ['FLK101', 'FLK501', 'FLK503'], 'api/legacy/old.py': [] }],
    // The file is not read: no exclude either.
    ['editorOnly', { 'api/app.py': ['FLK501', 'FLK502', 'FLK503'], 'api/legacy/old.py': ['FLK501', 'FLK502', 'FLK503'] }],
  ] as const) {
    test(preference, async () => {
      const client = await LspClient.start({ workspaceFolders: FOLDERS, settings: { ignore: ['FLK101'], configurationPreference: preference } });
      try {
        const found = await diagnosticsOf(client, [...paths]);
        assert.deepEqual(Object.fromEntries(paths.map((path) => [path, codes(found[path]!)])), expected);
      } finally {
        await client.dispose();
      }
    });
  }

  test('settings from workspace/configuration layer the same way', async () => {
    const client = await LspClient.start({
      workspaceFolders: FOLDERS,
      capabilities: capabilities({ configuration: true }),
      configuration: (params) => params.items.map(() => ({ debounceMs: 0, select: ['FLK5'], configurationPreference: 'editorFirst' })),
    });
    try {
      // select from the editor, ignore = ["FLK502"] from the file.
      assert.deepEqual(codes((await diagnosticsOf(client, ['api/app.py']))['api/app.py']!), ['FLK501', 'FLK503']);
    } finally {
      await client.dispose();
    }
  });
});

describe('a changed pyproject.toml', () => {
  test('is watched (**/pyproject.toml), and open documents are checked again without a restart', async () => {
    const client = await LspClient.start({ workspaceFolders: FOLDERS, capabilities: capabilities({ watchFiles: true }) });
    const config = join(workspace, 'plain', 'pyproject.toml');
    const configUri = pathToFileURL(config).href;
    try {
      await eventually('registration', () => client.registrations.length > 0);
      const watching = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
      assert.deepEqual(watching?.registerOptions, { watchers: [{ globPattern: '**/pyproject.toml' }] });

      const app = uriOf('plain/app.py');
      assert.deepEqual(codes((await diagnosticsOf(client, ['plain/app.py']))['plain/app.py']!), ALL);

      writeFileSync(config, '[tool.flask-practices]\nignore = ["FLK101", "FLK502"]\n');
      client.changeWatchedFiles([{ uri: configUri, type: FileChangeType.Created }]);
      assert.deepEqual(codes(await client.waitForDiagnostics(app, (p) => p.diagnostics.length === 2)), ['FLK501', 'FLK503']);

      writeFileSync(config, '[tool.flask-practices]\nignore = "FLK101"\n');
      client.changeWatchedFiles([{ uri: configUri, type: FileChangeType.Changed }]);
      assert.deepEqual(codes(await client.waitForDiagnostics(app, (p) => p.diagnostics.length === 4)), ALL);
      await eventually('message about the bad key', () => client.messages.some((m) => /plain[/\\]pyproject\.toml:2: \[tool\.flask-practices\] ignore must be a list/.test(m.message)));

      writeFileSync(config, '[tool.flask-practices]\nselect = ["FLK503"]\n');
      client.changeWatchedFiles([{ uri: configUri, type: FileChangeType.Changed }]);
      assert.deepEqual(codes(await client.waitForDiagnostics(app, (p) => p.diagnostics.length === 1)), ['FLK503']);

      unlinkSync(config);
      client.changeWatchedFiles([{ uri: configUri, type: FileChangeType.Deleted }]);
      assert.deepEqual(codes(await client.waitForDiagnostics(app, (p) => p.diagnostics.length === 4)), ALL);
    } finally {
      await client.dispose();
    }
  });
});
