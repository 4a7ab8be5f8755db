/**
 * Puts each manifest project's code in the cache: Debian packages with `apt-get download` and
 * `dpkg -x` (anywhere apt reaches Debian), GitHub snapshots by a one-off `--import` from a git
 * directory that holds the pinned commit (CI cannot fetch them, so a missing one is skipped).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusCache, projectRoot, projectTree, type DebianProject, type GithubProject, type Project } from './manifest';

export type Materialised = { project: Project; root: string } | { project: Project; skipped: string };

const STAMP = '.corpus-stamp';

function run(command: string, args: string[], cwd?: string, input?: Buffer) {
  const result = spawnSync(command, args, { cwd, input, maxBuffer: 512 * 1024 * 1024 });
  const stderr = result.stderr?.toString() ?? String(result.error ?? '');
  return { ok: result.status === 0, stdout: result.stdout ?? Buffer.alloc(0), stderr };
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}

/** The stamp says what a tree was made from, so a changed pin makes it again. */
function isCurrent(tree: string, stamp: string): boolean {
  return existsSync(join(tree, STAMP)) && readFileSync(join(tree, STAMP), 'utf8') === stamp;
}

function finish(tree: string, staging: string, stamp: string): void {
  writeFileSync(join(staging, STAMP), stamp);
  rmSync(tree, { recursive: true, force: true });
  renameSync(staging, tree);
}

/** apt writes an epoch's colon as %3a in the file name. */
function debFile(debs: string, name: string, version: string): string | undefined {
  const prefix = `${name}_${version.replace(':', '%3a')}_`;
  return readdirSync(debs).find((f) => f.startsWith(prefix) && f.endsWith('.deb'));
}

function materialiseDebian(project: DebianProject, cache: string): Materialised {
  const tree = projectTree(project, cache);
  const stamp = JSON.stringify(project.packages);
  if (isCurrent(tree, stamp)) return { project, root: projectRoot(project, cache) };
  const debs = join(cache, 'debs');
  mkdirSync(debs, { recursive: true });
  const staging = `${tree}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const { name, version } of project.packages) {
    if (!debFile(debs, name, version)) {
      const download = run('apt-get', ['download', `${name}=${version}`], debs);
      if (!debFile(debs, name, version)) {
        rmSync(staging, { recursive: true, force: true });
        return { project, skipped: `apt-get download ${name}=${version} failed: ${lastLine(download.stderr)}` };
      }
    }
    const extract = run('dpkg', ['-x', join(debs, debFile(debs, name, version)!), staging]);
    if (!extract.ok) {
      rmSync(staging, { recursive: true, force: true });
      return { project, skipped: `dpkg -x ${name} failed: ${lastLine(extract.stderr)}` };
    }
  }
  finish(tree, staging, stamp);
  return { project, root: projectRoot(project, cache) };
}

function materialiseGithub(project: GithubProject, cache: string): Materialised {
  const tree = projectTree(project, cache);
  if (isCurrent(tree, project.commit)) return { project, root: projectRoot(project, cache) };
  return { project, skipped: `not imported: run \`npm run corpus -- --import ${project.repo}=GIT_DIR\` once, GIT_DIR being a clone that has ${project.commit.slice(0, 12)}` };
}

export function materialise(project: Project, cache = corpusCache()): Materialised {
  return project.source === 'debian' ? materialiseDebian(project, cache) : materialiseGithub(project, cache);
}

/**
 * Extracts the pinned commit of `project` from a git directory (bare or a clone) into the cache.
 * Blobs the directory lacks (a partial clone's large files) are left out and listed.
 */
export function importGithub(project: GithubProject, gitDir: string, cache = corpusCache()): { ok: true; missing: string[] } | { ok: false; error: string } {
  const git = (args: string[], input?: Buffer) => run('git', ['-C', gitDir, ...args], undefined, input);
  if (!git(['cat-file', '-e', `${project.commit}^{commit}`]).ok) return { ok: false, error: `${gitDir} does not have commit ${project.commit}` };
  const entries = git(['ls-tree', '-r', '-z', project.commit]).stdout.toString().split('\0').filter(Boolean);
  const blobs = entries.map((e) => ({ object: e.split(/\s/)[2], path: e.slice(e.indexOf('\t') + 1) })).filter((e) => e.object);
  const check = git(['cat-file', '--batch-check'], Buffer.from(blobs.map((b) => b.object).join('\n') + '\n'));
  const lines = check.stdout.toString().trim().split('\n');
  const missing = blobs.filter((_, i) => lines[i]?.endsWith(' missing')).map((b) => b.path);
  const archive = git(['archive', '--format=tar', project.commit, '--', '.', ...missing.map((p) => `:(exclude,literal)${p}`)]);
  if (!archive.ok) return { ok: false, error: `git archive failed: ${lastLine(archive.stderr)}` };
  const tree = projectTree(project, cache);
  const staging = `${tree}.partial`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const untar = run('tar', ['-x', '-C', staging], undefined, archive.stdout);
  if (!untar.ok) return { ok: false, error: `tar failed: ${lastLine(untar.stderr)}` };
  finish(tree, staging, project.commit);
  return { ok: true, missing };
}
