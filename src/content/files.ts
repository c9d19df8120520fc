// Locates content/ and reads its JSON files, naming the file and key in every error,
// so a counsellor who mistypes a reply file gets told exactly where.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: two levels above this file, in src/ and in dist/src/ alike. */
function findProjectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i += 1) {
    try {
      readFileSync(join(dir, 'package.json'));
      return dir;
    } catch {
      dir = dirname(dir);
    }
  }
  throw new Error('Mend could not find its project root (package.json) above ' + fileURLToPath(import.meta.url));
}

export const PROJECT_ROOT = findProjectRoot();
export const CONTENT_DIR = process.env['MEND_CONTENT_DIR'] ? resolve(process.env['MEND_CONTENT_DIR']) : join(PROJECT_ROOT, 'content');

export class ContentError extends Error {
  constructor(
    readonly file: string,
    readonly key: string,
    problem: string,
  ) {
    super(`content/${file}${key ? ` at "${key}"` : ''}: ${problem}`);
    this.name = 'ContentError';
  }
}

/** Reads and parses one JSON file under content/ (path relative to content/). */
export function readContentJson(file: string, dir: string = CONTENT_DIR): unknown {
  const path = join(dir, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ContentError(file, '', `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ContentError(file, '', `is not valid JSON: ${(err as Error).message}`);
  }
}

/** Lists the JSON files in a folder under content/, as paths relative to content/. */
export function listContentJson(folder: string, dir: string = CONTENT_DIR): string[] {
  return readdirSync(join(dir, folder))
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => relative(dir, join(dir, folder, name)));
}
