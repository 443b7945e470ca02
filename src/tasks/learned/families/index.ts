/**
 * Example families of learned tasks: generators whose pairs `trm-router data NAME` writes and
 * `trm-router learn` teaches (the README's walk-through; the shipped learned model). A family is
 * data for a learned task, never a solver the toolkit uses.
 *
 * @example
 * const family = getDataFamily('fill-enclosed');
 * const pair = family.generate({ rows: 10, cols: 12, seed: 1 });
 */
import { InvalidInputError } from '../../../core/errors.js';
import type { DataFamily } from './family.js';
import { fillEnclosedSpec, generateFillEnclosed } from './fill-enclosed.js';

const FAMILIES: readonly DataFamily[] = [
  {
    name: 'fill-enclosed',
    summary: 'fill every background area that walls enclose with colour 4 (ARC 00d62c1b, any size)',
    sides: { min: 3, max: 30 },
    spec: fillEnclosedSpec,
    generate: generateFillEnclosed,
  },
];

/** Every example family, by name. */
export function listDataFamilies(): readonly DataFamily[] {
  return FAMILIES;
}

export function getDataFamily(name: string): DataFamily {
  const family = FAMILIES.find((f) => f.name === name);
  if (family === undefined) {
    throw new InvalidInputError(`No data family ${JSON.stringify(name)}: known families are ${FAMILIES.map((f) => f.name).join(', ')}`, { field: 'family' });
  }
  return family;
}

export type { DataFamily } from './family.js';
export { fillEnclosed, fillEnclosedSpec, generateFillEnclosed } from './fill-enclosed.js';
export * from './build.js';
