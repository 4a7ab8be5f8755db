/**
 * Names that mark a file or a Compose service as meant for development or tests, where Flask's
 * development server is the right tool: `Dockerfile.dev`, `docker-compose.override.yml` (Compose's
 * convention for local settings), `.devcontainer/`, a service called `dev` or `web-test`.
 */
const DEVELOPMENT_WORDS = new Set(['dev', 'develop', 'development', 'devcontainer', 'local', 'debug', 'test', 'tests', 'testing', 'override']);

/** True when a segment of the name (split at `/`, `.`, `-` and `_`) is a development word. */
export function isDevelopmentName(name: string): boolean {
  return name
    .toLowerCase()
    .split(/[/._-]/)
    .some((segment) => DEVELOPMENT_WORDS.has(segment));
}
