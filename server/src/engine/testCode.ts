/**
 * Test modules are not application code: a module-level app in a test is a fixture, a fixed key
 * is a test's key. No rule reports in them, and this is the one place that decides which they are.
 * Paths are `/`-separated and relative to the project root (see {@link projectPath}).
 */

import { matchesAnyPattern } from './pathPatterns';

/**
 * `tests/…`, `test/…`, `test_*.py`, `*_test.py`, `tests.py` (unittest's discovery, the Flask
 * Mega-Tutorial), `*_tests.py`, `conftest.py`: the default of `test-paths` in pyproject.toml,
 * which replaces it (patterns as pathPatterns.ts reads them). Not `test*.py`: `testing.py` is
 * often a config module.
 */
export const DEFAULT_TEST_PATHS: readonly string[] = Object.freeze(['tests', 'test', 'test_*.py', 'test_*.pyi', '*_test.py', '*_test.pyi', 'tests.py', '*_tests.py', 'conftest.py']);

/** Whether the module at `path` is test code, by the project's `test-paths` (the defaults when it has none). */
export function isTestModule(path: string | undefined, testPaths: readonly string[] = DEFAULT_TEST_PATHS): boolean {
  if (!path) return false;
  return matchesAnyPattern(path.split('/').filter((s) => s !== '' && s !== '.').join('/'), testPaths);
}

/**
 * A document's path relative to the project root that holds it, `/`-separated, from URIs or
 * `/`-separated paths: the longest root that contains it wins. Outside every root only the file
 * name is known to matter: a folder called `test` above the project says nothing about the file.
 */
export function projectPath(location: string, roots: readonly string[]): string {
  const path = location.replace(/[?#].*$/, '');
  let best: string | undefined;
  for (const root of roots) {
    const prefix = root.endsWith('/') ? root : `${root}/`;
    if (path.startsWith(prefix) && (best === undefined || prefix.length > best.length)) best = prefix;
  }
  const relative = best ? path.slice(best.length) : path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(relative);
  } catch {
    return relative;
  }
}
