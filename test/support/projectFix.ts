/**
 * Project fixes for the tests: a fixture project (test/projects/<CODE>-<slug>/<case>/) read as
 * path → text, every module indexed as an editor's workspace would be, then every fix of one rule
 * applied as `check --fix --unsafe-fixes` applies them, edits and created files together.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Engine } from '../../server/src/engine';
import { settingsWith } from './engine';

/** Every file of a folder (templates too: the probe serves them), by `/`-separated path. */
export function readProject(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path).split(sep).join('/')] = readFileSync(path, 'utf8');
    }
  };
  walk(dir);
  return files;
}

export interface ProjectFixResult {
  /** The project after the fixes: changed modules and created files included. */
  files: Record<string, string>;
  /** Paths of the files the fixes created. */
  created: string[];
  /** Paths of the modules the fixes edited. */
  edited: string[];
  /** Why the rule's fixes were not offered, per finding that has one. */
  refusals: string[];
}

/** Indexes the project under `root` (a location prefix of its own), then applies `code`'s fixes to each module. */
export function fixProject(engine: Engine, root: string, project: Record<string, string>, code: string): ProjectFixResult {
  const modules = Object.entries(project).filter(([path]) => path.endsWith('.py'));
  for (const [path, text] of modules) engine.indexFile(root + path, path, text);
  const settings = settingsWith({ select: [code] });
  const result: ProjectFixResult = { files: { ...project }, created: [], edited: [], refusals: [] };
  for (const [path, text] of modules) {
    engine.analyseText(text, settings, (analysis) => {
      for (const finding of analysis.findings) {
        const availability = finding.fix?.available?.();
        if (availability && !availability.ok) result.refusals.push(availability.reason);
      }
    }, path, root + path);
    const fixed = engine.fixAll(text, settings, true, path, root + path, { createFiles: true });
    if (fixed.text !== text) {
      result.files[path] = fixed.text;
      result.edited.push(path);
    }
    for (const file of fixed.files) {
      if (file.path in project) throw new Error(`a fix overwrote ${file.path}`);
      result.files[file.path] = file.text;
      result.created.push(file.path);
    }
  }
  return result;
}
