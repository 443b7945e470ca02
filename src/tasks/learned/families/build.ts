/**
 * Data files of an example family: `count` input/output pairs with sides drawn uniformly in
 * `sides`, reproducible by seed, one JSON line each (`{"input": grid, "output": grid}`, the
 * format `trm-router learn` reads). `exclude` keeps out every pair whose input equals, up to the
 * 8 dihedral transforms, an input of another file (a held-out set stays unseen by a model
 * trained with dihedral augmentation).
 *
 * @example
 * const lines = buildFamilyPairs(getDataFamily('fill-enclosed'), { count: 100, sides: { min: 5, max: 12 }, seed: 1 });
 */
import { InvalidInputError } from '../../../core/errors.js';
import { createRng } from '../../../core/random.js';
import type { Grid } from '../../../core/spec.js';
import type { DataFamily } from './family.js';

export interface FamilyDataOptions {
  count: number;
  /** Grid sides (rows and columns drawn independently) in min..max. */
  sides: { min: number; max: number };
  seed: number;
  /** Keys (`gridKey`) of inputs that must not appear. */
  exclude?: ReadonlySet<string>;
}

/** The 8 dihedral images of a grid (rotations and reflections). */
function dihedralImages(grid: Grid): Grid[] {
  const rot = (g: Grid): Grid => (g[0] ?? []).map((_, c) => g.map((row) => row[c] as number).reverse());
  const flip = (g: Grid): Grid => g.map((row) => [...row].reverse());
  const out: Grid[] = [];
  let g = grid;
  for (let i = 0; i < 4; i++) {
    out.push(g, flip(g));
    g = rot(g);
  }
  return out;
}

/**
 * A key equal for a grid and its 8 dihedral images.
 *
 * @example
 * gridKey([[1, 2]]) === gridKey([[2], [1]]); // true
 */
export function gridKey(grid: Grid): string {
  return dihedralImages(grid)
    .map((g) => g.map((row) => row.join(',')).join('/'))
    .sort()[0] as string;
}

/** The pairs as JSON lines. Throws `InvalidInputError` for sides the family cannot draw. */
export function buildFamilyPairs(family: DataFamily, options: FamilyDataOptions): string[] {
  const { min, max } = options.sides;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < family.sides.min || max > family.sides.max || min > max) {
    throw new InvalidInputError(`${family.name} draws sides ${family.sides.min}..${family.sides.max}; got ${min}..${max}`, { field: '--size' });
  }
  const rng = createRng(options.seed);
  const seen = new Set<string>(options.exclude ?? []);
  const lines: string[] = [];
  let attempts = 0;
  while (lines.length < options.count) {
    if (++attempts > options.count * 20 + 1000) {
      throw new InvalidInputError(`Only ${lines.length} of ${options.count} distinct ${family.name} pairs found: widen --size or lower --count`, {
        field: '--count',
      });
    }
    const rows = min + rng.int(max - min + 1);
    const cols = min + rng.int(max - min + 1);
    const pair = family.generate({ rows, cols, seed: rng.int(2 ** 31) });
    const key = gridKey(pair.input);
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(JSON.stringify({ input: pair.input, output: pair.output }));
  }
  return lines;
}

/** The `gridKey`s of the inputs of a pairs file's text (lines that are not pairs are skipped). */
export function inputKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    try {
      const value = JSON.parse(line) as { input?: unknown };
      if (Array.isArray(value.input)) keys.add(gridKey(value.input as Grid));
    } catch {
      // not a pair
    }
  }
  return keys;
}
