/**
 * `verifyMaze`: a full-strength check that a path is a shortest 4-connected path from `S` to
 * `G` through open cells. Every problem names its cells.
 */
import type { Verification, VerifyProblem } from '../../core/spec.js';
import { bfsDistances, mazeGrid } from './grid.js';
import type { MazeCell, MazePuzzle, MazeSolution } from './types.js';
import { mazeSolutionSchema } from './types.js';

const SHOWN = 6;

function show(cells: readonly MazeCell[]): string {
  const listed = cells
    .slice(0, SHOWN)
    .map((c) => `(${c.row},${c.col})`)
    .join(', ');
  return cells.length > SHOWN ? `${listed} and ${cells.length - SHOWN} more` : listed;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Checks a candidate path. Problem kinds: `malformed` (not a `{ path: {row, col}[] }`),
 * `empty_path`, `wrong_start`, `wrong_end`, `out_of_bounds`, `wall`, `not_adjacent` (a step
 * that is not to a 4-neighbour; `cells` holds both ends), `repeated_cell`, and — only when the
 * path is otherwise a valid walk — `not_shortest`, whose `cells` are the detour: path cells
 * that lie on no shortest path or, if there are none, the cells where the path steps back
 * toward `S`. `strength` is always `full`. Never throws for a wrong solution; throws
 * `InvalidInputError` only for a malformed puzzle.
 *
 * @example
 * verifyMaze(puzzle, solveMaze(puzzle).solution); // { ok: true, strength: 'full', problems: [] }
 */
export function verifyMaze(puzzle: MazePuzzle, solution: MazeSolution): Verification {
  const grid = mazeGrid(puzzle);
  const checked = mazeSolutionSchema.safeParse(solution);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return {
      ok: false,
      strength: 'full',
      problems: [
        {
          kind: 'malformed',
          message: `The solution is not a list of {row, col} cells: ${issue?.message ?? 'invalid'} at \`${issue?.path.join('.') ?? ''}\``,
        },
      ],
    };
  }
  const { path } = checked.data;
  const first = path[0];
  const last = path[path.length - 1];
  if (first === undefined || last === undefined) {
    return { ok: false, strength: 'full', problems: [{ kind: 'empty_path', message: 'The path is empty', cells: [] }] };
  }
  const { rows, cols, open } = grid;
  const problems: VerifyProblem[] = [];
  const { start, goal } = puzzle;
  if (first.row !== start.row || first.col !== start.col) {
    problems.push({
      kind: 'wrong_start',
      message: `The path starts at (${first.row},${first.col}), not at S (${start.row},${start.col})`,
      cells: [first],
    });
  }
  if (last.row !== goal.row || last.col !== goal.col) {
    problems.push({
      kind: 'wrong_end',
      message: `The path ends at (${last.row},${last.col}), not at G (${goal.row},${goal.col})`,
      cells: [last],
    });
  }
  const outside: MazeCell[] = [];
  const walls: MazeCell[] = [];
  const repeated: MazeCell[] = [];
  const jumps: MazeCell[] = [];
  const jumpSteps: string[] = [];
  const seen = new Uint8Array(rows * cols);
  path.forEach((cell, i) => {
    const inside = cell.row < rows && cell.col < cols;
    if (!inside) outside.push(cell);
    else {
      const index = cell.row * cols + cell.col;
      if (open[index] === 0) walls.push(cell);
      if (seen[index] === 1) repeated.push(cell);
      seen[index] = 1;
    }
    const prev = path[i - 1];
    if (prev !== undefined && Math.abs(prev.row - cell.row) + Math.abs(prev.col - cell.col) !== 1) {
      jumps.push(prev, cell);
      jumpSteps.push(`(${prev.row},${prev.col})->(${cell.row},${cell.col})`);
    }
  });
  if (outside.length > 0) {
    problems.push({
      kind: 'out_of_bounds',
      message: `${plural(outside.length, 'path cell')} outside the ${rows}x${cols} maze: ${show(outside)}`,
      cells: outside,
    });
  }
  if (walls.length > 0) {
    problems.push({ kind: 'wall', message: `${plural(walls.length, 'path cell')} on a wall: ${show(walls)}`, cells: walls });
  }
  if (jumps.length > 0) {
    const listed = jumpSteps.slice(0, SHOWN).join(', ') + (jumpSteps.length > SHOWN ? ', ...' : '');
    problems.push({
      kind: 'not_adjacent',
      message: `${plural(jumpSteps.length, 'step')} not to a 4-neighbour: ${listed}`,
      cells: jumps,
    });
  }
  if (repeated.length > 0) {
    problems.push({
      kind: 'repeated_cell',
      message: `The path visits ${plural(repeated.length, 'cell')} more than once: ${show(repeated)}`,
      cells: repeated,
    });
  }
  if (problems.length === 0) {
    const fromStart = bfsDistances(grid, grid.start);
    const shortest = fromStart[grid.goal] as number;
    const steps = path.length - 1;
    if (steps > shortest) {
      const detour = detourCells(grid, path, fromStart, shortest);
      problems.push({
        kind: 'not_shortest',
        message: `The path takes ${steps} steps; the shortest takes ${shortest}. It detours at ${show(detour)}`,
        cells: detour,
      });
    }
  }
  return { ok: problems.length === 0, strength: 'full', problems };
}

function detourCells(grid: ReturnType<typeof mazeGrid>, path: readonly MazeCell[], fromStart: Int32Array, shortest: number): MazeCell[] {
  const toGoal = bfsDistances(grid, grid.goal);
  const at = (c: MazeCell): number => c.row * grid.cols + c.col;
  const off = path.filter((c) => (fromStart[at(c)] as number) + (toGoal[at(c)] as number) > shortest);
  if (off.length > 0) return off;
  return path.filter((c, i) => {
    const prev = path[i - 1];
    return prev !== undefined && (fromStart[at(c)] as number) <= (fromStart[at(prev)] as number);
  });
}
