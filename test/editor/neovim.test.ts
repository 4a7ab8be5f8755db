/**
 * Neovim as a second, real LSP client: Debian's nvim 0.7 headless with test/editor/neovim/init.lua
 * (a minimal user config starting `flask-practices server --stdio`) runs neovim/scenario.lua on a
 * fixture: diagnostics arrive, FLK501's quick fix is applied, and buffer edits update the
 * diagnostics. Twice: with codeAction/resolve (0.7 advertises it) and without (the server then
 * inlines the edits).
 *
 *   node --import tsx --test test/editor/neovim.test.ts
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { freshTempDir, removeRunDir, REPO_ROOT } from './paths';
import { runToCompletion } from './processes';

const NVIM = process.env.FLASK_PRACTICES_NVIM ?? 'nvim';
/** The bin other editors run, as built by `npm run package` (scripts/build.mjs). */
const CLI = process.env.FLASK_PRACTICES_CLI ?? join(REPO_ROOT, 'dist', 'cli.js');
const CONFIG = join(__dirname, 'neovim', 'init.lua');
const SCENARIO = join(__dirname, 'neovim', 'scenario.lua');

interface Diagnostic {
  code: string;
  lnum: number;
  col: number;
  end_lnum: number;
  end_col: number;
  source: string;
  message: string;
}

interface Step {
  name: string;
  ms?: number;
  diagnostics?: Diagnostic[];
  titles?: string[];
  title?: string;
  inlined?: boolean;
  lines?: string[];
  answered?: boolean;
  error?: string;
  clients?: number;
}

async function runScenario(t: TestContext, env: Record<string, string> = {}): Promise<Map<string, Step>> {
  assert.ok(existsSync(CLI), `${CLI} is missing: run \`npm run package\` (or node scripts/build.mjs) first`);
  const runDir = freshTempDir('nvim');
  const workspace = join(runDir, 'workspace');
  cpSync(join(__dirname, 'neovim-workspace'), workspace, { recursive: true });
  const resultFile = join(runDir, 'result.json');
  await runToCompletion(NVIM, ['--headless', '-n', '-i', 'NONE', '-u', CONFIG, '-c', `luafile ${SCENARIO}`, 'app.py'], {
    cwd: workspace,
    timeoutMs: 60_000,
    env: {
      ...process.env,
      // Keep nvim's state, logs and the LSP log out of the home directory.
      XDG_CONFIG_HOME: join(runDir, 'config'),
      XDG_DATA_HOME: join(runDir, 'data'),
      XDG_STATE_HOME: join(runDir, 'state'),
      XDG_CACHE_HOME: join(runDir, 'cache'),
      FLASK_PRACTICES_CLI: CLI,
      FLASK_PRACTICES_NVIM_RESULT: resultFile,
      ...env,
    },
  });
  assert.ok(existsSync(resultFile), `nvim wrote no result (logs under ${runDir})`);
  const result = JSON.parse(readFileSync(resultFile, 'utf8')) as { ok: boolean; error?: string; steps: Step[] };
  assert.ok(result.ok, `the Neovim scenario failed: ${result.error} (files in ${runDir})`);
  removeRunDir(runDir);
  const steps = new Map(result.steps.map((s) => [s.name, s]));
  t.diagnostic(`first diagnostics ${steps.get('opened')!.ms!.toFixed(0)} ms after the scenario started`);
  return steps;
}

const summary = (diagnostics: Diagnostic[] | undefined) => (diagnostics ?? []).map((d) => `${d.code}@${d.lnum + 1}:${d.col + 1}-${d.end_lnum + 1}:${d.end_col + 1}`);

function checkScenario(steps: Map<string, Step>): void {
  const opened = steps.get('opened')!;
  assert.deepEqual(summary(opened.diagnostics), ['FLK101@3:1-3:22', 'FLK201@6:1-6:16', 'FLK501@11:1-11:19']);
  assert.ok(opened.diagnostics!.every((d) => d.source === 'flask-practices'));

  const fixed = steps.get('fixed')!;
  assert.deepEqual(fixed.titles, [
    'Move under `if __name__ == "__main__":`',
    'Disable FLK501 for this line',
    'Disable FLK501 for this file',
    'Fix all safe Flask Practices problems',
    'Show documentation for FLK501',
  ]);
  assert.equal(fixed.title, 'Move under `if __name__ == "__main__":`', 'the rule\'s own fix was applied');
  assert.deepEqual(fixed.lines!.slice(-3), ['', 'if __name__ == "__main__":', '    app.run(port=8000)']);
  assert.deepEqual(summary(fixed.diagnostics), ['FLK101@3:1-3:22', 'FLK201@6:1-6:16']);

  assert.deepEqual(summary(steps.get('edited')!.diagnostics), ['FLK101@3:1-3:22', 'FLK503@4:28-4:44', 'FLK201@7:1-7:16']);
  assert.deepEqual(summary(steps.get('reverted')!.diagnostics), ['FLK101@3:1-3:22', 'FLK201@6:1-6:16']);

  const rangeLess = steps.get('range-less')!;
  assert.ok(rangeLess.answered, 'the server answered a code action request whose diagnostic has no range');
  assert.equal(rangeLess.error, undefined);
  assert.equal(rangeLess.clients, 1, 'and is still running');
}

const nvimVersion = spawnSync(NVIM, ['--version'], { encoding: 'utf8' }).stdout?.split('\n')[0];

test(`Neovim (${nvimVersion ?? 'nvim missing'}): diagnostics, a resolved quick fix, live updates`, { timeout: 120_000 }, async (t) => {
  assert.ok(nvimVersion, `${NVIM} is missing: run scripts/setup-test-env.sh --apt`);
  const steps = await runScenario(t);
  checkScenario(steps);
  assert.equal(steps.get('fixed')!.inlined, false, 'nvim advertises codeAction/resolve, so the edit came lazily');
});

test('Neovim without codeAction/resolve support gets the edits inlined', { timeout: 120_000 }, async (t) => {
  assert.ok(nvimVersion, `${NVIM} is missing: run scripts/setup-test-env.sh --apt`);
  const steps = await runScenario(t, { FLASK_PRACTICES_NO_RESOLVE: '1' });
  checkScenario(steps);
  assert.equal(steps.get('fixed')!.inlined, true);
});
