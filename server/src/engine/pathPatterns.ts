import picomatch from 'picomatch/posix';

/**
 * Glob patterns over `/`-separated paths relative to the project root, read as Ruff reads
 * `exclude` and `per-file-ignores`: a pattern without a `/` (`migrations`, `test_*.py`) matches
 * any file or folder of that name; one with a `/` (`app/legacy/*.py`) matches from the root. A
 * pattern that matches a folder matches everything below it.
 */
const compiled = new Map<string, (path: string) => boolean>();

export function matchesAnyPattern(path: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => matcher(pattern)(path));
}

/**
 * A pattern written in the pyproject.toml of folder `dir` (relative to the project root), as the
 * project root reads it: patterns with a `/` are anchored at that folder, as Ruff anchors them.
 */
export function anchorPattern(pattern: string, dir: string): string {
  const clean = cleaned(pattern);
  return dir === '' || !clean.includes('/') ? clean : `${dir.replace(/\/+$/, '')}/${clean}`;
}

function matcher(pattern: string): (path: string) => boolean {
  let match = compiled.get(pattern);
  if (!match) {
    const clean = cleaned(pattern);
    const test = picomatch(clean, { dot: true });
    match = clean.includes('/')
      ? (path) => {
          const parts = path.split('/');
          for (let depth = parts.length; depth > 0; depth--) if (test(parts.slice(0, depth).join('/'))) return true;
          return false;
        }
      : (path) => path.split('/').some((part) => part !== '' && test(part));
    compiled.set(pattern, match);
  }
  return match;
}

/** Without a leading `./` or `/` and a trailing `/`: `./build/` and `build` mean the same. */
function cleaned(pattern: string): string {
  return pattern.trim().replace(/^\.?\/+/, '').replace(/\/+$/, '');
}
