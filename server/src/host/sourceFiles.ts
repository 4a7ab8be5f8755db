import { readFileSync, statSync } from 'node:fs';
import { decodeSource } from '../cli/encoding';

/**
 * The text of a Python file on disk as Python reads it (PEP 263), as the CLI reads it; undefined
 * when it is missing, larger than `maxBytes`, or cannot be decoded.
 */
export function readPythonSource(file: string, maxBytes: number): string | undefined {
  try {
    if (statSync(file).size > maxBytes) return undefined;
    const source = decodeSource(readFileSync(file), true);
    return 'problem' in source ? undefined : source.text;
  } catch {
    return undefined;
  }
}
