/**
 * The maze puzzle and solution types, their zod schemas, and the limits shared by the maze
 * task: a rectangular grid of walls `#`, open cells ` `, one start `S` and one goal `G`,
 * at most 30x30 (the TRM canvas).
 */
import { z } from 'zod';

/** Smallest number of rows or columns a maze may have. */
export const MAZE_MIN_SIDE = 2;
/** Largest number of rows or columns a maze may have (the official 30x30 TRM canvas). */
export const MAZE_MAX_SIDE = 30;

/** Cell characters of a normalised puzzle. */
export const WALL = '#';
export const OPEN = ' ';
export const START = 'S';
export const GOAL = 'G';
/** Path mark of a solved maze (the official Maze-Hard notation); never part of a puzzle. */
export const PATH_MARK = 'o';
/** Open-cell spelling accepted on input and used by the single-line format. */
export const OPEN_DOT = '.';

/** A zero-based cell of the maze. */
export interface MazeCell {
  row: number;
  col: number;
}

/**
 * A parsed maze. `cells` holds one string per row using only `#`, ` `, `S` and `G`
 * (input `.` and `o` are normalised to ` `).
 *
 * @example
 * const puzzle: MazePuzzle = {
 *   rows: 2, cols: 4, cells: ['#S #', '# G#'], start: { row: 0, col: 1 }, goal: { row: 1, col: 2 },
 * };
 */
export interface MazePuzzle {
  rows: number;
  cols: number;
  cells: string[];
  start: MazeCell;
  goal: MazeCell;
}

/**
 * A path from `S` to `G`, both included, each step to a 4-neighbour.
 *
 * @example
 * const solution: MazeSolution = { path: [{ row: 0, col: 1 }, { row: 0, col: 2 }, { row: 1, col: 2 }] };
 */
export interface MazeSolution {
  path: MazeCell[];
}

const sideSchema = z.number().int().min(MAZE_MIN_SIDE).max(MAZE_MAX_SIDE);

/** A zero-based cell, as JSON. */
export const mazeCellSchema = z
  .object({
    row: z.number().int().min(0).describe('Zero-based row'),
    col: z.number().int().min(0).describe('Zero-based column'),
  })
  .describe('A zero-based maze cell');

function sameCell(a: MazeCell, b: MazeCell): boolean {
  return a.row === b.row && a.col === b.col;
}

/**
 * zod schema of `MazePuzzle`, including the consistency checks (row count and widths, exactly
 * one `S` at `start` and one `G` at `goal`).
 *
 * @example
 * mazePuzzleSchema.parse({ rows: 2, cols: 2, cells: ['SG', '##'], start: { row: 0, col: 0 }, goal: { row: 0, col: 1 } });
 */
export const mazePuzzleSchema: z.ZodType<MazePuzzle> = z
  .object({
    rows: sideSchema.describe('Number of rows (2..30)'),
    cols: sideSchema.describe('Number of columns (2..30)'),
    cells: z
      .array(z.string().regex(/^[# SG]*$/, "cells use only '#', ' ', 'S' and 'G'"))
      .min(MAZE_MIN_SIDE)
      .max(MAZE_MAX_SIDE)
      .describe("One string per row: '#' wall, ' ' open, 'S' start, 'G' goal"),
    start: mazeCellSchema.describe("Position of 'S'"),
    goal: mazeCellSchema.describe("Position of 'G'"),
  })
  .superRefine((maze, ctx) => {
    if (maze.cells.length !== maze.rows) {
      ctx.addIssue({ code: 'custom', path: ['cells'], message: `expected ${maze.rows} rows, got ${maze.cells.length}` });
      return;
    }
    const starts: MazeCell[] = [];
    const goals: MazeCell[] = [];
    maze.cells.forEach((line, row) => {
      if (line.length !== maze.cols) {
        ctx.addIssue({
          code: 'custom',
          path: ['cells', row],
          message: `row ${row} has ${line.length} columns, expected ${maze.cols}`,
        });
      }
      for (let col = 0; col < line.length; col++) {
        if (line[col] === START) starts.push({ row, col });
        else if (line[col] === GOAL) goals.push({ row, col });
      }
    });
    if (starts.length !== 1 || !sameCell(starts[0] ?? { row: -1, col: -1 }, maze.start)) {
      ctx.addIssue({ code: 'custom', path: ['start'], message: "exactly one 'S', at `start`, is required" });
    }
    if (goals.length !== 1 || !sameCell(goals[0] ?? { row: -1, col: -1 }, maze.goal)) {
      ctx.addIssue({ code: 'custom', path: ['goal'], message: "exactly one 'G', at `goal`, is required" });
    }
  })
  .describe('A rectangular ASCII maze (at most 30x30) with one start S and one goal G');

/**
 * zod schema of `MazeSolution`. Well-formedness only: `verify` decides whether it is correct.
 *
 * @example
 * mazeSolutionSchema.parse({ path: [{ row: 0, col: 0 }, { row: 0, col: 1 }] });
 */
export const mazeSolutionSchema: z.ZodType<MazeSolution> = z
  .object({
    path: z.array(mazeCellSchema).describe('Cells from S to G inclusive, each a 4-neighbour of the previous one'),
  })
  .describe('A shortest path through the maze');
