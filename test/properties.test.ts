/**
 * The engine's properties (test/support/properties.ts) on generated input, with a fixed seed and
 * a bounded number of runs so CI is repeatable and quick. `npm run fuzz` runs the same
 * properties longer with a random seed. A failure prints the seed and the shrunk input; replay
 * it with `npx tsx scripts/fuzz.ts --seed N`.
 */
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import type { Engine } from '../server/src/engine';
import { testEngine } from './support/engine';
import { engineProperties, type NamedProperty } from './support/properties';
import { PythonProbe } from './support/python';

const SEED = 20_261_125;

let engine: Engine;
let python: PythonProbe;
let properties: NamedProperty[];

before(async () => {
  engine = await testEngine();
  python = PythonProbe.start();
  properties = engineProperties({ engine, python });
});
after(async () => {
  const total = properties.reduce((sum, p) => sum + p.cases(), 0);
  console.log(`properties: ${total} generated cases (seed ${SEED}): ${properties.map((p) => p.cases()).join(' + ')}`);
  for (const property of properties) if (property.detail) console.log(`  ${property.name}: ${property.detail()}`);
  await python.close();
});

describe('engine properties (fast-check)', () => {
  // Names are fixed here so node:test can list them before `before` has run.
  for (const [index, name] of ['never throws, ranges valid', 'incremental equals fresh', 'fixes are sound', 'noqa is exact', 'typing with a syntax error equals fresh'].entries()) {
    test(name, async () => {
      const property = properties[index]!;
      await fc.assert(property.property, { seed: SEED + index, numRuns: property.runs, endOnFailure: false });
    });
  }
});
