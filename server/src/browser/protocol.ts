/** What the browser client and the language server in its Web Worker tell each other besides LSP. */

/**
 * The worker's first message, before any LSP traffic: the two wasm files' bytes (a worker started
 * from a `blob:` URL, as under code-server, cannot fetch the extension's files itself) and where
 * the rules' documentation is.
 */
export interface WorkerStart {
  treeSitterWasm: Uint8Array;
  pythonWasm: Uint8Array;
  /** The URI of the extension's docs/rules/ folder. */
  docsBase: string;
}

/**
 * A request from the server to the client: the text of the project file at `path` (relative to
 * the project root, `/`-separated) in the project where `document` sits at `documentPath`.
 * The answer is null for a file that is missing, too large or not UTF-8.
 */
export const READ_PROJECT_FILE = 'flaskPractices/readProjectFile';

export interface ReadProjectFileParams {
  document: string;
  documentPath: string;
  path: string;
}
