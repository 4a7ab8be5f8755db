/**
 * Which files the checker reads, by name: Python modules, and the files that say how the app is
 * started (Dockerfiles, Procfiles, Compose files, shell scripts). The one place that decides it:
 * the CLI walks these names, the language server opens them, the client selects them.
 */

export type FileKind = 'python' | 'dockerfile' | 'procfile' | 'compose' | 'shell';

/** The kinds other than Python, which rules check through `checkFile`. */
export type OtherFileKind = Exclude<FileKind, 'python'>;

/** Glob patterns for each kind (for the editor's document selector and activation). */
export const FILE_PATTERNS: Readonly<Record<FileKind, readonly string[]>> = {
  python: ['*.py'],
  dockerfile: ['Dockerfile', 'Dockerfile.*', '*.Dockerfile', '*.dockerfile', 'Containerfile'],
  procfile: ['Procfile'],
  compose: ['docker-compose.yml', 'docker-compose.yaml', 'docker-compose.*.yml', 'docker-compose.*.yaml', 'compose.yml', 'compose.yaml', 'compose.*.yml', 'compose.*.yaml'],
  shell: ['*.sh'],
};

/** VS Code's language ids, for documents without a file name (untitled ones). */
const LANGUAGE_KINDS: Readonly<Record<string, FileKind>> = {
  python: 'python',
  dockerfile: 'dockerfile',
  dockercompose: 'compose',
  shellscript: 'shell',
};

/**
 * The kind of a file by its name (the last segment of `path`), or by the editor's language id
 * when the name says nothing (an untitled document); undefined for files the checker does not read.
 */
export function fileKindOf(path: string, languageId?: string): FileKind | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  for (const [kind, patterns] of Object.entries(FILE_PATTERNS) as [FileKind, readonly string[]][]) {
    if (patterns.some((pattern) => matchesName(pattern, name))) return kind;
  }
  return languageId === undefined ? undefined : LANGUAGE_KINDS[languageId];
}

/** A pattern with at most one `*`, matched against a whole name. */
function matchesName(pattern: string, name: string): boolean {
  const star = pattern.indexOf('*');
  if (star < 0) return name === pattern;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  return name.length > prefix.length + suffix.length && name.startsWith(prefix) && name.endsWith(suffix);
}
