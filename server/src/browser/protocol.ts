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

/**
 * A request from the server to the client: the files of the workspace folder `folder` (a URI)
 * that match the glob `include` and not `exclude` (both relative to the folder), at most
 * `maxResults` of them when given. The answer is their paths relative to the folder, `/`-separated.
 */
export const FIND_FILES = 'flaskPractices/findFiles';

export interface FindFilesParams {
  folder: string;
  include: string;
  exclude?: string;
  maxResults?: number;
}

/**
 * A request from the server to the client: the text of each file (by URI), in order; null for one
 * that is missing, larger than `maxBytes` or cannot be decoded. Python files are decoded as Python
 * reads them (PEP 263), others as UTF-8.
 */
export const READ_FILES = 'flaskPractices/readFiles';

export interface ReadFilesParams {
  uris: string[];
  maxBytes: number;
}

/** The client's file system as the server in the worker asks for it. */
export interface ClientFileSystem {
  find(params: FindFilesParams): Promise<string[]>;
  read(uris: string[], maxBytes: number): Promise<(string | null)[]>;
}
