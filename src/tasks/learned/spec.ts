/**
 * The declaration of a learned task: a grid transformation known only by examples, declared
 * by data (a model's manifest, `trm-router learn`), never by code. Its token encoding is the
 * official ARC one generalised to any alphabet and canvas (see `encode.ts`).
 *
 * @example
 * learnedTaskSpecSchema.parse({
 *   name: 'fill-enclosed', description: 'Fills every region of background cells that walls enclose.',
 *   maxGrid: { rows: 14, cols: 14 }, alphabet: { colours: 3 }, sameSize: true, augmentations: ['dihedral'],
 * });
 */
import { z } from 'zod';

/** Largest grid side of any learned task (the official canvas). */
export const LEARNED_MAX_SIDE = 30;

const side = z.int().min(1).max(LEARNED_MAX_SIDE);

/** Characters of a symbol alphabet: one visible character each, distinct. */
const symbols = z
  .array(z.string().regex(/^\S$/u, { error: 'each symbol is one visible character (no spaces)' }))
  .min(2, { error: 'an alphabet has at least 2 symbols' })
  .max(30, { error: 'an alphabet has at most 30 symbols' })
  .refine((list) => new Set(list).size === list.length, { error: 'symbols must be distinct' });

export const learnedTaskSpecSchema = z.object({
  /** Lowercase letters, digits and hyphens; the tool is `solve_<name with _ for ->`. */
  name: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, { error: 'a task name is 2-40 characters: a lowercase letter, then lowercase letters, digits or -' }),
  /** One paragraph: what the transformation does (the tool description, the router's prompts). */
  description: z.string().trim().min(10, { error: 'describe the task in a sentence or more' }).max(2000),
  /** Largest input or output grid. */
  maxGrid: z.object({ rows: side, cols: side }),
  /** Integer colours 0..K-1, or characters (symbol i is colour i). */
  alphabet: z.union([z.object({ colours: z.int().min(2).max(10) }).strict(), z.object({ symbols }).strict()]),
  /** Whether the output always has the input's size. */
  sameSize: z.boolean(),
  /** Transformations that keep the task's meaning: the 8 dihedral ones; permutations of colours 1..K-1 (0 stays). */
  augmentations: z.array(z.enum(['dihedral', 'colours'])).refine((a) => new Set(a).size === a.length, { error: 'augmentations repeat' }),
});

export type LearnedTaskSpec = z.infer<typeof learnedTaskSpecSchema>;

/** The alphabet size K of a spec. */
export function alphabetSize(spec: LearnedTaskSpec): number {
  return 'colours' in spec.alphabet ? spec.alphabet.colours : spec.alphabet.symbols.length;
}

/** The square canvas side N of a spec: one more than its largest side for the EOS lines, at most 30. */
export function canvasSide(spec: LearnedTaskSpec): number {
  return Math.min(LEARNED_MAX_SIDE, Math.max(spec.maxGrid.rows, spec.maxGrid.cols) + 1);
}

/** The tool name of a learned task: `solve_` and the name with `_` for `-`. */
export function learnedToolName(name: string): string {
  return `solve_${name.replace(/-/g, '_')}`;
}
