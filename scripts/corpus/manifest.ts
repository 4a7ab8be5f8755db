/** corpus/manifest.json: which projects the corpus holds and where each one's code is cached. */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface DebianPackage {
  name: string;
  version: string;
}

interface ProjectBase {
  /** The name labels use. */
  name: string;
  /** The working directory of the check, relative to the project's cached tree. */
  root: string;
  /** What is checked, relative to root; label files are relative to root too. */
  paths: string[];
  note?: string;
}

export interface DebianProject extends ProjectBase {
  source: 'debian';
  /** Extracted with `dpkg -x` into one tree. */
  packages: DebianPackage[];
}

export interface GithubProject extends ProjectBase {
  source: 'github';
  /** owner/name */
  repo: string;
  commit: string;
}

export type Project = DebianProject | GithubProject;

/** An app whose routes are served before and after the fixes, through test/python/flask_probe.py. */
export interface ProbeTarget {
  project: string;
  /** Folder, relative to the project root, whose text files the probe gets, keyed relative to it. */
  base: string;
  /** Module imported from base, e.g. `app` or `httpbin.core`. */
  module: string;
  /** Only these folders or files under base (default: everything). */
  include?: string[];
}

export interface Manifest {
  projects: Project[];
  probes: ProbeTarget[];
  notes?: string[];
}

export const REPO_ROOT = join(__dirname, '..', '..');
export const MANIFEST_PATH = join(REPO_ROOT, 'corpus', 'manifest.json');
export const LABELS_PATH = join(REPO_ROOT, 'corpus', 'labels.jsonl');

export function loadManifest(path = MANIFEST_PATH): Manifest {
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}

/** Outside the clone, so CI's fresh clones on the same machine reuse what was fetched. */
export function corpusCache(): string {
  return join(process.env.FLASK_PRACTICES_CACHE || join(homedir(), '.cache', 'flask-practices'), 'corpus');
}

/** The extracted tree of a project (its root and paths are below it). */
export function projectTree(project: Project, cache = corpusCache()): string {
  return project.source === 'debian'
    ? join(cache, 'debian', project.name)
    : join(cache, 'github', `${project.repo.replace('/', '+')}@${project.commit}`);
}

export function projectRoot(project: Project, cache = corpusCache()): string {
  return join(projectTree(project, cache), project.root);
}
