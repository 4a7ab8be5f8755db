/**
 * Python module names of a project's files, and imports resolved against them. Paths are
 * `/`-separated and relative to the project root. A file under `src/` is also importable without
 * the prefix (the src layout installs `src/pkg` as `pkg`).
 */

/** The module names `path` can be imported as (`app/__init__.py` → `app`); none for a file that is no module. */
export function moduleNamesOf(path: string): string[] {
  const match = /^(.*?)\.pyi?$/.exec(path);
  if (!match) return [];
  const segments = match[1]!.split('/').filter((s) => s !== '' && s !== '.');
  if (segments[segments.length - 1] === '__init__') segments.pop();
  if (segments.length === 0 || !segments.every(isIdentifier)) return [];
  const names = [segments.join('.')];
  if (segments[0] === 'src' && segments.length > 1) names.push(segments.slice(1).join('.'));
  return names;
}

/** The paths a module name can be read from: `a.b` is `a/b.py` or `a/b/__init__.py`, also under `src/`. */
export function pathsOfModule(name: string): string[] {
  const base = name.split('.').join('/');
  return [`${base}.py`, `${base}/__init__.py`, `src/${base}.py`, `src/${base}/__init__.py`];
}

/** True for a package's `__init__.py`: its relative imports start from itself, not its parent. */
export function isPackageInit(path: string): boolean {
  return /(^|\/)__init__\.pyi?$/.test(path);
}

/**
 * An import's target as an absolute dotted name: `.extensions.db` written in module `app.views`
 * (a plain module) is `app.extensions.db`. Undefined when the dots climb above the top package.
 */
export function absoluteName(written: string, fromModule: string, fromPackageInit: boolean): string | undefined {
  const dots = /^\.*/.exec(written)![0].length;
  if (dots === 0) return written;
  const packageParts = fromModule.split('.');
  if (!fromPackageInit) packageParts.pop();
  const keep = packageParts.length - (dots - 1);
  if (keep < 0) return undefined;
  const rest = written.slice(dots);
  return [...packageParts.slice(0, keep), ...(rest ? [rest] : [])].join('.') || undefined;
}

function isIdentifier(segment: string): boolean {
  return /^[\p{ID_Start}_][\p{ID_Continue}]*$/u.test(segment);
}
