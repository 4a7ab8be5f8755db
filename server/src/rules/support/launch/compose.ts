import { isMap, isScalar, isSeq, type Document, type Node, type YAMLMap } from 'yaml';
import { isWord, shellTokens, type ShellToken, type ShellWord } from '../../../engine/files';
import { detectEol, type LineIndex } from '../../../engine/positions';
import type { LaunchCommand } from './commands';
import { isDevelopmentName } from './development';
import { jsonArray, literal, shellWord, yamlString } from './words';

/**
 * The `entrypoint` and `command` of each Compose service, except services meant for development
 * or tests (see forDevelopment). Compose splits a string command into words itself, without a shell; a list is the
 * words. Either is written back in its own form (a string, a flow list, a block list).
 */
export function composeCommands(document: Document.Parsed, text: string, lines: LineIndex): LaunchCommand[] {
  const services = document.errors.length === 0 ? document.get('services', true) : undefined;
  if (!isMap(services)) return [];
  const commands: LaunchCommand[] = [];
  for (const { key, value: service } of services.items) {
    if (!isScalar(key) || !isMap(service) || forDevelopment(String(key.value), service)) continue;
    const env = environment(service.get('environment', true));
    for (const field of ['entrypoint', 'command']) {
      const command = commandOf(service.get(field, true), text, lines, env);
      if (command) commands.push(command);
    }
  }
  return commands;
}

/**
 * A service named for development or tests (`dev`, `web-test`), built from a Dockerfile stage
 * named so (`build: {target: development}`), or started only under such profiles (`profiles: [dev]`).
 */
function forDevelopment(name: string, service: YAMLMap): boolean {
  if (isDevelopmentName(name)) return true;
  const build = service.get('build', true);
  const target = isMap(build) ? build.get('target', true) : undefined;
  if (isScalar(target) && typeof target.value === 'string' && isDevelopmentName(target.value)) return true;
  const profiles = service.get('profiles', true);
  const names = isSeq(profiles) ? profiles.items.map((item) => (isScalar(item) ? String(item.value) : '')) : [];
  return names.length > 0 && names.every(isDevelopmentName);
}

function commandOf(node: unknown, text: string, lines: LineIndex, env: Map<string, ShellWord>): LaunchCommand | undefined {
  if (isScalar(node) && typeof node.value === 'string' && node.range) {
    const [start, end] = node.range;
    const write = (tokens: readonly ShellToken[]) => (tokens.every(isWord) ? yamlString(tokens.map(shellWord).join(' ')) : undefined);
    return { range: { start, end: trimmedEnd(text, start, end) }, tokens: shellTokens(node.value), write, env };
  }
  if (!isSeq(node) || !node.range || node.items.length === 0) return undefined;
  const items = node.items.filter((item): item is Node & { value: unknown; range: [number, number, number] } => isScalar(item) && !!item.range);
  if (items.length !== node.items.length) return undefined;
  const start = node.range[0];
  // A flow list ends at its `]`; a block list's range runs on over comments and blank lines.
  const end = node.flow ? node.range[1] : items[items.length - 1]!.range[1];
  const indent = text.slice(lines.lineStart(lines.lineOf(start)), start);
  const write = (tokens: readonly ShellToken[]) => {
    if (!tokens.every(isWord)) return undefined;
    const words = tokens.map((token) => token.word);
    if (node.flow) return jsonArray(words);
    // A block list keeps its items' indentation, one per line.
    if (!/^[ \t]*$/.test(indent)) return undefined;
    return words.map((word) => `- ${yamlString(word)}`).join(`${detectEol(text)}${indent}`);
  };
  return { range: { start, end }, tokens: items.map((item) => literal(String(item.value))), write, env };
}

/** A service's `environment`, as a map or as a list of `NAME=value`. */
function environment(node: unknown): Map<string, ShellWord> {
  const env = new Map<string, ShellWord>();
  if (isMap(node)) {
    for (const { key, value } of node.items) {
      if (isScalar(key) && isScalar(value) && value.value !== null) env.set(String(key.value), literal(String(value.value)));
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const entry = isScalar(item) ? String(item.value) : '';
      const eq = entry.indexOf('=');
      if (eq > 0) env.set(entry.slice(0, eq), literal(entry.slice(eq + 1)));
    }
  }
  return env;
}

function trimmedEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return end;
}
