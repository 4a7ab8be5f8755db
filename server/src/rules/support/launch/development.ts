/**
 * Names that mark a file, a Compose service, a Compose profile or a Dockerfile build stage as
 * meant for development or tests, where Flask's development server is the right tool:
 * `Dockerfile.dev`, `docker-compose.override.yml` (Compose's convention for local settings),
 * `run_dev.sh`, a `.devcontainer/` or `dev/` folder, a service called `dev` or `web-test`, a
 * stage `FROM base AS development`.
 */
const DEVELOPMENT_WORDS = new Set(['dev', 'develop', 'development', 'devcontainer', 'local', 'debug', 'test', 'tests', 'testing', 'override']);

/**
 * What a development word is run together with in one word (`devserver`, `webdev`, `runtests`).
 * Only these: a development word glued to anything else is often another word (`devops`,
 * `device`, `latest`, `contest`).
 */
const JOINED_WORDS = new Set(['server', 'serve', 'web', 'app', 'api', 'run', 'start', 'env', 'site', 'flask', 'backend']);

/**
 * True when a word of the name is a development word, or one joined with a word of JOINED_WORDS.
 * Words are split at `.`, `-`, `_`, digits and camelCase humps.
 */
export function isDevelopmentName(name: string): boolean {
  return name
    .replace(/([a-z])(?=[A-Z])/g, '$1 ')
    .toLowerCase()
    .split(/[^a-z]+/)
    .some((word) => DEVELOPMENT_WORDS.has(word) || isJoinedDevelopmentWord(word));
}

function isJoinedDevelopmentWord(word: string): boolean {
  for (let split = 1; split < word.length; split++) {
    const [head, tail] = [word.slice(0, split), word.slice(split)];
    if ((DEVELOPMENT_WORDS.has(head) && JOINED_WORDS.has(tail)) || (JOINED_WORDS.has(head) && DEVELOPMENT_WORDS.has(tail))) return true;
  }
  return false;
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
