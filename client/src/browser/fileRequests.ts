import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { decodeSource } from '../../../server/src/cli/encoding';
import { MAX_MODULE_BYTES } from '../../../server/src/engine/projectFiles';
import {
  FIND_FILES,
  READ_FILES,
  READ_PROJECT_FILE,
  type FindFilesParams,
  type ReadFilesParams,
  type ReadProjectFileParams,
} from '../../../server/src/browser/protocol';

/**
 * The client's answers to the language server in the browser worker, which has no file system of
 * its own: it lists and reads the workspace's files through this editor (`workspace.findFiles`,
 * `workspace.fs`), whatever their scheme.
 */
export function answerFileRequests(client: BaseLanguageClient): void {
  client.onRequest(READ_PROJECT_FILE, readProjectFile);
  client.onRequest(FIND_FILES, findFiles);
  client.onRequest(READ_FILES, ({ uris, maxBytes }: ReadFilesParams) => Promise.all(uris.map((uri) => readText(vscode.Uri.parse(uri), maxBytes))));
}

/**
 * The server's reader of project files: the project root is the document's URI minus its path in
 * the project. Null for a file that is missing, too large or not UTF-8, as the Node host reads them.
 */
async function readProjectFile({ document, documentPath, path }: ReadProjectFileParams): Promise<string | null> {
  const uri = vscode.Uri.parse(document);
  if (!uri.path.endsWith(`/${documentPath}`)) return null;
  const root = uri.with({ path: uri.path.slice(0, uri.path.length - documentPath.length), query: '', fragment: '' });
  return readText(vscode.Uri.joinPath(root, path), MAX_MODULE_BYTES, false);
}

/** Paths relative to the folder, `/`-separated. */
async function findFiles({ folder, include, exclude, maxResults }: FindFilesParams): Promise<string[]> {
  const base = vscode.Uri.parse(folder);
  // An exclude is matched against paths relative to their workspace folder.
  const found = await vscode.workspace.findFiles(new vscode.RelativePattern(base, include), exclude, maxResults);
  const prefix = base.path.endsWith('/') ? base.path : `${base.path}/`;
  return found.filter((uri) => uri.path.startsWith(prefix)).map((uri) => uri.path.slice(prefix.length));
}

/** A file's text: as Python reads it (PEP 263) or as UTF-8; null when missing, larger than `maxBytes` or undecodable. */
async function readText(uri: vscode.Uri, maxBytes: number, python = uri.path.endsWith('.py')): Promise<string | null> {
  try {
    if ((await vscode.workspace.fs.stat(uri)).size > maxBytes) return null;
    const decoded = decodeSource(await vscode.workspace.fs.readFile(uri), python);
    return 'problem' in decoded ? null : decoded.text;
  } catch {
    return null;
  }
}
