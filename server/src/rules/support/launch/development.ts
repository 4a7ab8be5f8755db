/**
 * Names that mark a file or a Compose service as meant for development or tests, where Flask's
 * development server is the right tool: `Dockerfile.dev`, `docker-compose.override.yml` (Compose's
 * convention for local settings), `run_dev.sh`, a `.devcontainer/` or `dev/` folder, a service
 * called `dev` or `web-test`.
 */
const DEVELOPMENT_WORDS = new Set(['dev', 'develop', 'development', 'devcontainer', 'local', 'debug', 'test', 'tests', 'testing', 'override']);

/** True when a part of the name (split at `.`, `-` and `_`) is a development word. */
export function isDevelopmentName(name: string): boolean {
  return name
    .toLowerCase()
    .split(/[._-]/)
    .some((part) => DEVELOPMENT_WORDS.has(part));
}

/**
 * True for a file with a development name, or inside a folder named for development as a whole
 * (`dev/`, `.devcontainer/`): a folder such as `local-tools/` says nothing about the files in it.
 */
export function isDevelopmentPath(path: string): boolean {
  const segments = path.split('/');
  const name = segments.pop() ?? '';
  return isDevelopmentName(name) || segments.some((folder) => DEVELOPMENT_WORDS.has(folder.toLowerCase().replace(/^\./, '')));
}
