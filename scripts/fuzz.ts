/**
 * `npm run fuzz`: the engine's properties (test/support/properties.ts) with a random seed and
 * many runs. Prints the seed and the number of generated cases; a failure prints the shrunk
 * counterexample and the command that replays it.
 *
 *   npx tsx scripts/fuzz.ts [--seed N] [--runs N] [--only TEXT]
 *
 * --runs is per property (default 5,000); --only keeps the properties whose name contains TEXT.
 */
import fc from 'fast-check';
import { testEngine } from '../test/support/engine';
import { engineProperties } from '../test/support/properties';
import { PythonProbe } from '../test/support/python';

function parseArgs(argv: string[]): { seed: number; runs: number; only?: string } {
  const options: { seed: number; runs: number; only?: string } = { seed: Math.floor(Math.random() * 2 ** 31), runs: 5_000 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.includes('=') ? argv[i]!.split(/=(.*)/s, 2) : [argv[i]!, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const integer = () => {
      const v = Number(value());
      if (!Number.isSafeInteger(v) || v < 0) throw new Error(`${flag} needs a non-negative integer`);
      return v;
    };
    if (flag === '--seed') options.seed = integer();
    else if (flag === '--runs') options.runs = integer();
    else if (flag === '--only') options.only = value();
    else throw new Error(`unknown option ${flag}; usage: fuzz [--seed N] [--runs N] [--only TEXT]`);
  }
  return options;
}

async function main(): Promise<number> {
  const { seed, runs, only } = parseArgs(process.argv.slice(2));
  console.log(`fuzz: seed ${seed}, ${runs} runs per property`);
  const engine = await testEngine();
  const python = PythonProbe.start();
  let failures = 0;
  let total = 0;
  try {
    const properties = engineProperties({ engine, python });
    for (const [index, property] of properties.entries()) {
      if (only && !property.name.includes(only)) continue;
      const started = Date.now();
      // Each property gets its own seed derived from the one printed, as in the test file.
      const details = await fc.check(property.property, { seed: seed + index, numRuns: runs });
      total += property.cases();
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (details.failed) {
        failures++;
        console.log(`FAIL ${property.name}: ${details.numRuns} runs, ${property.cases()} cases (${seconds} s)`);
        console.log(fc.defaultReportMessage(details));
        const error = details.errorInstance;
        console.log(error instanceof Error ? error.message : String(error));
        console.log(`replay: npx tsx scripts/fuzz.ts --seed ${seed} --runs ${runs} --only ${JSON.stringify(property.name.split(' ').slice(0, 2).join(' '))}`);
      } else {
        console.log(`ok   ${property.name}: ${details.numRuns} runs, ${property.cases()} cases (${seconds} s)${property.detail ? `; ${property.detail()}` : ''}`);
      }
    }
  } finally {
    await python.close();
  }
  console.log(`fuzz: seed ${seed}: ${total} generated cases, ${failures} failing ${failures === 1 ? 'property' : 'properties'}`);
  return failures > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
