import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { ConfigProblem } from '../engine';
import { ConfigurationFinder as Finder, type ConfigFiles } from './configurationFinder';

const disk: ConfigFiles = { read: (file) => readFileSync(file, 'utf8'), dirname, join, relative, isAbsolute, resolve, sep };

/** The configuration finder over the disk, for the Node hosts (the CLI and the language server). */
export class ConfigurationFinder extends Finder {
  constructor(knownCodes: readonly string[], onProblems: (problems: ConfigProblem[]) => void) {
    super(knownCodes, onProblems, disk);
  }
}
