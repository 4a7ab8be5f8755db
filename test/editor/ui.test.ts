/**
 * What a person sees: code-server with the VSIX installed (`--install-extension`, as a user
 * would), Debian's Chromium driven by playwright-core. Opens a naive app from the Explorer,
 * waits for the squiggles, reads the Problems panel and a hover, applies the FLK101 app-factory
 * quick fix with Ctrl+. and finds `def create_app` in the editor, then opens a second file. Screenshots of each step go to
 * test-results/ui/<run>/ (the test prints the path).
 *
 *   node --import tsx --test test/editor/ui.test.ts
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { startChromium, type BrowserSession } from './browser';
import { ensureCodeServer, startCodeServer, type CodeServer } from './codeServer';
import { freshTempDir, removeRunDir, resultsDir } from './paths';
import { VSIX_PATH } from './vsix';

/** The page's DOM, as seen by the functions `waitForFunction` runs in the browser (the repo's tsconfig has no DOM lib). */
declare const document: {
  querySelector(selector: string): { textContent: string | null } | null;
  querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }> & Iterable<{ textContent: string | null }>;
};

const UI_WORKSPACE = join(__dirname, 'ui-workspace');
/** Deadline for one UI step: the workbench loads in a few seconds, the rest in under one. */
const STEP_MS = 60_000;

let server: CodeServer | undefined;
let browser: BrowserSession | undefined;
let runDir = '';
let passed = false;
let workspace = '';
let shots = '';

before(async () => {
  assert.ok(existsSync(VSIX_PATH), `${VSIX_PATH} is missing: run \`npm run package\` first`);
  runDir = freshTempDir('ui');
  workspace = join(runDir, 'notes-app');
  cpSync(UI_WORKSPACE, workspace, { recursive: true });
  shots = resultsDir('ui', new Date().toISOString().replace(/[:.]/g, '-'));
  server = await startCodeServer({ launcher: await ensureCodeServer(), runDir, installVsix: VSIX_PATH });
  browser = await startChromium(runDir);
});

// Runs even when the test fails or times out: nothing outlives the run.
after(async () => {
  await browser?.stop();
  await server?.stop();
  if (passed) removeRunDir(runDir);
  else if (runDir) console.log(`ui: profiles and logs kept in ${runDir}`);
});

/** Monaco renders spaces as non-breaking spaces. */
const plain = (text: string) => text.replace(/\u00a0/g, ' ');

async function screenshot(t: TestContext, page: Page, name: string): Promise<void> {
  const file = join(shots, `${name}.png`);
  await page.screenshot({ path: file });
  t.diagnostic(`screenshot: ${file}`);
}

/** The editor line whose text is exactly `text`. */
function editorLine(page: Page, text: string): Locator {
  return page.locator('.monaco-editor .view-line').filter({ hasText: new RegExp(`^${escapeRegExp(text)}$`.replace(/ /g, '[ \u00a0]')) });
}

/** The squiggle drawn on the same row as `line`. */
async function squiggleOn(page: Page, line: Locator): Promise<{ x: number; y: number }> {
  const row = await line.boundingBox();
  assert.ok(row, 'the line is on screen');
  for (const squiggle of await page.locator('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error').all()) {
    const box = await squiggle.boundingBox();
    if (box && box.y + box.height / 2 > row.y && box.y + box.height / 2 < row.y + row.height) {
      return { x: box.x + Math.min(box.width / 2, 40), y: box.y + box.height / 2 };
    }
  }
  throw new Error('no squiggle on that line');
}

/**
 * Where the first open -> squiggle time goes, from the extension host's log: VS Code starting
 * its extension host, activating ours, and our server's first diagnostics. Best effort.
 */
function timeline(clicked: number, squiggleAt: number): string[] {
  const logs = join(runDir, 'user-data', 'logs');
  const session = existsSync(logs) ? readdirSync(logs).sort().pop() : undefined;
  const file = session ? join(logs, session, 'exthost1', 'remoteexthost.log') : '';
  if (!existsSync(file)) return [];
  const log = readFileSync(file, 'utf8');
  // The log's timestamps are local time, as `new Date('YYYY-MM-DDTHH:MM:SS.mmm')` reads them.
  const at = (pattern: RegExp) => {
    const stamp = log.match(new RegExp(`^(\\d{4}-\\d\\d-\\d\\d) (\\d\\d:\\d\\d:\\d\\d\\.\\d+) .*${pattern.source}`, 'm'));
    return stamp ? new Date(`${stamp[1]}T${stamp[2]}`).getTime() : undefined;
  };
  const hostStarted = at(/Extension host with pid \d+ started/);
  const activated = at(/_doActivateExtension flask-practices\.flask-practices/);
  if (hostStarted === undefined || activated === undefined) return [];
  return [
    `click -> VS Code's extension host started: ${Math.max(0, hostStarted - clicked)} ms`,
    `-> Flask Practices activated: ${activated - hostStarted} ms`,
    `-> first squiggle (server start, first analysis, rendering): ${squiggleAt - activated} ms`,
  ];
}

/** TAP diagnostics are one line each. */
function note(t: TestContext, title: string, text: string): void {
  t.diagnostic(`${title}:`);
  for (const line of text.split('\n')) if (line.trim()) t.diagnostic(`  ${line}`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test('a person opens a naive Flask app, reads the problems and applies the app-factory fix', { timeout: 240_000 }, async (t) => {
  const page = browser!.page;
  const scenarioStart = Date.now();
  await page.goto(server!.folderUrl(workspace));
  const appRow = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'app.py' });
  await appRow.waitFor({ timeout: STEP_MS });
  await screenshot(t, page, '01-workbench');

  // 1. Open app.py from the Explorer and wait for the squiggles.
  const clicked = Date.now();
  await appRow.click();
  await page.locator('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error').first().waitFor({ timeout: STEP_MS });
  const squiggleAt = Date.now();
  const squiggleMs = squiggleAt - clicked;
  t.diagnostic(`open file -> first squiggle: ${squiggleMs} ms`);
  for (const line of timeline(clicked, squiggleAt)) t.diagnostic(`  ${line}`);
  const appLine = editorLine(page, 'app = Flask(__name__)');
  await appLine.waitFor({ timeout: STEP_MS });
  // All three findings are drawn (FLK101, FLK503, FLK502).
  await page.waitForFunction(() => document.querySelectorAll('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error').length >= 3, null, { timeout: STEP_MS });
  await screenshot(t, page, '02-squiggles');

  // 2. The Problems panel lists them with their codes.
  await page.keyboard.press('Control+Shift+M');
  const problems = page.locator('.markers-panel');
  await problems.waitFor({ timeout: STEP_MS });
  await page.waitForFunction(
    () => ['FLK101', 'FLK502', 'FLK503'].every((code) => document.querySelector('.markers-panel')?.textContent?.includes(code)),
    null,
    { timeout: STEP_MS },
  );
  const problemsText = plain(await problems.innerText());
  note(t, 'Problems panel', problemsText);
  assert.match(problemsText, /create_app/, "FLK101's message points at the factory");
  assert.match(problemsText, /SECRET_KEY/);
  await screenshot(t, page, '03-problems');

  // 3. Hover over the FLK101 squiggle: the explanation appears.
  const squiggle = await squiggleOn(page, appLine);
  await page.mouse.move(squiggle.x, squiggle.y);
  // The editor shows the diagnostic's part of the hover first; wait for the server's part too.
  const hover = page.locator('.monaco-hover:visible', { hasText: 'Why it matters' });
  await hover.waitFor({ timeout: STEP_MS });
  const hoverText = plain(await hover.innerText());
  note(t, 'hover (first lines)', hoverText.split('\n').slice(0, 6).join('\n'));
  assert.match(hoverText, /Why it matters/);
  assert.match(hoverText, /Quick fix:.*\(unsafe\)/);
  // The editor shows the diagnostic's message at the top of the hover; our part does not repeat it.
  assert.equal(hoverText.split('is created at import time').length - 1, 1, 'the message appears once');
  await screenshot(t, page, '04-hover');

  // 4. Caret into the squiggle, Ctrl+. and pick the app-factory fix, marked "(unsafe)".
  const menu = page.locator('.action-widget:not(.action-list-submenu-panel)');
  // A click that lands while the hover closes can leave the caret where it was: a person clicks again.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Escape');
    await page.mouse.click(squiggle.x, squiggle.y);
    await page.keyboard.press('Control+Period');
    const shown = await menu.waitFor({ timeout: attempt < 3 ? 10_000 : STEP_MS }).then(() => true, () => false);
    if (shown) break;
    if (attempt === 3) throw new Error('the quick fix menu did not open after three tries');
  }
  const fixItem = menu.locator('.monaco-list-row', { hasText: '(unsafe)' });
  await fixItem.first().waitFor({ timeout: STEP_MS });
  const menuText = plain(await menu.innerText());
  note(t, 'quick fix menu', menuText);
  assert.equal(await fixItem.count(), 1, 'one unsafe fix at the caret: the app factory');
  assert.match(menuText, /Disable FLK101 for this line/);
  assert.match(menuText, /Disable FLK101 for this file/);
  await screenshot(t, page, '05-quick-fix-menu');
  await fixItem.click();

  // 5. The module is now an application factory, and FLK101 is gone from the Problems panel.
  await page.waitForFunction(() => !document.querySelector('.markers-panel')?.textContent?.includes('FLK101'), null, { timeout: STEP_MS });
  await page.keyboard.press('Control+F');
  await page.keyboard.type('def create_app');
  await page.locator('.find-widget .matchesCount', { hasText: /^1 of 1$/ }).waitFor({ timeout: STEP_MS });
  await page.waitForFunction(
    () => [...document.querySelectorAll('.monaco-editor .view-line')].some((l) => l.textContent?.replace(/\u00a0/g, ' ').startsWith('def create_app')),
    null,
    { timeout: STEP_MS },
  );
  await screenshot(t, page, '06-factory');
  await page.keyboard.press('Escape');

  // 6. A second file, with the server already running: the steady-state open -> squiggle time.
  const secondClicked = Date.now();
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'hello.py' }).click();
  await editorLine(page, 'hello = Flask(__name__)').waitFor({ timeout: STEP_MS });
  await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: STEP_MS });
  const warmSquiggleMs = Date.now() - secondClicked;
  t.diagnostic(`open a second file -> squiggle: ${warmSquiggleMs} ms`);
  await screenshot(t, page, '07-second-file');

  const scenarioMs = Date.now() - scenarioStart;
  t.diagnostic(`scenario: ${scenarioMs} ms (workbench load included); screenshots in ${shots}`);
  passed = true;
  console.log(`ui: open file -> squiggle ${squiggleMs} ms (first file; ${timeline(clicked, squiggleAt).join(' ')}), ${warmSquiggleMs} ms (second file); scenario ${scenarioMs} ms; screenshots in ${shots}`);
});
