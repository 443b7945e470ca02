/**
 * Reads an ARC data set from Kaggle-layout JSON files (Node only: uses `node:fs`).
 */
import { readFile } from 'node:fs/promises';
import { InvalidInputError } from '../../core/errors.js';
import { parseArcDataset } from './dataset.js';
import type { ArcTask } from './types.js';

async function readJson(path: string, field: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InvalidInputError(`Cannot read ARC ${field.replace('Path', '')} file ${path}`, {
      field,
      cause: error,
      details: { path },
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidInputError(`ARC ${field.replace('Path', '')} file ${path} is not JSON`, {
      field,
      cause: error,
      details: { path },
    });
  }
}

/**
 * Loads `<prefix>_challenges.json` (and `<prefix>_solutions.json` when given) into a map from
 * task id to task, test outputs filled from the solutions. Every grid is validated.
 *
 * @example
 * const tasks = await loadArcDataset('data/arc/arc-agi-1_training_challenges.json',
 *   'data/arc/arc-agi-1_training_solutions.json');
 * tasks.size; // 400
 */
export async function loadArcDataset(challengesPath: string, solutionsPath?: string): Promise<Map<string, ArcTask>> {
  const [challenges, solutions] = await Promise.all([
    readJson(challengesPath, 'challengesPath'),
    solutionsPath === undefined ? Promise.resolve(undefined) : readJson(solutionsPath, 'solutionsPath'),
  ]);
  return parseArcDataset(challenges, solutions);
}
