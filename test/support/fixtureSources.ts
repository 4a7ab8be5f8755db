import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The text of every `.py` file under the test fixtures and projects: real shapes of Flask code, for
 * tests that compare a reading from the text with the tree's on every node of a kind.
 */
export function fixtureSources(): string[] {
  const sources: string[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.py')) sources.push(readFileSync(path, 'utf8'));
    }
  };
  for (const dir of ['fixtures', 'fixtures-project', 'projects']) visit(join(__dirname, '..', dir));
  return sources;
}
