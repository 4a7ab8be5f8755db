/**
 * Test modules are not application code: a module-level app in a test is a fixture, a fixed key
 * is a test's key. No rule reports in them, and this is the one place that decides which they are.
 * Paths are `/`-separated and relative to the project root (see {@link projectPath}).
 */

const TEST_FOLDERS = new Set(['tests', 'test']);

/** `tests/…`, `test/…`, `test_*.py`, `*_test.py`, `conftest.py`. */
export function isTestModule(path: string | undefined): boolean {
  if (!path) return false;
  const segments = path.split('/').filter((s) => s !== '' && s !== '.');
  const name = segments.pop() ?? '';
  if (segments.some((segment) => TEST_FOLDERS.has(segment))) return true;
  return name === 'conftest.py' || /^test_.*\.pyi?$/.test(name) || /_test\.pyi?$/.test(name);
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
