/**
 * `npm run bench`: speed of the exact solvers, printed as a table.
 * Sudoku: the hard magictour_top1465 set and generated 30-given puzzles; maze: BFS on 30x30.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { sharedData } from '../support/paths.js';
import { generateMaze, solveMaze } from '../../src/tasks/maze/index.js';
import { generateSudoku, solveSudoku, sudoku } from '../../src/tasks/sudoku/index.js';
import { measure, printTable } from './table.js';
import type { BenchRow } from './table.js';

const rows: BenchRow[] = [];

const magictour = readFileSync(sharedData('sudoku', 'magictour_top1465.txt'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'))
  .map((l) => sudoku.parse(l));
for (const p of magictour.slice(0, 50)) solveSudoku(p); // warm-up
let nodes = 0;
rows.push(
  measure('sudoku exact, magictour_top1465', magictour.length, (i) => {
    nodes += solveSudoku(magictour[i]!).stats.nodes;
    return `mean ${(nodes / (i + 1)).toFixed(0)} nodes`;
  }),
);

const generated = Array.from({ length: 300 }, (_, i) => generateSudoku({ givens: 30, seed: 1000 + i }).puzzle);
nodes = 0;
rows.push(
  measure('sudoku exact, generated 30 givens', generated.length, (i) => {
    nodes += solveSudoku(generated[i]!).stats.nodes;
    return `mean ${(nodes / (i + 1)).toFixed(0)} nodes`;
  }),
);

rows.push(
  measure('sudoku generate, 30 givens (unique)', 50, (i) => {
    generateSudoku({ givens: 30, seed: 5000 + i });
  }),
);

const mazes = Array.from({ length: 200 }, (_, i) => generateMaze({ rows: 30, cols: 30, minPathLength: 110, seed: 2000 + i }).puzzle);
for (const m of mazes.slice(0, 20)) solveMaze(m);
let pathTotal = 0;
rows.push(
  measure('maze BFS, 30x30 (path >= 110)', mazes.length, (i) => {
    pathTotal += solveMaze(mazes[i]!).solution.path.length - 1;
    return `mean path ${(pathTotal / (i + 1)).toFixed(0)}`;
  }),
);

rows.push(
  measure('maze generate, 30x30 (path >= 110)', 50, (i) => {
    generateMaze({ rows: 30, cols: 30, minPathLength: 110, seed: 9000 + i });
  }),
);

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`trm-router bench — node ${process.version}, ${cpus().length} x ${cpu}\n`);
console.log(printTable(rows));
