/**
 * Debian's Chromium, driven by playwright-core over the DevTools protocol. We start Chromium
 * ourselves (its own process group, a fresh profile, DevTools on 127.0.0.1 only) rather than let
 * Playwright launch it, so the test stops it by group ID like every other process it starts.
 * Never `npx playwright install`: it downloads browsers, which these machines cannot.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startGroup, type ProcessGroup } from './processes';

export const CHROMIUM = process.env.FLASK_PRACTICES_CHROMIUM ?? '/usr/bin/chromium';

export interface BrowserSession {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  readonly process: ProcessGroup;
  stop(): Promise<void>;
}

export async function startChromium(runDir: string, viewport = { width: 1400, height: 900 }): Promise<BrowserSession> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/setup-test-env.sh --apt`);
  const chrome = startGroup(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--no-default-browser-check',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--password-store=basic',
      `--window-size=${viewport.width},${viewport.height}`,
      `--user-data-dir=${join(runDir, 'chromium-profile')}`,
      '--remote-debugging-address=127.0.0.1',
      '--remote-debugging-port=0',
      'about:blank',
    ],
    { logFile: join(runDir, 'chromium.log') },
  );
  try {
    const [, endpoint] = await chrome.waitForOutput(/DevTools listening on (ws:\/\/\S+)/, 30_000);
    const browser = await chromium.connectOverCDP(endpoint!);
    const context = browser.contexts()[0] ?? (await browser.newContext());
    const page = context.pages()[0] ?? (await context.newPage());
    await page.setViewportSize(viewport);
    return {
      browser,
      context,
      page,
      process: chrome,
      async stop() {
        await browser.close().catch(() => undefined);
        await chrome.stop();
      },
    };
  } catch (error) {
    await chrome.stop();
    throw error;
  }
}
