/**
 * The ARC task as the registry knows it: the codec plus mention words, the `solve_arc` tool,
 * boards, and how a TRM answers it the way the official evaluation does. An ARC checkpoint
 * knows tasks by puzzle identifier, one per (task, augmentation) it was trained on (names like
 * `007bbfb7|||t4|||0832597416`); every known augmentation of a test input is run under its own
 * identifier, mapped back through the inverse augmentation, and the candidates are voted on
 * (count, then mean halting confidence). A task the model was not trained on does not fit it.
 *
 * @example
 * import { arcTask } from 'trm-router/tasks/arc';
 * arcTask.trm.unfit(manifest, task); // null when the model knows task.id
 */
import { z } from 'zod';
import { InvalidInputError } from '../../core/errors.js';
import type { Board, TaskDefinition } from '../../core/task.js';
import { MAX_TOOL_TEXT } from '../common/routing-text.js';
import { augmentGrid, inverseAugmentGrid, parseAugmentationName } from './augment.js';
import type { ArcAugmentation } from './augment.js';
import { arc } from './codec.js';
import { decodeArcGrid, encodeArcGrid } from './encode.js';
import { ARC_EXAMPLES } from './examples.js';
import type { ArcGrid, ArcSolution, ArcTask } from './types.js';
import { voteArcCandidates } from './vote.js';

const MENTIONS = /\b(?:arc(?:-agi(?:-[12])?)?|abstraction and reasoning|train(?:ing)? pairs?|test input)\b/i;
const GRID_WORDS = /\b(?:input|output)s?\b[^.\n]{0,60}\b(?:grid|cells?|pixels?|colou?rs?)\b/i;

// --- the solve_arc tool -----------------------------------------------------------------------

const CELL_ERROR = 'an ARC colour is an integer 0..9';

const gridInput = z.union(
  [
    z
      .array(
        z
          .array(z.int({ error: CELL_ERROR }).min(0, { error: CELL_ERROR }).max(9, { error: CELL_ERROR }), {
            error: 'an ARC grid row is an array of colours 0..9',
          })
          .min(1, { error: 'an ARC grid row has at least 1 colour' })
          .max(30, { error: 'an ARC grid row has at most 30 colours' }),
      )
      .min(1, { error: 'an ARC grid has at least 1 row' })
      .max(30, { error: 'an ARC grid has at most 30 rows' }),
    z.string().min(1, { error: 'an ARC grid is empty' }).max(2000, { error: 'an ARC grid is at most 30x30' }),
  ],
  { error: 'an ARC grid is an array of rows of colours 0..9, or text with one row of digits per line' },
);

/**
 * Input of `solve_arc`: the demonstration pairs and the test inputs of one ARC task.
 *
 * @example
 * solveArcInput.parse({ train: [{ input: [[1]], output: [[2]] }], test: [{ input: [[1]] }], task_id: null });
 */
export const solveArcInput = z.object({
  train: z
    .array(z.object({ input: gridInput, output: gridInput }), { error: 'train must be an array of {input, output} pairs' })
    .min(1, { error: 'an ARC task needs at least one training pair' })
    .max(20, { error: 'an ARC task has at most 20 training pairs' })
    .describe('Demonstration pairs: each {input, output} is two grids'),
  test: z
    .array(z.object({ input: gridInput }), { error: 'test must be an array of {input} items' })
    .min(1, { error: 'an ARC task needs at least one test input' })
    .max(10, { error: 'an ARC task has at most 10 test inputs' })
    .describe('Test inputs whose outputs are wanted: [{input: grid}]'),
  task_id: z
    .string()
    .max(100, { error: 'task_id is an ARC task id such as "007bbfb7"' })
    .nullish()
    .describe('The ARC task id (e.g. "007bbfb7") if known, else null: a TRM model only solves tasks it was trained on'),
});
export type SolveArcInput = z.infer<typeof solveArcInput>;

/**
 * Reads an ARC grid written as text: one row per line (or rows separated by `|` or `;`); cells
 * separated by spaces or commas, or written as consecutive digits. JSON text works too.
 *
 * @example
 * arcGridFromText('0 7 7\n7 7 7\n0 7 7'); // [[0,7,7],[7,7,7],[0,7,7]]
 * arcGridFromText('077|777|077');         // the same
 */
export function arcGridFromText(text: string, field = 'grid'): ArcGrid {
  const trimmed = text.trim();
  if (trimmed.length > MAX_TOOL_TEXT) throw new InvalidInputError(`${field} is too long`, { field });
  if (trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed) as ArcGrid; // the ARC parser checks shape and colours
    } catch {
      throw new InvalidInputError(`${field} looks like JSON but does not parse; send an array of rows of colours 0..9`, { field });
    }
  }
  const rows = trimmed
    .split(/\r?\n|[|;]/)
    .map((row) => row.trim())
    .filter((row) => row !== '');
  return rows.map((row, r) => {
    const cells = /[\s,]/.test(row) ? row.split(/[\s,]+/).filter((c) => c !== '') : [...row];
    return cells.map((cell, c) => {
      if (!/^\d$/.test(cell)) {
        throw new InvalidInputError(`${field} row ${r + 1}, column ${c + 1} is "${cell}": ARC colours are the digits 0..9`, {
          field,
          position: { row: r, col: c },
        });
      }
      return Number(cell);
    });
  });
}

function arcValue(input: SolveArcInput): unknown {
  const grid = (value: ArcGrid | string, field: string): ArcGrid => (typeof value === 'string' ? arcGridFromText(value, field) : value);
  return {
    ...(input.task_id === undefined || input.task_id === null || input.task_id === '' ? {} : { id: input.task_id }),
    train: input.train.map((pair, i) => ({ input: grid(pair.input, `train.${i}.input`), output: grid(pair.output, `train.${i}.output`) })),
    test: input.test.map((item, i) => ({ input: grid(item.input, `test.${i}.input`) })),
  };
}

// --- which tasks a model knows ----------------------------------------------------------------

/**
 * Whether a manifest's puzzle identifiers include `taskId` (any augmentation of it).
 *
 * @example
 * identifiersKnow(['<blank>', '007bbfb7|||t4|||0832597416'], '007bbfb7'); // true
 */
export function identifiersKnow(identifiers: readonly string[] | undefined, taskId: string | undefined): boolean {
  if (identifiers === undefined || taskId === undefined) return false;
  return knownAugmentations(identifiers).has(taskId);
}

interface KnownAugmentation {
  id: number;
  aug: ArcAugmentation;
}

const knownCache = new WeakMap<readonly string[], Map<string, KnownAugmentation[]>>();

/** Task id -> its augmentations (identity first), from a model's identifiers. */
function knownAugmentations(identifiers: readonly string[]): Map<string, KnownAugmentation[]> {
  let byTask = knownCache.get(identifiers);
  if (byTask !== undefined) return byTask;
  byTask = new Map();
  identifiers.forEach((name, id) => {
    if (id === 0 || name === '<blank>') return;
    let parsed: ReturnType<typeof parseAugmentationName>;
    try {
      parsed = parseAugmentationName(name);
    } catch {
      return;
    }
    const list = byTask.get(parsed.taskId) ?? [];
    list.push({ id, aug: { tid: parsed.tid, perm: parsed.perm } });
    byTask.set(parsed.taskId, list);
  });
  const isIdentity = (aug: ArcAugmentation): boolean => aug.tid === 0 && aug.perm.every((c, i) => c === i);
  for (const list of byTask.values()) list.sort((a, b) => Number(isIdentity(b.aug)) - Number(isIdentity(a.aug)));
  knownCache.set(identifiers, byTask);
  return byTask;
}

/** The reply of the `solve-arc` prompt (checked further by the ARC verifier). */
export const arcReplySchema = z.object({ outputs: z.array(z.array(z.array(z.number()))) });

function arcBoard(grid: ArcGrid): Board {
  return { rows: grid.length, cols: grid[0]?.length ?? 0, style: 'colours', cells: grid.map((row) => row.map(String)) };
}

/**
 * The ARC task definition.
 *
 * @example
 * arcTask.tool.toPuzzle({ train: [{ input: '12', output: '21' }], test: [{ input: '34' }], task_id: null });
 */
export const arcTask: TaskDefinition<ArcTask, ArcSolution> = {
  name: arc.task,
  title: 'ARC task',
  notation: 'ARC task JSON',
  origin: 'builtin',
  codec: arc,
  verifiable: false,
  unverifiedLabel: 'not verifiable',
  cacheKey: (p) => `${arc.task}:${JSON.stringify({ train: p.train, test: p.test.map((t) => t.input) })}`,
  tool: {
    name: 'solve_arc',
    description:
      'Predict the test outputs of an ARC-AGI task from its demonstration pairs with a Tiny Recursive Model trained on ' +
      'ARC. Works only for tasks an installed model was trained on (give task_id); otherwise it says so and you should ' +
      'reason about the task yourself. ARC answers are not verifiable.',
    input: solveArcInput,
    hint: 'Call solve_arc again with {"train": [{"input": [[...]], "output": [[...]]}], "test": [{"input": [[...]]}], "task_id": null}: grids are 1..30 rows of 1..30 colours 0..9.',
    toPuzzle: (args) => arc.parse(arcValue(args as SolveArcInput)),
  },
  boards: {
    puzzle: (p) => p.test.map((t) => arcBoard(t.input)),
    answer: (_p, s) => s.map(arcBoard),
  },
  routing: {
    mentions: MENTIONS,
    describedInProse(text) {
      if (!MENTIONS.test(text) || !GRID_WORDS.test(text) || !/\btest\b/i.test(text)) return null;
      return { start: 0, end: text.length, confidence: 0.55, reason: 'ARC task described in prose (input/output grids in words)' };
    },
    ambiguousNeedsStructure: true,
  },
  trm: {
    unfit(model, task) {
      if (model.identifiers === undefined) return `ARC model ${model.name} has no identifiers: it cannot tell which tasks it knows`;
      if (!identifiersKnow(model.identifiers, task.id)) {
        return `model ${model.name} was not trained on ARC task ${task.id ?? '(no id: give the task as {"<id>": {train, test}})'}: teach it the task first (trm-router adapt --model DIR --task TASK.json) or ask an LLM`;
      }
      const side = model.canvas.rows;
      const large = task.test.findIndex((t) => t.input.length > side || (t.input[0]?.length ?? 0) > side);
      if (large < 0) return null;
      const input = (task.test[large] as ArcTask['test'][number]).input;
      return `model ${model.name} takes ARC grids up to ${side}x${side}; test input ${large} is ${input.length}x${input[0]?.length ?? 0}`;
    },
    parts: (task) => task.test.length,
    async solve(model, task, run, options) {
      const known = task.id === undefined || model.identifiers === undefined ? undefined : knownAugmentations(model.identifiers).get(task.id);
      if (known === undefined) throw new InvalidInputError(arcTask.trm.unfit(model, task) ?? 'unknown ARC task', { field: 'puzzle' });
      const augs = known.slice(0, options?.maxSamples ?? known.length);
      let steps = 0;
      const alternatives = await Promise.all(
        task.test.map(async (test) => {
          const candidates = await Promise.all(
            augs.map(async ({ id, aug }) => {
              const r = await run({ inputs: encodeArcGrid(augmentGrid(test.input, aug), model.canvas.rows), puzzleIdentifier: id }, options);
              steps = Math.max(steps, r.steps);
              const grid = decodeArcGrid(r.tokens);
              return { grid: grid.length === 0 ? grid : inverseAugmentGrid(grid, aug), qHalt: r.qHalt };
            }),
          );
          return voteArcCandidates(candidates);
        }),
      );
      const top = alternatives.map((ranked) => ranked[0]?.meanConfidence ?? 0);
      return {
        solution: alternatives.map((ranked) => ranked[0]?.grid ?? []),
        confidence: top.reduce((a, b) => a + b, 0) / Math.max(1, top.length),
        steps,
        samples: augs.length,
        alternatives,
      };
    },
  },
  llm: {
    prompt: 'solve-arc',
    replyName: 'arc_outputs',
    reply: arcReplySchema,
    variables: (task) => ({
      train: task.train.map((p, i) => `${i + 1}. input ${JSON.stringify(p.input)} -> output ${JSON.stringify(p.output)}`).join('\n'),
      test: task.test.map((t, i) => `${i + 1}. ${JSON.stringify(t.input)}`).join('\n'),
      count: String(task.test.length),
    }),
    solution: (reply) => (reply as z.infer<typeof arcReplySchema>).outputs,
  },
  examples: ARC_EXAMPLES,
};
