/**
 * What the tasks' data files share: JSON lines read with the line named in every error, and a
 * data set drawn from a generator, reproducible by seed, with no puzzle twice and none of other
 * files (compared by a key that is equal for a puzzle and its augmented copies).
 *
 * @example
 * const items = readJsonLines(text, (record, line) => toItem(record.puzzle, record.solution, line));
 * const { records, summary } = drawDistinct({ count: 100, seed: 1, draw, key, exclude });
 */
import { InvalidInputError, SolverError } from '../../core/errors.js';
import { createRng } from '../../core/random.js';
import type { Rng } from '../../core/random.js';

/** The error of a bad line of a data file (`data line 3: ...`). */
export function dataLineError(line: number, message: string, cause?: unknown): InvalidInputError {
  return new InvalidInputError(`data line ${line}: ${message}`, { field: 'data', details: { line }, cause });
}

/** Whether a data file is JSON lines (some line starts with `{`) rather than a task's plain notation. */
export function isJsonLines(text: string): boolean {
  return text.split(/\r?\n/).some((l) => l.trimStart().startsWith('{'));
}

/** Every JSON line of `text` as `item(record, line)` (blank lines and `#` comments skipped); a line that is not a JSON object is an error naming it. */
export function readJsonLines<T>(text: string, item: (record: Record<string, unknown>, line: number) => T): T[] {
  const items: T[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const l = raw.trim();
    if (l === '' || l.startsWith('#')) return;
    let record: unknown;
    try {
      record = JSON.parse(l);
    } catch (error) {
      throw dataLineError(i + 1, 'not valid JSON', error);
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) throw dataLineError(i + 1, 'not a JSON object');
    items.push(item(record as Record<string, unknown>, i + 1));
  });
  return items;
}

/**
 * The keys of every record of a JSON-lines file (blank lines skipped), for `--exclude`.
 * Throws `InvalidInputError` (field `--exclude`) naming the file and line of a bad record.
 */
export function keysOfJsonLines(text: string, name: string, key: (record: Record<string, unknown>, where: string) => string): Set<string> {
  const keys = new Set<string>();
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `${name} line ${i + 1}`;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      throw new InvalidInputError(`${where} is not JSON`, { field: '--exclude', cause: error });
    }
    if (typeof record !== 'object' || record === null) {
      throw new InvalidInputError(`${where} is not a JSON object`, { field: '--exclude' });
    }
    keys.add(key(record as Record<string, unknown>, where));
  });
  return keys;
}

export interface DrawSummary {
  written: number;
  excluded: number;
  duplicates: number;
  /** Draws the generator could not turn into a record (`draw` returned `null`). */
  failed: number;
}

export interface DrawOptions<R> {
  count: number;
  seed: number;
  /** One record from the shared stream, or `null` when this draw yields none. */
  draw(rng: Rng): R | null;
  /** A key equal for a record and its augmented copies. */
  key(record: R): string;
  exclude?: ReadonlySet<string>;
}

/**
 * `count` records, skipping those whose key is excluded or already drawn; they depend only on
 * the options and `seed`. Throws `SolverError` after 10 draws per record (+100) without enough.
 */
export function drawDistinct<R>(options: DrawOptions<R>): { records: R[]; summary: DrawSummary } {
  const { count } = options;
  const exclude = options.exclude ?? new Set<string>();
  const rng = createRng(options.seed);
  const seen = new Set<string>();
  const records: R[] = [];
  const summary: DrawSummary = { written: 0, excluded: 0, duplicates: 0, failed: 0 };
  const maxDraws = 10 * count + 100;
  for (let draw = 0; records.length < count; draw++) {
    if (draw >= maxDraws) {
      throw new SolverError(
        `Gave up after ${draw} draws with ${records.length} of ${count} puzzles ` +
          `(${summary.excluded} excluded, ${summary.duplicates} duplicates, ${summary.failed} failed); ` +
          'widen the options or lower --count',
        { details: { ...summary } },
      );
    }
    const record = options.draw(rng);
    if (record === null) {
      summary.failed++;
      continue;
    }
    const key = options.key(record);
    if (exclude.has(key)) summary.excluded++;
    else if (seen.has(key)) summary.duplicates++;
    else {
      seen.add(key);
      records.push(record);
    }
  }
  summary.written = records.length;
  return { records, summary };
}

/** The report of a drawn data set (`skipped 2 excluded, 0 duplicates, 1 failed seeds`). */
export function skippedReport(summary: DrawSummary): string {
  return `skipped ${summary.excluded} excluded, ${summary.duplicates} duplicates, ${summary.failed} failed seeds`;
}

/** The keys of every `--exclude` file of a build request. */
export function excludedKeys(files: readonly { name: string; text: string }[], keys: (text: string, name: string) => Set<string>): Set<string> {
  const all = new Set<string>();
  for (const file of files) for (const key of keys(file.text, file.name)) all.add(key);
  return all;
}

/** A builder option's value as a positive integer, or `undefined` when absent. */
export function optionalPositiveInt(value: string | boolean | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new InvalidInputError(`${flag} must be a positive integer (got "${text}")`, { field: flag });
  }
  return n;
}
