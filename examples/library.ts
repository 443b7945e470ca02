/**
 * Plain library use: parse puzzles in any notation, solve them, and run the LLM tools by hand
 * (what every adapter does under the hood). Needs no LLM at all.
 *
 *   npx tsx examples/library.ts
 *
 * In your project import from the package instead of ../src:
 *   import { parseTask, getCodec, exactSolver } from 'trm-router';
 *   import { createTrmTools } from 'trm-router/adapters';
 */
import { readFile } from 'node:fs/promises';
import { exactSolver, getCodec, parseTask } from '../src/index.js';
import { createTrmTools } from '../src/adapters/index.js';

const here = (name: string) => new URL(`./puzzles/${name}`, import.meta.url);

// 1. The library: detect the task, parse, solve exactly, print.
const text = await readFile(here('sudoku-grid.txt'), 'utf8');
const parsed = parseTask(text); // the Sudoku sits inside prose: "Can you solve this one for me? ..."
const codec = getCodec(parsed.task); // the task's codec, from the registry
const { solution, verified, provenance } = await exactSolver(codec).solve(parsed.puzzle);
console.log(`library: ${parsed.task}, verified=${verified}, ${provenance.searchNodes} search nodes`);
console.log(codec.formatSolution(solution, parsed.puzzle));

// 2. The tools, as an LLM would call them: arguments in, a structured result or error out.
//    `solver: 'auto'` uses a TRM model shipped in the package (or in `modelDirs`) when one can
//    take the puzzle, exact search otherwise.
const toolkit = createTrmTools({ solver: 'auto' });
const maze = await readFile(here('maze.txt'), 'utf8');
const solved = await toolkit.execute('solve_maze', { maze });
console.log(`\ntool solve_maze -> ${solved.isError ? 'error' : 'ok'}`);
console.log(solved.text);

const wrong = await toolkit.execute('solve_sudoku', { puzzle: 'the one from the newspaper' });
console.log(`\ntool solve_sudoku with prose -> ${wrong.isError ? `error ${wrong.error.code}` : 'ok'}`);
console.log(wrong.text);
if (solved.isError || !wrong.isError) process.exitCode = 1;
