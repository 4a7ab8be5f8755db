/**
 * `npm run corpus`: measures every rule on real Flask code (corpus/manifest.json) against the
 * hand-checked verdicts in corpus/labels.jsonl, then applies every fix to a copy and checks it.
 *
 *   npm run corpus                               Debian packages and the imported GitHub snapshots
 *   npm run corpus -- --debian                   the Debian part only (what CI runs)
 *   npm run corpus -- --no-fixes                 accuracy only
 *   npm run corpus -- --import owner/name=DIR    once: extract a GitHub project's pinned commit from a clone
 *
 * Exits 1 when a goal is missed (see corpus/README.md).
 */
import { parseArgs } from 'node:util';
import { loadManifest } from './corpus/manifest';
import { importGithub } from './corpus/materialise';
import { report } from './corpus/report';
import { runCorpus } from './corpus/run';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      debian: { type: 'boolean', default: false },
      'no-fixes': { type: 'boolean', default: false },
      import: { type: 'string', multiple: true, default: [] },
    },
  });
  const manifest = loadManifest();
  for (const spec of values.import) {
    const [repo, dir] = [spec.slice(0, spec.indexOf('=')), spec.slice(spec.indexOf('=') + 1)];
    const project = manifest.projects.find((p) => p.source === 'github' && p.repo === repo);
    if (!project || project.source !== 'github' || !dir) {
      console.error(`--import ${spec}: expected owner/name=GIT_DIR with a repository from corpus/manifest.json`);
      return 2;
    }
    const imported = importGithub(project, dir);
    if (!imported.ok) {
      console.error(`--import ${repo}: ${imported.error}`);
      return 1;
    }
    console.error(`imported ${repo}@${project.commit.slice(0, 12)}${imported.missing.length ? ` (absent from the clone, left out: ${imported.missing.join(', ')})` : ''}`);
  }
  const result = await runCorpus({
    sources: values.debian ? ['debian'] : ['debian', 'github'],
    fixes: !values['no-fixes'],
    log: (line) => console.error(line),
    manifest,
  });
  console.log(report(result));
  return result.goals.every((g) => g.met) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
