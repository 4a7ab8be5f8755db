/**
 * IdleSettler: settling reparses run only once the engine has been idle, one per turn of the
 * event loop, and stop for a message. Real timers with a short wait; nothing here is timed.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { IdleSettler } from '../server/src/lsp/idleSettler';

const IDLE_MS = 20;

/** A settler over a module that takes `steps` reparses to settle; what it was asked. */
function settlerWith(steps: number, options: { fail?: Error; onStep?: (settler: IdleSettler) => void } = {}) {
  const asked: string[] = [];
  const failures: string[] = [];
  let left = steps;
  const settler: IdleSettler = new IdleSettler(
    (uri) => {
      asked.push(uri);
      options.onStep?.(settler);
      if (options.fail) throw options.fail;
      left--;
      return left > 0;
    },
    (uri, error) => failures.push(`${uri}: ${String(error)}`),
    IDLE_MS,
  );
  return { settler, asked, failures };
}

/** Waits until `done()` holds (at most 5 s). */
async function until(done: () => boolean): Promise<void> {
  for (let waited = 0; !done() && waited < 5000; waited += 5) await sleep(5);
}

test('after an analysis, nothing is settled until the engine has been idle; then every step runs, and no more', async () => {
  const { settler, asked } = settlerWith(3);
  settler.analysed('a.py');
  await sleep(0);
  assert.deepEqual(asked, [], 'not at once');
  await until(() => asked.length === 3);
  assert.deepEqual(asked, ['a.py', 'a.py', 'a.py']);
  await sleep(IDLE_MS * 3);
  assert.equal(asked.length, 3, 'no step after the last one said there is none left');
});

test('a message during the wait, or between two steps, stops the settling until the next analysis', async () => {
  // The message comes as soon as the step that it follows has returned: in a microtask, which runs
  // before any other timer. Were the steps one loop in one timer, all three would run first.
  const { settler, asked } = settlerWith(3, { onStep: (self) => queueMicrotask(() => self.cancel()) });
  settler.analysed('a.py');
  await Promise.resolve();
  settler.cancel();
  await sleep(IDLE_MS * 3);
  assert.deepEqual(asked, [], 'a message during the wait');

  settler.analysed('b.py');
  await until(() => asked.length > 0);
  await sleep(IDLE_MS * 3);
  assert.deepEqual(asked, ['b.py'], 'a message after the first step stops the other two');
});

test('a reparse that throws is told and ends the settling', async () => {
  const { settler, asked, failures } = settlerWith(3, { fail: new Error('boom') });
  settler.analysed('a.py');
  await until(() => failures.length > 0);
  await sleep(IDLE_MS * 3);
  assert.deepEqual(asked, ['a.py']);
  assert.deepEqual(failures, ['a.py: Error: boom']);
});
