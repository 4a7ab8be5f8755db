/**
 * Node globals that libraries the engine uses reach for outside any Node-only branch, for the web
 * bundle (esbuild's `inject` in scripts/build.mjs). dockerfile-ast 0.7.1 checks a Dockerfile's
 * first character for a byte-order mark with `Buffer.from(char, "UTF-8")`: that is all it needs.
 */
export const Buffer = {
  from: (text: string): Uint8Array => new TextEncoder().encode(text),
};
