/**
 * Structured output with a zod schema: the provider is asked for one JSON value of the schema
 * and the answer is validated; an answer that does not match is a `ProviderError`
 * (`reason: 'invalid_output'`, `details.issues`), never a guess.
 *
 * @example
 * const { object } = await generateObject(llm, {
 *   name: 'verdict',
 *   schema: z.object({ isPuzzle: z.boolean(), task: z.enum(['sudoku', 'maze', 'arc']).nullable() }),
 *   messages: [{ role: 'user', content: text }],
 * });
 */
import type { z } from 'zod';
import { providerFailure } from './errors.js';
import type { LlmRequest, LlmResponse } from './spec.js';
import type { LlmProvider } from './spec.js';

export interface GenerateObjectRequest<T> extends Omit<LlmRequest, 'output' | 'tools' | 'toolChoice'> {
  /** Identifier of the answer (`[a-zA-Z0-9_-]{1,64}`), sent to the provider. */
  name: string;
  description?: string;
  schema: z.ZodType<T>;
}

export interface GenerateObjectResult<T> {
  object: T;
  response: LlmResponse;
}

/**
 * One structured answer, validated.
 *
 * @example
 * const { object, response } = await generateObject(llm, { name: 'answer', schema: z.object({ n: z.int() }), messages });
 */
export async function generateObject<T>(provider: LlmProvider, request: GenerateObjectRequest<T>): Promise<GenerateObjectResult<T>> {
  const { name, description, schema, ...rest } = request;
  const response = await provider.generate({
    ...rest,
    output: { name, schema, ...(description === undefined ? {} : { description }) },
  });
  const parsed = schema.safeParse(response.object);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    const list = issues
      .slice(0, 5)
      .map((i) => `${i.path || '(root)'}: ${i.message}`)
      .join('; ');
    const error = providerFailure(
      response.provider,
      'invalid_output',
      `${response.provider} answered ${name} that does not match its schema: ${list}`,
      parsed.error,
    );
    error.details.issues = issues;
    error.details.usage = response.usage;
    throw error;
  }
  return { object: parsed.data, response };
}
