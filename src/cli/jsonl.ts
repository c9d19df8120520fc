// JSON Lines in, JSON Lines out: one object per input line, every input field echoed back with the
// analysis added. A bad line gets an {"error": …} line in its place so output stays aligned with input.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

export type Analyse = (text: string) => Record<string, unknown>;

export interface JsonlResult {
  lines: number;
  errors: number;
}

export function analyseLine(line: string, analyse: Analyse): { output: Record<string, unknown>; ok: boolean } {
  let input: unknown;
  try {
    input = JSON.parse(line);
  } catch (err) {
    return { output: { error: `not valid JSON: ${(err as Error).message}` }, ok: false };
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { output: { error: 'each line must be a JSON object with a "text" field' }, ok: false };
  }
  const record = input as Record<string, unknown>;
  if (typeof record['text'] !== 'string') {
    return { output: { ...record, error: 'missing or non-string "text" field' }, ok: false };
  }
  return { output: { ...record, ...analyse(record['text']) }, ok: true };
}

export async function runJsonl(analyse: Analyse, input: Readable, output: Writable): Promise<JsonlResult> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let lines = 0;
  let errors = 0;
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === '') continue;
    lines += 1;
    const { output: out, ok } = analyseLine(line, analyse);
    if (!ok) errors += 1;
    if (!output.write(JSON.stringify(out) + '\n')) {
      await new Promise<void>((resolve) => output.once('drain', () => resolve()));
    }
  }
  return { lines, errors };
}
