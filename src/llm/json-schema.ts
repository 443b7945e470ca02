/**
 * zod schema -> JSON Schema for tool parameters and structured output (zod 4's own converter,
 * draft-07, which every provider accepts), without the `$schema` key providers reject.
 *
 * @example
 * toJsonSchema(z.object({ task: z.enum(['sudoku', 'maze']) }));
 * // { type: 'object', properties: { task: { type: 'string', enum: [...] } }, required: ['task'], ... }
 */
import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

const cache = new WeakMap<z.ZodType, JsonSchema>();

export function toJsonSchema(schema: z.ZodType): JsonSchema {
  const hit = cache.get(schema);
  if (hit !== undefined) return hit;
  const converted = z.toJSONSchema(schema, { target: 'draft-7', unrepresentable: 'any', io: 'input' }) as JsonSchema;
  const { $schema: _ignored, ...rest } = converted;
  // Tool parameters must be an object schema; a non-object answer is wrapped by the caller.
  const result = rest.type === undefined && rest.properties !== undefined ? { type: 'object', ...rest } : rest;
  cache.set(schema, result);
  return result;
}
