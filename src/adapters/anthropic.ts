/**
 * The solver tools for the Anthropic SDK (`@anthropic-ai/sdk`): `tools` with `input_schema`,
 * `tool_use` blocks run and answered with `tool_result` blocks (`is_error` on failure), and the
 * tool-call loop. Subpath `trm-router/adapters/anthropic`.
 *
 * @example
 * import Anthropic from '@anthropic-ai/sdk';
 * import { runAnthropicToolLoop } from 'trm-router/adapters/anthropic';
 * const { text } = await runAnthropicToolLoop({
 *   client: new Anthropic(), model: 'claude-sonnet-4-5', maxTokens: 1024,
 *   messages: [{ role: 'user', content: 'Find the path: #####\n#S  #\n### #\n#G  #\n#####' }],
 * });
 */
import Anthropic from '@anthropic-ai/sdk';
import type {
  ContentBlock,
  ContentBlockParam,
  Message,
  MessageCreateParamsNonStreaming,
  MessageParam,
  Tool,
  ToolResultBlockParam,
  ToolUseBlock,
} from '@anthropic-ai/sdk/resources/messages/messages';
import { sdkError } from '../llm/sdk-errors.js';
import { strictJsonSchema, toolJsonSchema } from './json-schema.js';
import { loopError, runLoop } from './tool-loop.js';
import type { LoopDriver, LoopOptions, LoopResult, LoopToolCall } from './tool-loop.js';
import { toolContent } from './tool-result.js';
import { createTrmTools } from './tools.js';
import type { ExecuteOptions, TrmToolkit } from './tools.js';

export { createTrmTools } from './tools.js';
export type { TrmToolkit, TrmToolsOptions } from './tools.js';

export interface AnthropicToolOptions {
  /**
   * Strict tool use (default false): `strict: true` and the closed schema subset that strict
   * mode accepts (limits move into the descriptions; they are still enforced on execution).
   * Non-strict tools keep the full schema with its limits.
   */
  strict?: boolean;
}

/**
 * The `tools` of `messages.create`.
 *
 * @example
 * await client.messages.create({ model, max_tokens: 1024, messages, tools: anthropicTools() });
 */
export function anthropicTools(toolkit: TrmToolkit = createTrmTools(), options: AnthropicToolOptions = {}): Tool[] {
  return toolkit.tools.map((tool) => {
    const plain = toolJsonSchema(tool.inputSchema);
    const schema = options.strict === true ? strictJsonSchema(plain) : plain;
    return {
      name: tool.name,
      description: tool.description,
      input_schema: { ...schema, type: 'object' },
      ...(options.strict === true ? { strict: true } : {}),
    };
  });
}

/** A `tool_use` block as the loop sees it. */
export function anthropicToolCall(block: ToolUseBlock): LoopToolCall {
  return { id: block.id, name: block.name, arguments: block.input };
}

/**
 * Runs the `tool_use` blocks of an assistant message (concurrently) and returns the
 * `tool_result` blocks for the next user message. Never throws: failures are `is_error` results.
 *
 * @example
 * const results = await handleAnthropicToolUses(message.content);
 * messages.push({ role: 'assistant', content: message.content }, { role: 'user', content: results });
 */
export async function handleAnthropicToolUses(
  content: readonly ContentBlock[],
  toolkit: TrmToolkit = createTrmTools(),
  options: ExecuteOptions = {},
): Promise<ToolResultBlockParam[]> {
  const uses = content.filter((block): block is ToolUseBlock => block.type === 'tool_use');
  return Promise.all(
    uses.map(async (block) => {
      const outcome = await toolkit.execute(block.name, block.input, options);
      return { type: 'tool_result' as const, tool_use_id: block.id, content: toolContent(outcome), is_error: outcome.isError };
    }),
  );
}

export interface AnthropicToolLoopOptions extends LoopOptions<Message>, AnthropicToolOptions {
  client: Anthropic;
  model: string;
  messages: MessageParam[];
  /** `max_tokens` of each call (default 1024). */
  maxTokens?: number;
  system?: string;
  /** Other request parameters (temperature, tool_choice, thinking, ...). */
  request?: Omit<MessageCreateParamsNonStreaming, 'model' | 'messages' | 'tools' | 'max_tokens' | 'system' | 'stream'>;
}

/** What an SDK call threw, as a trm-router error (the providers' mapper). */
function wrapFor(client: Anthropic): (error: unknown) => Error {
  return (error) => sdkError('anthropic', error, Anthropic, { timeoutMs: client.timeout });
}

/**
 * The loop over the Messages API: multi-step, parallel `tool_use` blocks answered in one user
 * turn, `maxSteps`, `signal`. Errors: `ProviderError` (the SDK error as `cause`), `AbortedError`.
 *
 * @example
 * const result = await runAnthropicToolLoop({ client, model: 'claude-sonnet-4-5', messages, maxSteps: 4 });
 * console.log(result.text, result.usage);
 */
export async function runAnthropicToolLoop(
  options: AnthropicToolLoopOptions,
): Promise<LoopResult<Message, MessageParam> & { usage: { inputTokens: number; outputTokens: number } }> {
  const toolkit = options.toolkit ?? createTrmTools();
  const tools = anthropicTools(toolkit, options);
  const parallel = options.parallelToolCalls ?? true;
  const driver: LoopDriver<Message, MessageParam> = {
    async request(messages, signal) {
      try {
        return await options.client.messages.create(
          {
            ...options.request,
            model: options.model,
            max_tokens: options.maxTokens ?? 1024,
            messages,
            tools,
            ...(options.system === undefined ? {} : { system: options.system }),
            ...(parallel ? {} : { tool_choice: { type: 'auto', disable_parallel_tool_use: true } }),
          },
          signal === undefined ? {} : { signal },
        );
      } catch (error) {
        throw loopError(error, signal, wrapFor(options.client));
      }
    },
    toolCalls: (message) => message.content.filter((b): b is ToolUseBlock => b.type === 'tool_use').map(anthropicToolCall),
    text: (message) => message.content.map((b) => (b.type === 'text' ? b.text : '')).join(''),
    append(message, results) {
      const turn: MessageParam = { role: 'assistant', content: message.content as ContentBlockParam[] };
      if (results.length === 0) return [turn];
      const blocks: ToolResultBlockParam[] = results.map((r) => ({
        type: 'tool_result',
        tool_use_id: r.call.id,
        content: toolContent(r.outcome),
        is_error: r.outcome.isError,
      }));
      return [turn, { role: 'user', content: blocks }];
    },
  };
  const result = await runLoop(driver, options.messages, { ...options, toolkit });
  const usage = result.steps.reduce(
    (sum, s) => ({ inputTokens: sum.inputTokens + s.response.usage.input_tokens, outputTokens: sum.outputTokens + s.response.usage.output_tokens }),
    { inputTokens: 0, outputTokens: 0 },
  );
  return { ...result, usage };
}
