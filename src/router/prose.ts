/**
 * Puzzles described in words rather than drawn ("row 1 is 5 3 _ _ 7 _ _ _ _, row 2 ...",
 * "the start is at (0,0), walls at ..."). Their structure cannot be read locally without
 * guessing, so they become grid parts that the LLM extracts into the task's schema; without
 * an LLM the answer says so. Only the pattern is detected here (by each task's
 * `routing.describedInProse`), never the puzzle.
 */
import { listTasks } from '../tasks/registry.js';

export interface ProseDescription {
  task: string;
  start: number;
  end: number;
  confidence: number;
  reason: string;
}

/**
 * A puzzle described in prose, if the text looks like one; `null` otherwise. Tasks in `skip`
 * (already found as drawn grids) are not reported again; the first task (registry order) that
 * recognises a description wins.
 *
 * @example
 * describeProsePuzzle('My sudoku: row 1 is 5 3 _ _ 7 _ _ _ _, row 2 is 6 _ _ 1 9 5 _ _ _, row 3 is ...');
 * // { task: 'sudoku', confidence: 0.7, ... }
 */
export function describeProsePuzzle(text: string, skip: ReadonlySet<string> = new Set()): ProseDescription | null {
  for (const task of listTasks()) {
    if (skip.has(task.name) || task.routing.describedInProse === undefined) continue;
    const found = task.routing.describedInProse(text);
    if (found !== null) return { task: task.name, ...found };
  }
  return null;
}
