/**
 * FLK403 beyond the markers: the flagged fixture really fails to import under Flask with the
 * error the docs quote, and its fixed snapshot imports and reads the proxies per request.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PythonProbe } from './support/python';

const DIR = join(import.meta.dirname, 'fixtures', 'FLK403-request-context-outside-request');
const read = (file: string) => readFileSync(join(DIR, file), 'utf8');

let python: PythonProbe;
before(() => {
  python = PythonProbe.start();
});
after(async () => {
  await python.close();
});

test('the flagged default argument raises Flask\'s "Working outside of application context." on import', async () => {
  const result = await python.probe({ 'fixture_app.py': read('default_argument.py') }, 'fixture_app');
  assert.equal(result.ok, false);
  assert.match(result.error ?? '', /Working outside of application context\./);
});

test('the fixed default arguments import and read g and request on each call', async () => {
  const result = await python.probe({ 'fixture_app.py': read('default_argument.fixed.py') }, 'fixture_app');
  assert.ok(result.ok, result.error);
  // load_user sets g.user = "guest" before each request (no ?user= in the probe's GETs).
  assert.deepEqual(result.routes, {
    '/': { status: 200, body: 'Hello guest' },
    '/search': { status: 200, body: 'query=' },
    '/loud': { status: 200, body: 'GUEST' },
    '/fallback': { status: 200, body: 'guest' },
    '/explicit': { status: 200, body: 'Hello bob' },
  });
});
