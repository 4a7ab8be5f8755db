import { existsSync, writeSync } from 'node:fs';
import { dirname, join, parse as parsePath } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ConfigProblem, Rule } from '../engine';
import { ConfigurationFinder } from '../host/configuration';
import type { ServerHost } from './server';
import { folderOf, type ProjectConfiguration } from './settingsStore';
import { diskFolder } from '../host/workspaceFiles';
import { Workspace } from './workspace';

/** Finds docs/rules/ by walking up from the bundle (the VSIX) or the sources. */
function docsDirectory(start: string): string | undefined {
  for (let dir = start; dirname(dir) !== dir; dir = dirname(dir)) {
    const candidate = join(dir, 'docs', 'rules');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The language server's host in Node: docs as file URIs, switches from the environment, the process's pid. */
export function nodeServerHost(bundleDir: string): ServerHost {
  const docsDir = docsDirectory(bundleDir);
  return {
    ruleDocUri: (rule: Rule) => (docsDir ? pathToFileURL(join(docsDir, `${rule.meta.code}-${rule.meta.slug}.md`)).href : undefined),
    backendStopped(error) {
      // stderr is written synchronously, so the reason reaches the client's output before the exit;
      // a log message over the connection would be lost with the process.
      writeSync(2, `Flask Practices: the analysis worker stopped (${error.message}); exiting so the client restarts the server.\n`);
      process.exit(1);
    },
    testCommands: process.env.FLASK_PRACTICES_TEST_COMMANDS === '1',
    bench: process.env.FLASK_PRACTICES_BENCH === '1',
    pid: process.pid,
    projectConfiguration: (knownCodes, tell) => diskConfiguration(knownCodes, tell),
    workspace: (workspaceHost) => new Workspace(workspaceHost, diskFolder),
  };
}

/** pyproject.toml files read from the disk, nearest to the document, below its workspace folder. */
function diskConfiguration(knownCodes: readonly string[], tell: (problems: ConfigProblem[]) => void): ProjectConfiguration {
  const finder = new ConfigurationFinder(knownCodes, tell);
  return {
    settingsFor(uri, roots, editor) {
      if (!uri.startsWith('file:')) return editor;
      const file = fileURLToPath(uri);
      const folder = folderOf(uri, roots);
      // Outside every folder, the file's own folders are looked up to the file system's root.
      const root = folder ? fileURLToPath(folder) : parsePath(file).root;
      return finder.settingsFor(file, root, editor).settings;
    },
    invalidate: () => finder.invalidate(),
  };
}
