/**
 * How people write each task's grids: one renderer per notation family, from a puzzle the
 * generators made (or a task of data/arc) to the text of the grid alone. The prose around it
 * comes from `prose.ts`.
 */
import type { Rng } from '../../../src/core/random.js';

export type Grid = number[][];

// --- shared pieces ----------------------------------------------------------------------------

export function fence(body: string, tag: string): string {
  return `\`\`\`${tag}\n${body}\n\`\`\``;
}

function markdownTable(rows: string[][], rng: Rng, header: 'first-row' | 'labels' | 'empty'): string {
  const cols = rows[0]?.length ?? 0;
  const line = (cells: string[]) => `| ${cells.map((c) => (c === '' ? ' ' : c)).join(' | ')} |`;
  const rule = rng.int(2) === 0 ? `|${'---|'.repeat(cols)}` : `| ${Array.from({ length: cols }, () => '-').join(' | ')} |`;
  if (header === 'first-row') return [line(rows[0] ?? []), rule, ...rows.slice(1).map(line)].join('\n');
  const labels =
    header === 'labels'
      ? Array.from({ length: cols }, (_, i) => (rng.int(2) === 0 ? `c${i + 1}` : String.fromCharCode(65 + i)))
      : new Array<string>(cols).fill('');
  return [line(labels), rule, ...rows.map(line)].join('\n');
}

/** `[[1,2],[3,4]]` with each row on its own line. */
function prettyRows(rows: string[], indent = '  '): string {
  return `[\n${rows.map((r) => indent + r).join(',\n')}\n]`;
}

// --- Sudoku -------------------------------------------------------------------------------------

export const SUDOKU_NOTATIONS = [
  'line',
  'rows-compact',
  'rows-spaced',
  'rows-boxed',
  'rows-commas',
  'json-2d',
  'json-row-strings',
  'code-list',
  'markdown-table',
  'fence-tagged',
  'inline-prose',
] as const;
export type SudokuNotation = (typeof SUDOKU_NOTATIONS)[number];

export interface SudokuLike {
  size: number;
  cells: number[];
}

function sudokuRows(g: SudokuLike, blank: string): string[][] {
  return Array.from({ length: g.size }, (_, r) => g.cells.slice(r * g.size, (r + 1) * g.size).map((v) => (v === 0 ? blank : String(v))));
}

function boxDims(size: number): { rows: number; cols: number } {
  return size === 9 ? { rows: 3, cols: 3 } : size === 6 ? { rows: 2, cols: 3 } : { rows: 2, cols: 2 };
}

function boxed(g: SudokuLike, blank: string, rng: Rng): string {
  const box = boxDims(g.size);
  const outer = rng.int(3) === 0;
  const lines: string[] = [];
  const groupWidth = box.cols * 2 + 1;
  const rule = (corner: string) =>
    (outer ? corner : '') + Array.from({ length: g.size / box.cols }, () => '-'.repeat(groupWidth)).join(corner) + (outer ? corner : '');
  const rows = sudokuRows(g, blank);
  if (outer) lines.push(rule('+'));
  rows.forEach((row, r) => {
    if (r > 0 && r % box.rows === 0) lines.push(outer ? rule('+') : rule('+').replace(/^-|-$/g, ''));
    const groups = Array.from({ length: g.size / box.cols }, (_, k) => row.slice(k * box.cols, (k + 1) * box.cols).join(' '));
    lines.push(outer ? `| ${groups.join(' | ')} |` : groups.join(' | '));
  });
  if (outer) lines.push(rule('+'));
  return lines.join('\n');
}

/** The grid text of a Sudoku in `notation`, with `blank` for empty cells. */
export function renderSudoku(g: SudokuLike, notation: SudokuNotation, blank: string, rng: Rng): string {
  const rows = sudokuRows(g, blank);
  switch (notation) {
    case 'line':
    case 'inline-prose':
      return rows.map((r) => r.join('')).join('');
    case 'rows-compact':
      return rows.map((r) => r.join('')).join('\n');
    case 'rows-spaced':
      return rows.map((r) => r.join(' ')).join('\n');
    case 'rows-boxed':
      return boxed(g, blank, rng);
    case 'rows-commas':
      return rows.map((r) => r.join(rng.int(3) === 0 ? ', ' : ',')).join('\n');
    case 'json-2d': {
      const numbers = sudokuRows(g, blank === 'null' ? 'null' : '0').map((r) => `[${r.join(rng.int(2) === 0 ? ',' : ', ')}]`);
      return rng.int(2) === 0 ? `[${numbers.join(',')}]` : prettyRows(numbers);
    }
    case 'json-row-strings': {
      const strings = rows.map((r) => JSON.stringify(r.join('')));
      const body = rng.int(2) === 0 ? `[${strings.join(', ')}]` : prettyRows(strings);
      return rng.int(2) === 0 ? body : `${rng.pick(['rows', 'puzzle', 'grid', 'board'])} = ${body}`;
    }
    case 'code-list': {
      const style = rng.int(4);
      if (style === 0) {
        const lines = sudokuRows(g, '0').map((r) => `    [${r.join(', ')}],`);
        return fence(`${rng.pick(['board', 'grid', 'puzzle'])} = [\n${lines.join('\n')}\n]`, rng.pick(['python', 'py']));
      }
      if (style === 1) {
        const lines = rows.map((r) => `    '${r.join('')}',`);
        return fence(`rows = [\n${lines.join('\n')}\n]`, rng.pick(['python', 'py']));
      }
      if (style === 2) {
        const lines = sudokuRows(g, '0').map((r) => `  [${r.join(', ')}],`);
        return fence(`const board = [\n${lines.join('\n')}\n];`, rng.pick(['js', 'javascript', 'ts']));
      }
      const lines = sudokuRows(g, '0').map((r) => `    {${r.join(', ')}}`);
      return fence(`int grid[${g.size}][${g.size}] = {\n${lines.join(',\n')}\n};`, rng.pick(['c', 'cpp', 'java']));
    }
    case 'markdown-table':
      return markdownTable(sudokuRows(g, blank === '.' && rng.int(2) === 0 ? '' : blank), rng, rng.pick(['first-row', 'labels', 'empty'] as const));
    case 'fence-tagged': {
      const inner = rng.pick(['rows-compact', 'rows-spaced', 'rows-boxed'] as const);
      return fence(renderSudoku(g, inner, blank, rng), rng.pick(['text', 'txt', 'plaintext', 'sudoku', '']));
    }
  }
}

// --- Maze ---------------------------------------------------------------------------------------

export const MAZE_NOTATIONS = [
  'ascii-spaces',
  'ascii-dots',
  'block-walls',
  'alt-letters',
  'json-row-strings',
  'json-char-arrays',
  'line-form',
  'digits-01',
  'markdown-table',
  'fence-tagged',
] as const;
export type MazeNotation = (typeof MAZE_NOTATIONS)[number];

/** Start and goal letters people use. */
export const MAZE_LETTERS: readonly [string, string][] = [
  ['S', 'E'],
  ['A', 'B'],
  ['S', 'F'],
  ['S', 'X'],
];

/** A maze's rows (`#`, ` `, `S`, `G`) in another alphabet. */
export function mapMaze(cells: readonly string[], wall: string, open: string, start: string, goal: string): string[] {
  const map: Record<string, string> = { '#': wall, ' ': open, S: start, G: goal };
  return cells.map((row) => [...row].map((ch) => map[ch] ?? ch).join(''));
}

/** The grid text of a maze in `notation`, and the start and goal letters it uses. */
export function renderMaze(cells: readonly string[], notation: MazeNotation, rng: Rng): { text: string; start: string; goal: string } {
  const [start, goal] = notation === 'alt-letters' || (notation === 'digits-01' && rng.int(2) === 0) ? rng.pick(MAZE_LETTERS) : ['S', 'G'];
  const open = rng.int(2) === 0 ? ' ' : '.';
  const done = (text: string) => ({ text, start, goal });
  switch (notation) {
    case 'ascii-spaces':
      return done(mapMaze(cells, '#', ' ', 'S', 'G').join('\n'));
    case 'ascii-dots':
      return done(mapMaze(cells, '#', '.', 'S', 'G').join('\n'));
    case 'block-walls':
      return done(mapMaze(cells, '█', open, 'S', 'G').join('\n'));
    case 'alt-letters':
      return done(mapMaze(cells, '#', open, start, goal).join('\n'));
    case 'json-row-strings': {
      const rows = mapMaze(cells, '#', open, 'S', 'G').map((r) => JSON.stringify(r));
      return done(rng.int(2) === 0 ? `[${rows.join(', ')}]` : prettyRows(rows));
    }
    case 'json-char-arrays': {
      const rows = mapMaze(cells, '#', open, 'S', 'G').map((r) => `[${[...r].map((c) => JSON.stringify(c)).join(',')}]`);
      return done(prettyRows(rows));
    }
    case 'line-form':
      return done(mapMaze(cells, '#', '.', 'S', 'G').join('/'));
    case 'digits-01': {
      const rows = mapMaze(cells, '1', '0', start, goal);
      return done(rng.int(2) === 0 ? rows.join('\n') : rows.map((r) => [...r].join(' ')).join('\n'));
    }
    case 'markdown-table':
      return done(
        markdownTable(
          mapMaze(cells, '#', rng.int(2) === 0 ? ' ' : '.', 'S', 'G').map((r) => [...r].map((c) => (c === ' ' ? '' : c))),
          rng,
          rng.pick(['labels', 'empty'] as const),
        ),
      );
    case 'fence-tagged': {
      const wall = rng.int(4) === 0 ? '█' : '#';
      return done(fence(mapMaze(cells, wall, rng.int(2) === 0 ? ' ' : '.', 'S', 'G').join('\n'), rng.pick(['text', 'txt', 'maze', 'ascii', ''])));
    }
  }
}

// --- ARC ----------------------------------------------------------------------------------------

export const ARC_NOTATIONS = [
  'json-compact',
  'json-pretty',
  'json-fence',
  'extra-fields',
  'test-outputs',
  'kaggle-map',
  'python-dict',
  'js-object',
  'json-in-prose',
] as const;
export type ArcNotation = (typeof ARC_NOTATIONS)[number];

export interface ArcTaskValue {
  train: { input: Grid; output: Grid }[];
  test: { input: Grid; output?: Grid }[];
}

const gridJson = (g: Grid) => `[${g.map((row) => `[${row.join(',')}]`).join(',')}]`;
const gridPretty = (g: Grid, indent: string) => `[\n${g.map((row) => `${indent}  [${row.join(', ')}]`).join(',\n')}\n${indent}]`;

function prettyTask(task: Record<string, unknown>, quote: (k: string) => string, trailing: boolean): string {
  const comma = trailing ? ',' : '';
  const item = (pair: Record<string, unknown>) => {
    const fields = Object.entries(pair).map(([k, v]) => `      ${quote(k)}: ${Array.isArray(v) ? gridPretty(v as Grid, '      ') : JSON.stringify(v)}`);
    return `    {\n${fields.join(',\n')}${comma}\n    }`;
  };
  const entries = Object.entries(task).map(([k, v]) =>
    Array.isArray(v) ? `  ${quote(k)}: [\n${(v as Record<string, unknown>[]).map(item).join(',\n')}${comma}\n  ]` : `  ${quote(k)}: ${JSON.stringify(v)}`,
  );
  return `{\n${entries.join(',\n')}${comma}\n}`;
}

/** The text of an ARC task in `notation` (`id` and the test outputs for the notations that show them). */
export function renderArc(task: ArcTaskValue, id: string, outputs: Grid[] | undefined, notation: ArcNotation, rng: Rng): string {
  const plain = { train: task.train, test: task.test.map((t) => ({ input: t.input })) };
  switch (notation) {
    case 'json-compact':
    case 'json-in-prose':
      return JSON.stringify(plain);
    case 'json-pretty':
      return prettyTask(plain, (k) => JSON.stringify(k), false);
    case 'json-fence':
      return fence(rng.int(2) === 0 ? JSON.stringify(plain) : prettyTask(plain, (k) => JSON.stringify(k), false), rng.pick(['json', 'JSON', 'jsonc']));
    case 'extra-fields': {
      const extra: Record<string, unknown> = {
        id,
        ...(rng.int(2) === 0 ? { name: rng.pick(['recolour', 'mirror', 'fill', 'pattern', 'count']) } : {}),
        ...(rng.int(2) === 0 ? { source: rng.pick(['arc-agi-1', 'ARC training set', 'kaggle']) } : {}),
        ...(rng.int(2) === 0 ? { difficulty: rng.pick(['easy', 'medium', 'hard']) } : {}),
      };
      const train = task.train.map((p, i) => (i === 0 && rng.int(2) === 0 ? { ...p, note: 'first example' } : p));
      const value = rng.int(2) === 0 ? { ...extra, train, test: plain.test } : { train, test: plain.test, ...extra, metadata: { tags: ['grid'], version: 2 } };
      return rng.int(2) === 0 ? JSON.stringify(value) : prettyTask(value, (k) => JSON.stringify(k), false);
    }
    case 'test-outputs': {
      const value = { train: task.train, test: task.test.map((t, i) => ({ input: t.input, output: outputs?.[i] ?? t.input })) };
      return rng.int(2) === 0 ? JSON.stringify(value) : prettyTask(value, (k) => JSON.stringify(k), false);
    }
    case 'kaggle-map':
      return rng.int(2) === 0 ? JSON.stringify({ [id]: plain }) : `{\n${JSON.stringify(id)}: ${prettyTask(plain, (k) => JSON.stringify(k), false)}\n}`;
    case 'python-dict': {
      const py = (g: Grid) => `[${g.map((row) => `[${row.join(', ')}]`).join(', ')}]`;
      const pairs = task.train.map((p) => `{'input': ${py(p.input)}, 'output': ${py(p.output)}}`);
      const tests = plain.test.map((t) => `{'input': ${py(t.input)}}`);
      return `{'train': [${pairs.join(', ')}], 'test': [${tests.join(', ')}]}`;
    }
    case 'js-object':
      return fence(`const task = ${prettyTask(plain, (k) => k, true)};`, rng.pick(['js', 'javascript', 'ts']));
  }
}

export { gridJson };

// --- learned tasks ------------------------------------------------------------------------------

export const LEARNED_NOTATIONS = ['rows-compact', 'rows-spaced', 'rows-commas', 'json-2d', 'json-row-strings', 'markdown-table', 'fence-tagged'] as const;
export type LearnedNotation = (typeof LEARNED_NOTATIONS)[number];

/** The text of a learned task's input grid (colours 0..9) in `notation`. */
export function renderLearned(grid: Grid, notation: LearnedNotation, rng: Rng): string {
  switch (notation) {
    case 'rows-compact':
      return grid.map((r) => r.join('')).join('\n');
    case 'rows-spaced':
      return grid.map((r) => r.join(' ')).join('\n');
    case 'rows-commas':
      return grid.map((r) => r.join(',')).join('\n');
    case 'json-2d':
      return rng.int(2) === 0 ? gridJson(grid) : prettyRows(grid.map((r) => `[${r.join(', ')}]`));
    case 'json-row-strings':
      return prettyRows(grid.map((r) => JSON.stringify(r.join(''))));
    case 'markdown-table':
      return markdownTable(
        grid.map((r) => r.map(String)),
        rng,
        rng.pick(['labels', 'empty'] as const),
      );
    case 'fence-tagged':
      return fence(rng.int(2) === 0 ? grid.map((r) => r.join('')).join('\n') : grid.map((r) => r.join(' ')).join('\n'), rng.pick(['text', 'txt', 'grid', '']));
  }
}
