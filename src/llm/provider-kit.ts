/**
 * What the SDK-backed providers share: reading JSON the model wrote (tool arguments, structured
 * output), and the object wrapper for structured output whose schema is not an object (providers
 * require an object at the root). SDK errors map in `sdk-errors.ts`.
 */
import { z } from 'zod';
import { providerFailure } from './errors.js';
import type { JsonSchema } from './json-schema.js';
import { toJsonSchema } from './json-schema.js';
import type { LlmOutputSpec } from './spec.js';

/** The model's JSON (tool arguments, structured output); fenced JSON is unwrapped. */
export function parseModelJson(provider: string, text: string, what: string): unknown {
  const trimmed = text.trim();
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/.exec(trimmed);
  const body = fenced?.[1] ?? trimmed;
  if (body === '') return {};
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw providerFailure(provider, 'invalid_output', `${provider} returned ${what} that is not JSON: ${shorten(body)}`, error);
  }
}

function shorten(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** A structured-output request as providers send it: an object JSON Schema, and how to unwrap. */
export interface OutputSchema {
  name: string;
  description: string;
  jsonSchema: JsonSchema;
  /** The schema was not an object, so the answer sits under `value`. */
  wrapped: boolean;
}

export function outputSchema(output: LlmOutputSpec): OutputSchema {
  const schema = toJsonSchema(output.schema);
  const wrapped = schema.type !== 'object';
  return {
    name: output.name,
    description: output.description ?? `Answer with one JSON value: ${output.name}`,
    jsonSchema: wrapped ? toJsonSchema(z.object({ value: output.schema })) : schema,
    wrapped,
  };
}

/** Reads the value out of a (possibly wrapped) structured answer. */
export function unwrapOutput(spec: OutputSchema, value: unknown): unknown {
  if (!spec.wrapped) return value;
  return typeof value === 'object' && value !== null && 'value' in value ? value.value : value;
}
