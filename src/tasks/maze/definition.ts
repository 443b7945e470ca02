/**
 * The maze task as the registry knows it: the codec plus mention words, prose descriptions,
 * the `solve_maze` tool, boards and which models fit (a maze must fit the model's canvas).
 *
 * @example
 * import { mazeTask } from 'trm-router/tasks/maze';
 * mazeTask.tool.name; // 'solve_maze'
 */
import { z } from 'zod';
import type { Board, TaskDefinition } from '../../core/task.js';
import { describedBy, sentenceSpan, textInput } from '../common/routing-text.js';
import { mazeData } from './data.js';
import { maze, mazeOnCanvas } from './codec.js';
import { MAZE_CHARSET } from './encode.js';
import { MAZE_EXAMPLES } from './examples.js';
import { solvedMazeRows } from './format.js';
import type { MazePuzzle, MazeSolution } from './types.js';

const MENTIONS =
  /\b(?:maze|mazes|labyrinths?|path ?finding|shortest path|find (?:a|the) (?:path|way|route)|from s to g|start(?:ing)? (?:cell|point|square) .{0,40}goal)\b/i;

/** "(0, 3)" coordinates, "row 2 col 5" */
const COORDINATE = /\(\s*\d+\s*,\s*\d+\s*\)|\brow\s*\d+\s*,?\s*col(?:umn)?\s*\d+/gi;
const START_GOAL_WORDS = /\b(?:start|entrance|begin|goal|exit|finish|end)\b/i;
const WALL_WORDS = /\b(?:walls?|blocked|obstacles?|open cells?|passages?|corridors?)\b/i;

/**
 * Input of `solve_maze`.
 *
 * @example
 * solveMazeInput.parse({ maze: '#####\n#S  #\n### #\n#G  #\n#####' });
 */
export const solveMazeInput = z.object({
  maze: z
    .union(
      [
        textInput('maze'),
        z
          .array(z.string({ error: 'each maze row is a string such as "#S  #"' }).max(100, { error: 'a maze row has at most 30 cells' }), {
            error: 'maze rows must be strings',
          })
          .min(2, { error: 'a maze has at least 2 rows' })
          .max(30, { error: 'a maze has at most 30 rows (mazes are at most 30x30)' }),
      ],
      { error: 'maze must be the maze as text, or an array of row strings' },
    )
    .describe(
      "The maze, at most 30x30: '#' wall, ' ' or '.' open, 'S' start, 'G' goal (exactly one each). Either text " +
        '(rows separated by newlines) or an array of equally long row strings ["#####", "#S  #", ...].',
    ),
});
export type SolveMazeInput = z.infer<typeof solveMazeInput>;

function rowsBoard(rows: readonly string[]): Board {
  const cols = rows.reduce((m, r) => Math.max(m, r.length), 0);
  return { rows: rows.length, cols, style: 'chars', cells: rows.map((r) => Array.from({ length: cols }, (_, c) => r[c] ?? ' ')) };
}

/**
 * The maze task definition.
 *
 * @example
 * mazeTask.trm.unfit({ name: 'm', task: 'maze', canvas: { rows: 12, cols: 12 }, seqLen: 144, vocabSize: 6 }, maze.parse(text));
 */
export const mazeTask: TaskDefinition<MazePuzzle, MazeSolution> = {
  name: maze.task,
  title: 'Maze',
  notation: 'an ASCII maze (# walls, S start, G goal)',
  origin: 'builtin',
  codec: maze,
  verifiable: true,
  unverifiedLabel: 'NOT verified',
  cacheKey: (p) => `${maze.task}:${p.rows}x${p.cols}:${p.cells.join('/')}`,
  tool: {
    name: 'solve_maze',
    description: 'Find the shortest path through an ASCII maze (at most 30x30) from S to G. The path is drawn with o marks.',
    input: solveMazeInput,
    hint: 'Call solve_maze again with {"maze": ["#####", "#S  #", ...]}: equally long rows of # . S G, one S and one G, at most 30x30.',
    toPuzzle: (args) => maze.parse((args as SolveMazeInput).maze),
  },
  boards: {
    puzzle: (p) => [rowsBoard(p.cells)],
    answer: (p, s) => [rowsBoard(solvedMazeRows(p, s))],
    step(p, tokens, stride) {
      const cells = Array.from({ length: p.rows }, (_, r) => Array.from({ length: p.cols }, (_, c) => MAZE_CHARSET[(tokens[r * stride + c] ?? 0) - 1] ?? '?'));
      let verified: boolean;
      try {
        const codec = mazeOnCanvas({ rows: stride, cols: stride });
        const v = codec.verify(p, codec.decode(tokens, p));
        verified = v.ok && v.strength === 'full';
      } catch {
        verified = false; // tokens that do not decode to a path
      }
      return { board: { rows: p.rows, cols: p.cols, style: 'chars', cells }, verified };
    },
  },
  routing: {
    mentions: MENTIONS,
    describedInProse(text) {
      if (!MENTIONS.test(text)) return null;
      const coordinates = sentenceSpan(text, COORDINATE);
      if (coordinates.count < 2 || !START_GOAL_WORDS.test(text) || !WALL_WORDS.test(text)) return null;
      return describedBy(text, coordinates, 0.65, `maze described in prose: ${coordinates.count} coordinates, start/goal and walls`);
    },
    // a region the codec rejects was meant as a maze only if it has a start or a goal
    attempted: (region) => /[SG]/.test(region),
  },
  trm: {
    unfit(model, puzzle) {
      const side = model.canvas.rows;
      if (model.canvas.cols !== side) return `model ${model.name} has no square maze canvas`;
      return puzzle.rows <= side && puzzle.cols <= side
        ? null
        : `model ${model.name} takes mazes up to ${side}x${side}, this one is ${puzzle.rows}x${puzzle.cols}`;
    },
  },
  data: mazeData,
  examples: MAZE_EXAMPLES,
};
