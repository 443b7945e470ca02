/**
 * Detection of ARC tasks in text. Scores (the router ranks codecs by score):
 * - 0.98: a JSON object with `train` and `test` whose grids are all valid (also a one-entry
 *   Kaggle map `{ "<id>": { train, test } }`), bare, fenced or in prose, also as a Python dict
 *   or a JavaScript object literal; conclusive (nothing else looks like it, so a code word in
 *   the request such as "const" does not turn it into text);
 * - 0.7: such an object with some invalid grid (parsing will say what is wrong);
 * - 0.45: a bare JSON 2D array of colours 0..9 (a lone grid, not a solvable task);
 * - 0.25: the same when it is 9x9, which is more likely a Sudoku written as JSON, so the Sudoku
 *   codec outranks ARC there.
 */
import type { Detection } from '../../core/spec.js';
import { findArcGridProblem } from './grid.js';
import { findJsonValues } from './json-text.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function taskLike(value: unknown): Record<string, unknown> | null {
  if (!isRecord(value)) return null;
  if (Array.isArray(value.train) && Array.isArray(value.test)) return value;
  const keys = Object.keys(value);
  if (keys.length !== 1) return null;
  const inner = value[keys[0] as string];
  return isRecord(inner) && Array.isArray(inner.train) && Array.isArray(inner.test) ? inner : null;
}

function gridsOf(task: Record<string, unknown>): unknown[] {
  const grids: unknown[] = [];
  for (const pair of task.train as unknown[]) {
    grids.push(isRecord(pair) ? pair.input : undefined, isRecord(pair) ? pair.output : undefined);
  }
  for (const item of task.test as unknown[]) {
    grids.push(isRecord(item) ? item.input : undefined);
    if (isRecord(item) && item.output !== undefined) grids.push(item.output);
  }
  return grids;
}

function score(value: unknown): { score: number; reason: string; conclusive?: boolean } | null {
  const task = taskLike(value);
  if (task !== null) {
    const train = (task.train as unknown[]).length;
    const test = (task.test as unknown[]).length;
    const valid = train > 0 && test > 0 && gridsOf(task).every((grid) => findArcGridProblem(grid) === null);
    return valid
      ? { score: 0.98, reason: `ARC task JSON: ${train} train pairs, ${test} test inputs, all grids valid`, conclusive: true }
      : { score: 0.7, reason: 'JSON with "train" and "test" like an ARC task, but some grid or list is invalid' };
  }
  if (Array.isArray(value) && findArcGridProblem(value) === null) {
    const rows = value.length;
    const cols = (value[0] as unknown[]).length;
    return rows === 9 && cols === 9
      ? { score: 0.25, reason: '9x9 JSON array of digits: more likely a Sudoku than a lone ARC grid' }
      : { score: 0.45, reason: `bare ${rows}x${cols} JSON array of colours 0..9: an ARC grid without a task` };
  }
  return null;
}

/**
 * Scores how much `text` looks like an ARC task and finds its span; `null` when nothing does.
 * Never throws.
 *
 * @example
 * detectArc('Solve: {"train":[{"input":[[1]],"output":[[2]]}],"test":[{"input":[[1]]}]}')?.score; // 0.98
 */
export function detectArc(text: string): Detection | null {
  try {
    let best: Detection | null = null;
    for (const span of findJsonValues(text, 20)) {
      const found = score(span.value);
      if (found !== null && (best === null || found.score > best.score)) {
        best = { score: found.score, start: span.start, end: span.end, reason: found.reason, ...(found.conclusive === true ? { conclusive: true } : {}) };
      }
    }
    return best;
  } catch {
    return null;
  }
}
