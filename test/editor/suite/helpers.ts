/**
 * Helpers for the extension-host suite: the editor's (editor.ts), and those that need Node, which
 * the browser extension host lacks.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { DEADLINE_MS, EXTENSION_ID } from './editor';

export * from './editor';

export function extensionPath(): string {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed`);
  return extension.extensionPath;
}

/**
 * What the engine itself makes of a copy of `text`, through the CLI shipped in the same VSIX:
 * `check --fix`, with `--select CODE` and `--unsafe-fixes` when asked. A fix applied in the
 * editor must give the same text: positions and edits survive the LSP round trip intact.
 * Desktop VS Code's extension host is Electron, which acts as Node with ELECTRON_RUN_AS_NODE.
 */
export async function engineFixed(text: string, options: { select?: string; unsafe: boolean }): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'flask-practices-engine-'));
  try {
    const file = join(dir, 'module.py');
    writeFileSync(file, text);
    const cli = join(extensionPath(), 'dist', 'cli.js');
    await new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        [
          cli,
          'check',
          file,
          ...(options.select ? ['--select', options.select] : []),
          '--fix',
          ...(options.unsafe ? ['--unsafe-fixes'] : []),
          '--exit-zero',
        ],
        { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, timeout: DEADLINE_MS },
        (error, _stdout, stderr) => (error ? reject(new Error(`${cli} failed: ${error.message}\n${stderr}`)) : resolve()),
      );
    });
    return readFileSync(file, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

