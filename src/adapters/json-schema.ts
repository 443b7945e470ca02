/**
 * JSON Schemas of the tools, derived from their zod schemas: the plain one (draft-07, limits
 * kept; Anthropic, MCP) and the strict one for OpenAI strict function calling and Anthropic
 * strict tools. The strict form is the subset both accept: every object closed
 * (`additionalProperties: false`) with every property required (optional ones become
 * nullable), unions as `anyOf`, and no validation keywords (lengths, sizes, ranges, patterns):
 * those are written into the descriptions instead, and zod still enforces them on execution.
 *
 * @example
 * const strict = strictJsonSchema(toolJsonSchema(solveSudokuInput));
 * // { type: 'object', properties: { puzzle: { anyOf: [...] } }, required: ['puzzle'], additionalProperties: false }
 */
import type { z } from 'zod';
import { toJsonSchema } from '../llm/json-schema.js';
import type { JsonSchema } from '../llm/json-schema.js';

export type { JsonSchema };

/** The plain JSON Schema of a tool's input (draft-07, no `$schema`), object-rooted. */
export function toolJsonSchema(schema: z.ZodType): JsonSchema {
  return structuredClone(toJsonSchema(schema));
}

/** Keywords the strict subset keeps. */
export const STRICT_KEYWORDS = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'anyOf',
  'enum',
  'const',
  'description',
  'title',
  '$ref',
  '$defs',
]);

/** Validation keywords moved into the description, with how to say them. */
const CONSTRAINTS: Record<string, (value: unknown) => string> = {
  minLength: (v) => `at least ${String(v)} character${v === 1 ? '' : 's'}`,
  maxLength: (v) => `at most ${String(v)} characters`,
  minItems: (v) => `at least ${String(v)} item${v === 1 ? '' : 's'}`,
  maxItems: (v) => `at most ${String(v)} item${v === 1 ? '' : 's'}`,
  minimum: (v) => `minimum ${String(v)}`,
  maximum: (v) => `maximum ${String(v)}`,
  exclusiveMinimum: (v) => `greater than ${String(v)}`,
  exclusiveMaximum: (v) => `less than ${String(v)}`,
  multipleOf: (v) => `a multiple of ${String(v)}`,
  pattern: (v) => `matching /${String(v)}/`,
  format: (v) => `format ${String(v)}`,
  default: (v) => `default ${JSON.stringify(v)}`,
};

/**
 * The strict form of a plain tool schema (see the module comment). Pure: the input is not changed.
 *
 * @example
 * strictJsonSchema({ type: 'object', properties: { a: { type: 'string', maxLength: 5 } } });
 * // { type: 'object', properties: { a: { anyOf: [{ type: 'string', description: 'at most 5 characters' }, { type: 'null' }] } },
 * //   required: ['a'], additionalProperties: false }
 */
export function strictJsonSchema(schema: JsonSchema): JsonSchema {
  return strictNode(schema);
}

function isRecord(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strictNode(input: JsonSchema): JsonSchema {
  const node = splitTypeArray(input);
  const out: JsonSchema = {};
  const notes: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties' && isRecord(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isRecord(v) ? strictNode(v) : v]));
    } else if (key === 'items' && isRecord(value)) {
      out.items = strictNode(value);
    } else if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      out.anyOf = (value as unknown[]).map((v) => (isRecord(v) ? strictNode(v) : v));
    } else if ((key === '$defs' || key === 'definitions') && isRecord(value)) {
      out.$defs = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isRecord(v) ? strictNode(v) : v]));
    } else if (key === '$ref' && typeof value === 'string') {
      out.$ref = value.replace('#/definitions/', '#/$defs/');
    } else if (STRICT_KEYWORDS.has(key)) {
      out[key] = value;
    } else {
      const say = CONSTRAINTS[key];
      if (say !== undefined) notes.push(say(value));
      // anything else ($schema, $id, examples, ...) is dropped
    }
  }
  if (notes.length > 0) {
    const description = typeof out.description === 'string' && out.description !== '' ? `${out.description} ` : '';
    out.description = `${description}(${notes.join('; ')})`;
  }
  if (out.type === 'object' || out.properties !== undefined) {
    const properties = isRecord(out.properties) ? out.properties : {};
    const required = new Set(Array.isArray(out.required) ? (out.required as string[]) : []);
    out.properties = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, required.has(k) || !isRecord(v) ? v : nullable(v)]));
    out.required = Object.keys(properties);
    out.additionalProperties = false;
    out.type = 'object';
  }
  return out;
}

/** `{type: ['string', 'null'], ...}` -> `anyOf` of single types: accepted everywhere, strict or not. */
function splitTypeArray(node: JsonSchema): JsonSchema {
  if (!Array.isArray(node.type)) return node;
  const { type: types, description, ...rest } = node;
  return {
    anyOf: (types as unknown[]).map((t) => (t === 'null' ? { type: 'null' } : { ...rest, type: t })),
    ...(description === undefined ? {} : { description }),
  };
}

function acceptsNull(node: JsonSchema): boolean {
  if (node.type === 'null') return true;
  if (Array.isArray(node.type) && node.type.includes('null')) return true;
  return Array.isArray(node.anyOf) && node.anyOf.some((b) => isRecord(b) && acceptsNull(b));
}

/** An optional property made nullable (strict mode requires every property). */
function nullable(node: JsonSchema): JsonSchema {
  if (acceptsNull(node)) return node;
  const { description, ...rest } = node;
  return {
    anyOf: [rest, { type: 'null' }],
    ...(typeof description === 'string' ? { description: `${description} (null if not given)` } : {}),
  };
}
