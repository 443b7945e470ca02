import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../test/support/paths.js';
import { parseTask } from '../tasks/registry.js';
import { identifiersKnow } from '../tasks/arc/index.js';
import { createLocalSolvers } from './local-solvers.js';

// test/fixtures/trm holds Sudoku models and arc-identity-tiny, an ARC model that knows tasks
// 007bbfb7 and 00d62c1b (through augmented identifiers) and predicts its input unchanged.
const FIXTURE_MODELS = join(REPO_ROOT, 'test', 'fixtures', 'trm');
const arcTask = (id: string) =>
  parseTask(
    {
      id,
      train: [{ input: [[1]], output: [[1]] }],
      test: [
        {
          input: [
            [3, 4],
            [5, 6],
          ],
        },
      ],
    },
    'arc',
  );

describe('identifiersKnow', () => {
  it('matches a task id through plain and augmented identifiers only', () => {
    const ids = ['<blank>', '007bbfb7', '00d62c1b|||t5|||0429861753'];
    expect(identifiersKnow(ids, '007bbfb7')).toBe(true);
    expect(identifiersKnow(ids, '00d62c1b')).toBe(true);
    expect(identifiersKnow(ids, '00d62c1')).toBe(false);
    expect(identifiersKnow(ids, undefined)).toBe(false);
    expect(identifiersKnow(undefined, '007bbfb7')).toBe(false);
  });
});

describe('createLocalSolvers', () => {
  it('sends an ARC task to a TRM model only when the model was trained on its id', async () => {
    const solvers = createLocalSolvers({ modelDirs: [FIXTURE_MODELS], threads: 1 });
    const known = await solvers.solve(arcTask('00d62c1b'));
    expect(known?.provenance).toMatchObject({ kind: 'trm', model: 'arc-identity-tiny', verified: false });
    expect(known?.solution).toEqual([
      [
        [3, 4],
        [5, 6],
      ],
    ]);
    expect(known?.trmSteps).toBeGreaterThan(0);
    expect(await solvers.solve(arcTask('ffffffff'))).toBeUndefined();
    expect(await createLocalSolvers({ modelDirs: [FIXTURE_MODELS], solver: 'exact' }).solve(arcTask('00d62c1b'))).toBeUndefined();
  });

  it('solves Sudoku and mazes with exact search when no model is installed', async () => {
    const solvers = createLocalSolvers({ modelDirs: [join(FIXTURE_MODELS, 'none-here')] });
    const outcome = await solvers.solve(parseTask('1..4..1..1..4..1', 'sudoku'));
    expect(outcome).toMatchObject({ verified: true, provenance: { kind: 'exact' } });
    expect(outcome?.trmSteps).toBeUndefined();
    expect(outcome?.rendered).toMatch(/^1 /);
  });
});
