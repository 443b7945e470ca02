/**
 * Writes the generated cases of the routing benchmark:
 * `npx tsx test/support/routing-bench/build.ts [tuning|heldout]` ->
 * `test/fixtures/routing-bench/<split>/generated.jsonl`.
 *
 * Puzzles come from the task generators (Sudoku 4x4/6x6/9x9, mazes, the learned task's
 * family) and data/arc (tuning: ARC-AGI-1 training tasks; held-out: evaluation tasks), each
 * rendered in one notation family and set in prose; look-alikes come from `lookalikes.ts`.
 * The two splits use different seeds and different prose templates. The held-out file was
 * written once, before any detection was tuned, and is not to be regenerated.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng } from '../../../src/core/random.js';
import type { Rng } from '../../../src/core/random.js';
import { generateFillEnclosed } from '../../../src/tasks/index.js';
import { generateMaze } from '../../../src/tasks/maze/index.js';
import { generateSudoku } from '../../../src/tasks/sudoku/index.js';
import type { SudokuSize } from '../../../src/tasks/sudoku/index.js';
import { dataFile } from '../paths.js';
import { BENCH_DIR, BENCH_LEARNED_TASK, keyOf, registerBenchTasks } from './cases.js';
import type { BenchCase, ExpectedGrid, Split } from './cases.js';
import { LOOKALIKE_FAMILIES, makeLookalike } from './lookalikes.js';
import { fill, proseFor } from './prose.js';
import type { ProseSet } from './prose.js';
import { ARC_NOTATIONS, LEARNED_NOTATIONS, MAZE_NOTATIONS, renderArc, renderLearned, renderMaze, renderSudoku, SUDOKU_NOTATIONS } from './render.js';
import type { ArcTaskValue, Grid, MazeNotation, SudokuNotation } from './render.js';

type Generated = Omit<BenchCase, 'split'>;

const PLAN: Record<Split, { seed: number; sudoku: number; maze: number; arc: number; learned: number; several: number; lookalike: number }> = {
  tuning: { seed: 20_001, sudoku: 9, maze: 5, arc: 3, learned: 3, several: 12, lookalike: 8 },
  heldout: { seed: 90_001, sudoku: 5, maze: 3, arc: 2, learned: 2, several: 8, lookalike: 5 },
};

const SETTINGS = ['bare', 'intro', 'intro-outro', 'middle'] as const;
type Setting = (typeof SETTINGS)[number];

/** The grid set in prose. */
function place(grid: string, setting: Setting, prose: ProseSet, vars: Record<string, string>, rng: Rng): string {
  const intro = fill(rng.pick(prose.intro), vars);
  const outro = fill(rng.pick(prose.outro), vars);
  switch (setting) {
    case 'bare':
      return grid;
    case 'intro':
      return `${intro}${rng.int(3) === 0 ? '\n\n' : '\n'}${grid}`;
    case 'intro-outro':
      return `${intro}\n\n${grid}\n\n${outro}`.trim();
    case 'middle': {
      if (prose.middle.length === 0) return `${intro}\n${grid}\n${outro}`;
      const [before, after] = rng.pick(prose.middle).map((s) => fill(s, vars)) as [string, string];
      return grid.includes('\n') ? `${before}\n${grid}\n${after}` : `${before} ${grid} ${after}`;
    }
  }
}

// --- Sudoku -------------------------------------------------------------------------------------

const magictour = readFileSync(dataFile('sudoku', 'magictour_top1465.txt'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => /^[0-9.]{81}$/.test(l));

function sudokuPuzzle(rng: Rng): { size: SudokuSize; cells: number[] } {
  const size = rng.pick([9, 9, 9, 9, 6, 6, 4, 4, 4] as const);
  if (size === 9 && rng.int(4) === 0) {
    return { size, cells: [...rng.pick(magictour)].map((ch) => (ch === '.' ? 0 : Number(ch))) };
  }
  const givens = size === 9 ? 24 + rng.int(13) : size === 6 ? 12 + rng.int(9) : 5 + rng.int(5);
  return generateSudoku({ size, givens, seed: rng.int(1_000_000) }).puzzle;
}

function sudokuBlank(notation: SudokuNotation, rng: Rng): string {
  if (notation === 'json-2d') return rng.pick(['0', '0', 'null']);
  if (notation === 'json-row-strings' || notation === 'code-list') return rng.pick(['0', '.']);
  if (notation === 'rows-commas') return rng.pick(['0', '0', '.', '']);
  if (notation === 'markdown-table') return rng.pick(['.', '0', '']);
  return rng.pick(['.', '.', '0', '0', '_', '_', '*', '?']);
}

function sudokuCase(split: Split, notation: SudokuNotation, i: number, rng: Rng): Generated {
  const puzzle = sudokuPuzzle(rng);
  const blank = sudokuBlank(notation, rng);
  const grid = renderSudoku(puzzle, notation, blank === '' ? '' : blank, rng);
  const setting: Setting = notation === 'inline-prose' ? 'middle' : rng.pick(SETTINGS);
  const n = String(puzzle.size);
  return {
    id: `gen-${split}-sudoku-${notation}-${i}`,
    source: 'generated',
    label: `sudoku/${notation}`,
    detail: `size=${n} blank=${blank === '' ? 'empty' : blank} setting=${setting}`,
    expect: [{ task: 'sudoku', key: keyOf('sudoku', puzzle) }],
    text: place(grid, setting, proseFor(split, 'sudoku'), { n }, rng),
  };
}

// --- Maze ---------------------------------------------------------------------------------------

/** A generated maze; most people draw a wall around theirs (always, when open cells are spaces that prose would eat). */
function mazePuzzle(rng: Rng, border = rng.int(10) < 7): string[] {
  const rows = 5 + rng.int(14);
  const cols = 5 + rng.int(18);
  const cells = generateMaze({ rows, cols, seed: rng.int(1_000_000), minPathLength: Math.max(2, Math.floor((rows + cols) / 2)) }).puzzle.cells;
  if (!border) return cells;
  const wall = '#'.repeat(cols + 2);
  return [wall, ...cells.map((r) => `#${r}#`), wall];
}

/** Notations that may spell open cells as spaces at the start of a line. */
const SPACE_OPEN: readonly MazeNotation[] = ['ascii-spaces', 'block-walls', 'alt-letters', 'fence-tagged'];

function mazeCase(split: Split, notation: MazeNotation, i: number, rng: Rng): Generated {
  const cells = mazePuzzle(rng, SPACE_OPEN.includes(notation) || rng.int(10) < 6);
  const { text: grid, start, goal } = renderMaze(cells, notation, rng);
  const setting: Setting = notation === 'line-form' && rng.int(2) === 0 ? 'middle' : rng.pick(SETTINGS);
  return {
    id: `gen-${split}-maze-${notation}-${i}`,
    source: 'generated',
    label: `maze/${notation}`,
    detail: `size=${cells.length}x${cells[0]?.length ?? 0} letters=${start}${goal} setting=${setting}`,
    expect: [{ task: 'maze', key: keyOf('maze', cells) }],
    text: place(grid, setting, proseFor(split, 'maze'), { start, goal }, rng),
  };
}

// --- ARC ----------------------------------------------------------------------------------------

function arcPool(split: Split): { id: string; task: ArcTaskValue; outputs: Grid[] }[] {
  const set = split === 'tuning' ? 'training' : 'evaluation';
  const challenges = JSON.parse(readFileSync(dataFile('arc', `arc-agi-1_${set}_challenges.json`), 'utf8')) as Record<string, ArcTaskValue>;
  const solutions = JSON.parse(readFileSync(dataFile('arc', `arc-agi-1_${set}_solutions.json`), 'utf8')) as Record<string, Grid[]>;
  return Object.entries(challenges)
    .filter(([, task]) => JSON.stringify(task).length <= 1500)
    .map(([id, task]) => ({ id, task, outputs: solutions[id] ?? [] }));
}

function arcCase(split: Split, notation: (typeof ARC_NOTATIONS)[number], i: number, rng: Rng, pool: ReturnType<typeof arcPool>): Generated {
  const { id, task, outputs } = rng.pick(pool);
  const grid = renderArc(task, id, outputs, notation, rng);
  const setting: Setting = notation === 'json-in-prose' ? 'middle' : rng.pick(SETTINGS);
  return {
    id: `gen-${split}-arc-${notation}-${i}`,
    source: 'generated',
    label: `arc/${notation}`,
    detail: `task=${id} setting=${setting}`,
    expect: [{ task: 'arc', key: keyOf('arc', { train: task.train, test: task.test.map((t) => ({ input: t.input })) }) }],
    text: place(grid, setting, proseFor(split, 'arc'), {}, rng),
  };
}

// --- learned ------------------------------------------------------------------------------------

function learnedCase(split: Split, notation: (typeof LEARNED_NOTATIONS)[number], i: number, rng: Rng): Generated {
  const rows = 5 + rng.int(8);
  const cols = 5 + rng.int(8);
  const { input } = generateFillEnclosed({ rows, cols, seed: rng.int(1_000_000) });
  const grid = renderLearned(input, notation, rng);
  const setting: Setting = rng.pick(['intro', 'intro-outro', 'middle'] as const);
  const name = rng.int(3) === 0 ? BENCH_LEARNED_TASK.replace('-', rng.pick([' ', '_', '-'])) : BENCH_LEARNED_TASK;
  return {
    id: `gen-${split}-learned-${notation}-${i}`,
    source: 'generated',
    label: `learned/${notation}`,
    detail: `size=${rows}x${cols} setting=${setting}`,
    expect: [{ task: BENCH_LEARNED_TASK, key: keyOf(BENCH_LEARNED_TASK, input) }],
    text: place(grid, setting, proseFor(split, 'learned'), { task: name }, rng),
  };
}

// --- several grids in one message ---------------------------------------------------------------

const BLOCK_SUDOKU: SudokuNotation[] = ['rows-compact', 'rows-spaced', 'rows-boxed', 'json-row-strings', 'fence-tagged', 'line', 'markdown-table'];
const BLOCK_MAZE: MazeNotation[] = ['ascii-spaces', 'ascii-dots', 'fence-tagged', 'json-row-strings', 'block-walls'];

function severalCase(split: Split, i: number, rng: Rng): Generated {
  const count = 2 + rng.int(2);
  const parts: string[] = [];
  const expect: ExpectedGrid[] = [];
  const labels = rng.pick([
    ['Puzzle 1:', 'Puzzle 2:', 'Puzzle 3:'],
    ['First:', 'Second:', 'Third:'],
    ['1)', '2)', '3)'],
    ['This one:', 'and this one:', 'and finally:'],
  ]);
  for (let k = 0; k < count; k++) {
    if (rng.int(3) === 0) {
      const cells = mazePuzzle(rng, true);
      const { text } = renderMaze(cells, rng.pick(BLOCK_MAZE), rng);
      parts.push(`${labels[k] ?? ''}\n${text}`);
      expect.push({ task: 'maze', key: keyOf('maze', cells) });
    } else {
      const puzzle = sudokuPuzzle(rng);
      const notation = rng.pick(BLOCK_SUDOKU);
      parts.push(`${labels[k] ?? ''}\n${renderSudoku(puzzle, notation, sudokuBlank(notation, rng), rng)}`);
      expect.push({ task: 'sudoku', key: keyOf('sudoku', puzzle) });
    }
  }
  const prose = proseFor(split, 'several');
  const same = new Set(expect.map((e) => e.task)).size === 1;
  return {
    id: `gen-${split}-several-${i}`,
    source: 'generated',
    label: same ? 'several/same-task' : 'several/mixed-tasks',
    detail: `grids=${count}`,
    expect,
    text: `${rng.pick(prose.intro)}\n\n${parts.join('\n\n')}\n\n${rng.pick(prose.outro)}`,
  };
}

// --- the split ----------------------------------------------------------------------------------

export function buildSplit(split: Split): Generated[] {
  registerBenchTasks();
  const plan = PLAN[split];
  const rng = createRng(plan.seed);
  const cases: Generated[] = [];
  for (const notation of SUDOKU_NOTATIONS) for (let i = 0; i < plan.sudoku; i++) cases.push(sudokuCase(split, notation, i, rng));
  for (const notation of MAZE_NOTATIONS) for (let i = 0; i < plan.maze; i++) cases.push(mazeCase(split, notation, i, rng));
  const pool = arcPool(split);
  for (const notation of ARC_NOTATIONS) for (let i = 0; i < plan.arc; i++) cases.push(arcCase(split, notation, i, rng, pool));
  for (const notation of LEARNED_NOTATIONS) for (let i = 0; i < plan.learned; i++) cases.push(learnedCase(split, notation, i, rng));
  for (let i = 0; i < plan.several; i++) cases.push(severalCase(split, i, rng));
  for (const family of LOOKALIKE_FAMILIES) {
    for (let i = 0; i < plan.lookalike; i++) {
      cases.push({
        id: `gen-${split}-lookalike-${family}-${i}`,
        source: 'generated',
        label: `lookalike/${family}`,
        expect: [],
        text: makeLookalike(family, rng, split),
      });
    }
  }
  return cases;
}

if (process.argv[1]?.endsWith('build.ts')) {
  const splits = process.argv.slice(2) as Split[];
  for (const split of splits.length === 0 ? (['tuning'] as Split[]) : splits) {
    const cases = buildSplit(split);
    const file = join(BENCH_DIR, split, 'generated.jsonl');
    writeFileSync(file, cases.map((c) => JSON.stringify(c)).join('\n') + '\n');
    console.log(`${file}: ${cases.length} cases`);
  }
}
