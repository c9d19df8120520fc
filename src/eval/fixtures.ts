// Reads a JSON Lines fixture (one object per line; blank lines and lines starting with // skipped).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../content/files.js';

export function readJsonl<T>(relativePath: string): T[] {
  const path = join(PROJECT_ROOT, relativePath);
  const out: T[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const trimmed = line.trim();
      if (trimmed === '' || trimmed.startsWith('//')) return;
      try {
        out.push(JSON.parse(trimmed) as T);
      } catch (err) {
        throw new Error(`${relativePath}:${i + 1}: not valid JSON (${(err as Error).message})`);
      }
    });
  return out;
}
