// Small validators for content files: each returns the typed value or throws a ContentError
// naming the file and the key path, so a bad content file stops start-up with a clear message.
import { ContentError } from './files.js';

export type Obj = Record<string, unknown>;

export function obj(file: string, key: string, value: unknown): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ContentError(file, key, 'must be an object');
  }
  return value as Obj;
}

export function str(file: string, key: string, value: unknown, { allowEmpty = false } = {}): string {
  if (typeof value !== 'string' || (!allowEmpty && value.trim() === '')) {
    throw new ContentError(file, key, 'must be a non-empty string');
  }
  return value;
}

export function num(file: string, key: string, value: unknown, min = -Infinity, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new ContentError(file, key, `must be a number between ${min} and ${max}`);
  }
  return value;
}

export function bool(file: string, key: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new ContentError(file, key, 'must be true or false');
  return value;
}

export function strList(file: string, key: string, value: unknown, { minLength = 1 } = {}): string[] {
  if (!Array.isArray(value) || value.length < minLength) {
    throw new ContentError(file, key, `must be a list of at least ${minLength} string(s)`);
  }
  return value.map((item, i) => str(file, `${key}[${i}]`, item));
}

export function list<T>(file: string, key: string, value: unknown, each: (item: unknown, key: string) => T, { minLength = 1 } = {}): T[] {
  if (!Array.isArray(value) || value.length < minLength) {
    throw new ContentError(file, key, `must be a list of at least ${minLength} item(s)`);
  }
  return value.map((item, i) => each(item, `${key}[${i}]`));
}

export function record<T>(file: string, key: string, value: unknown, each: (item: unknown, key: string) => T): Record<string, T> {
  const o = obj(file, key, value);
  const out: Record<string, T> = {};
  for (const [k, v] of Object.entries(o)) out[k] = each(v, key ? `${key}.${k}` : k);
  return out;
}

/** Compiles a regular expression from content (case-insensitive, unicode), naming the key on error. */
export function regex(file: string, key: string, value: unknown, flags = 'iu'): RegExp {
  const source = str(file, key, value);
  try {
    return new RegExp(source, flags);
  } catch (err) {
    throw new ContentError(file, key, `is not a valid regular expression: ${(err as Error).message}`);
  }
}
