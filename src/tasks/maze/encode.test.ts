import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dataFile } from '../../../test/support/paths.js';
import { InvalidInputError, NotSupportedError } from '../../core/errors.js';
import {
  canvasSide,
  decodeMaze,
  encodeMaze,
  encodeMazeSolution,
  MAZE_PATH_TOKEN,
  MAZE_TOKENS,
  mazeTokenSpec,
  mazeToTokens,
  readMarkedPath,
  tokensToGrid,
} from './encode.js';
import { solvedMazeRows } from './format.js';
import { generateMaze } from './generate.js';
import { parseMaze } from './parse.js';
import { solveMaze } from './solve.js';
import { verifyMaze } from './verify.js';

interface MazeVector {
  maze: string[];
  charset: string;
  tokens_of_first_row: number[];
}

const vectors = JSON.parse(readFileSync(dataFile('vectors', 'official-encodings.json'), 'utf8')) as {
  maze: MazeVector[];
};

describe('maze TRM encoding', () => {
  it('matches the official test vector', () => {
    for (const v of vectors.maze) {
      expect(v.charset).toBe('# SGo');
      const tokens = encodeMaze(parseMaze(v.maze));
      expect(tokens).toHaveLength(900);
      expect(Array.from(tokens.slice(0, v.tokens_of_first_row.length))).toEqual(v.tokens_of_first_row);
      expect(Array.from(mazeToTokens(v.maze).slice(0, 4))).toEqual(v.tokens_of_first_row);
    }
    expect(MAZE_TOKENS).toEqual({ seqLen: 900, vocabSize: 6, canvas: { rows: 30, cols: 30 } });
    expect(MAZE_PATH_TOKEN).toBe(5);
  });

  it('fills the canvas outside a small maze with walls and crops back', () => {
    const puzzle = parseMaze(['#S #', '# G#']);
    const tokens = encodeMaze(puzzle);
    expect(Array.from(tokens.slice(30, 34))).toEqual([1, 2, 4, 1]);
    expect(tokens[4]).toBe(1);
    expect(tokens[899]).toBe(1);
    expect(tokensToGrid(tokens, 2, 4)).toEqual(['#S #', '# G#']);
    expect(tokensToGrid(tokens)).toHaveLength(30);
  });

  it('encodes a 30x30 maze with no filler and round-trips the solved grid', () => {
    const { puzzle, solution } = generateMaze({ seed: 11 });
    const labels = encodeMazeSolution(puzzle, solution);
    expect(tokensToGrid(labels)).toEqual(solvedMazeRows(puzzle, solution));
    expect(labels.filter((t) => t === MAZE_PATH_TOKEN)).toHaveLength(solution.path.length - 2);
    expect(Array.from(encodeMaze(puzzle)).every((t) => t >= 1 && t <= 4)).toBe(true);
  });

  it('decode(encode of the solved grid) gives back the BFS path', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 3, max: 30 }), fc.integer({ min: 3, max: 30 }), (seed, rows, cols) => {
        const { puzzle, solution } = generateMaze({ seed, rows, cols, minPathLength: 2 });
        expect(decodeMaze(encodeMazeSolution(puzzle, solution), puzzle)).toEqual(solution);
      }),
      { numRuns: 60 },
    );
  });

  it('decodes broken marks honestly: the path stops where the marks stop', () => {
    const puzzle = parseMaze(['#####', '#S  #', '### #', '#G  #', '#####']);
    const { solution } = solveMaze(puzzle);
    const tokens = encodeMazeSolution(puzzle, solution);
    tokens[2 * 30 + 3] = 2; // erase the mark at (2,3)
    const read = readMarkedPath(tokens, puzzle);
    expect(read.reachedGoal).toBe(false);
    expect(read.path).toEqual(solution.path.slice(0, 3));
    expect(read.unusedMarks).toBe(2);
    const v = verifyMaze(puzzle, decodeMaze(tokens, puzzle));
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => p.kind)).toContain('wrong_end');
  });

  it('follows marks over a wall so that verify reports the wall', () => {
    const puzzle = parseMaze(['#####', '#S  #', '### #', '#G  #', '#####']);
    const tokens = encodeMaze(puzzle);
    tokens[2 * 30 + 1] = MAZE_PATH_TOKEN; // a mark on the wall between S and G
    const path = decodeMaze(tokens, puzzle).path;
    expect(path).toEqual([
      { row: 1, col: 1 },
      { row: 2, col: 1 },
      { row: 3, col: 1 },
    ]);
    expect(verifyMaze(puzzle, { path }).problems.map((p) => p.kind)).toEqual(['wall']);
  });

  it('returns just S when nothing is marked, and never invents cells', () => {
    const puzzle = parseMaze(['S  ', '  G']);
    expect(decodeMaze(encodeMaze(puzzle), puzzle).path).toEqual([{ row: 0, col: 0 }]);
  });

  it('rejects token arrays of the wrong length and unknown characters', () => {
    const puzzle = parseMaze(['SG', '##']);
    expect(() => decodeMaze(new Int32Array(80), puzzle)).toThrow(InvalidInputError);
    expect(() => decodeMaze(new Int32Array(31 * 31), puzzle)).toThrow(InvalidInputError);
    expect(() => decodeMaze(new Int32Array(1), puzzle)).toThrow(InvalidInputError);
    expect(() => mazeToTokens(['S?'])).toThrow(/"\?"/);
  });
});

describe('maze encoding on a smaller canvas', () => {
  const generated = generateMaze({ rows: 9, cols: 11, seed: 3 });

  it('places the maze at the top-left of an N x N canvas, walls around it, and decodes it back', () => {
    const tokens = encodeMaze(generated.puzzle, 12);
    expect(tokens).toHaveLength(144);
    expect(mazeTokenSpec(12)).toEqual({ seqLen: 144, vocabSize: 6, canvas: { rows: 12, cols: 12 } });
    expect(tokensToGrid(tokens, 9, 11)).toEqual(generated.puzzle.cells);
    expect(tokensToGrid(tokens)[11]).toBe('#'.repeat(12));
    expect(canvasSide(tokens)).toBe(12);
    const label = encodeMazeSolution(generated.puzzle, generated.solution, 12);
    const decoded = decodeMaze(label, generated.puzzle);
    expect(verifyMaze(generated.puzzle, decoded).ok).toBe(true);
    expect(decoded.path).toEqual(generated.solution.path);
    // the same tokens as the 30x30 canvas, row by row
    const full = encodeMaze(generated.puzzle);
    for (let r = 0; r < 12; r++) {
      expect(Array.from(tokens.subarray(r * 12, r * 12 + 12))).toEqual(Array.from(full.subarray(r * 30, r * 30 + 12)));
    }
  });

  it('refuses a maze larger than the canvas (not supported) and a canvas outside 2..30 (invalid)', () => {
    expect(() => encodeMaze(generated.puzzle, 10)).toThrow(NotSupportedError);
    expect(() => encodeMaze(generated.puzzle, 10)).toThrow(/9x11 maze does not fit the 10x10/);
    expect(() => decodeMaze(new Int32Array(100), generated.puzzle)).toThrow(/does not fit the 10x10/);
    expect(() => mazeTokenSpec(31)).toThrow(InvalidInputError);
    expect(() => mazeTokenSpec(1)).toThrow(InvalidInputError);
  });
});
