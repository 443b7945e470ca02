/**
 * The solver tools for the Vercel AI SDK (`ai`): `tool()` objects with the zod `inputSchema`,
 * for `generateText` / `streamText` / agents. The tool's output is the `ToolOutcome` (for
 * programs); the model reads its text rendering plus the JSON (`toModelOutput`), and a failed
 * solve reaches the model as an error result it can correct from. Subpath
 * `trm-router/adapters/ai-sdk`.
 *
 * @example
 * import { generateText, stepCountIs } from 'ai';
 * import { openai } from '@ai-sdk/openai';
 * import { aiSdkTools } from 'trm-router/adapters/ai-sdk';
 * const { text } = await generateText({
 *   model: openai('gpt-4.1-mini'), tools: aiSdkTools(), stopWhen: stepCountIs(4),
 *   prompt: 'Solve 53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79',
 * });
 */
import { tool } from 'ai';
import type { Tool } from 'ai';
import type { ToolOutcome } from './tool-result.js';
import { toolContent } from './tool-result.js';
import { createTrmTools } from './tools.js';
import type { TrmToolkit, TrmToolsOptions } from './tools.js';

export { createTrmTools } from './tools.js';
export type { TrmToolkit, TrmToolsOptions } from './tools.js';

/** The AI SDK tool set: one entry per offered tool, keyed by its name (`solve_sudoku`, ...). */
export type AiSdkTools = Record<string, Tool<Record<string, unknown>, ToolOutcome>>;

/**
 * The tools as an AI SDK `ToolSet`.
 *
 * @example
 * const tools = aiSdkTools({ solver: 'exact' });            // or aiSdkTools(existingToolkit)
 * await generateText({ model, tools, stopWhen: stepCountIs(4), prompt });
 */
export function aiSdkTools(options: TrmToolkit | TrmToolsOptions = {}): AiSdkTools {
  const toolkit = 'execute' in options ? options : createTrmTools(options);
  const set: AiSdkTools = {};
  for (const t of toolkit.tools) {
    set[t.name] = tool<Record<string, unknown>, ToolOutcome>({
      description: t.description,
      inputSchema: t.inputSchema,
      execute: (input, { abortSignal }) => toolkit.execute(t.name, input, abortSignal === undefined ? {} : { signal: abortSignal }),
      toModelOutput: ({ output }) => (output.isError ? { type: 'error-text', value: toolContent(output) } : { type: 'text', value: toolContent(output) }),
    });
  }
  return set;
}
