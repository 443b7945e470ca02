import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AbortedError, NotSupportedError } from '../core/index.js';
import { parseTask } from '../tasks/index.js';
import { REPO_ROOT } from '../../test/support/paths.js';
import { solveParsed } from './solve-parsed.js';
import type { SolveSettings } from './solve-parsed.js';

const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'trm');
const NONE = join(REPO_ROOT, 'test', 'fixtures', 'no-models-here');
const settings = (over: Partial<SolveSettings> = {}): SolveSettings => ({
  solver: 'auto',
  modelDirs: [NONE],
  threads: 1,
  trace: false,
  format: 'line',
  ...over,
});
const arcTask = (id: string) => ({
  id,
  train: [{ input: [[1]], output: [[1]] }],
  test: [
    {
      input: [
        [0, 7],
        [7, 0],
      ],
    },
  ],
});

describe('solveParsed', () => {
  it('auto without a model: exact search, and the provenance says why', async () => {
    const outcome = await solveParsed(parseTask(['#####', '#S  #', '### #', '#G  #', '#####'].join('\n')), settings());
    expect(outcome).toMatchObject({
      task: 'maze',
      verified: true,
      provenance: { kind: 'exact', fallbackFrom: [expect.stringMatching(/no maze model/) as string] },
    });
    expect(outcome.rendered).toBe('#####/#Soo#/###o#/#Goo#/#####');
  });

  it('ARC: the model trained on the task answers; otherwise not supported', async () => {
    const outcome = await solveParsed({ task: 'arc', puzzle: arcTask('007bbfb7') }, settings({ modelDirs: [FIXTURES] }));
    expect(outcome).toMatchObject({
      task: 'arc',
      solution: [
        [
          [0, 7],
          [7, 0],
        ],
      ],
      verified: false,
      provenance: { model: 'arc-identity-tiny' },
    });
    await expect(solveParsed({ task: 'arc', puzzle: arcTask('ffffffff') }, settings({ modelDirs: [FIXTURES] }))).rejects.toThrow(
      /not trained on ARC task ffffffff/,
    );
    await expect(solveParsed({ task: 'arc', puzzle: arcTask('007bbfb7') }, settings())).rejects.toThrow(
      /No TRM model can answer this ARC task: no arc model installed/,
    );
    await expect(solveParsed({ task: 'arc', puzzle: arcTask('007bbfb7') }, settings({ solver: 'exact' }))).rejects.toBeInstanceOf(NotSupportedError);
  });

  it('passes the abort signal to the solver', async () => {
    const controller = new AbortController();
    controller.abort();
    const sudoku = parseTask('53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79');
    await expect(solveParsed(sudoku, settings({ solver: 'exact' }), { signal: controller.signal })).rejects.toBeInstanceOf(AbortedError);
  });
});
