/**
 * Tool-call loops on an OpenAI SDK client: chat completions (`runOpenAIToolLoop`) and the
 * Responses API (`runOpenAIResponsesToolLoop`, stateless: the whole input is sent each step).
 * Any OpenAI-compatible server works through the client's `baseURL`.
 *
 * @example
 * const client = new OpenAI({ baseURL: 'http://127.0.0.1:11434/v1', apiKey: 'ollama' });
 * const { text, steps } = await runOpenAIToolLoop({ client, model: 'qwen2.5', messages, maxSteps: 4 });
 */
import OpenAI from 'openai';
import type { ChatCompletion, ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { Response, ResponseCreateParamsNonStreaming, ResponseFunctionToolCall, ResponseInputItem } from 'openai/resources/responses/responses';
import { sdkError } from '../llm/sdk-errors.js';
import { chatToolCall, openaiChatTools, openaiResponsesTools, responsesToolCall } from './openai-tools.js';
import type { OpenAIToolOptions } from './openai-tools.js';
import { loopError, runLoop } from './tool-loop.js';
import type { LoopDriver, LoopOptions, LoopResult } from './tool-loop.js';
import { toolContent } from './tool-result.js';
import { createTrmTools } from './tools.js';

/** Token counts summed over the loop's model calls. */
export interface LoopUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface OpenAIToolLoopOptions extends LoopOptions<ChatCompletion>, OpenAIToolOptions {
  client: OpenAI;
  model: string;
  messages: ChatCompletionMessageParam[];
  /** Other request parameters (temperature, max_completion_tokens, tool_choice, ...). */
  request?: Omit<ChatCompletionCreateParamsNonStreaming, 'model' | 'messages' | 'tools' | 'stream'>;
}

export interface OpenAIResponsesToolLoopOptions extends LoopOptions<Response>, OpenAIToolOptions {
  client: OpenAI;
  model: string;
  /** The input: a user message as text, or input items. */
  input: string | ResponseInputItem[];
  instructions?: string;
  /** Other request parameters (temperature, max_output_tokens, reasoning, ...). */
  request?: Omit<ResponseCreateParamsNonStreaming, 'model' | 'input' | 'tools' | 'stream' | 'instructions'>;
}

/** What an SDK call threw, as a trm-router error (the providers' mapper). */
function wrapFor(client: OpenAI): (error: unknown) => Error {
  return (error) => sdkError('openai', error, OpenAI, { timeoutMs: client.timeout });
}

/**
 * The loop over chat completions: multi-step, parallel tool calls, `maxSteps`, `signal`.
 * Errors: `ProviderError` (HTTP status and the SDK error as `cause`), `AbortedError`.
 *
 * @example
 * const result = await runOpenAIToolLoop({ client, model: 'gpt-4.1-mini', messages, maxSteps: 4 });
 * console.log(result.text, result.finishReason, result.usage);
 */
export async function runOpenAIToolLoop(
  options: OpenAIToolLoopOptions,
): Promise<LoopResult<ChatCompletion, ChatCompletionMessageParam> & { usage: LoopUsage }> {
  const toolkit = options.toolkit ?? createTrmTools();
  const tools = openaiChatTools(toolkit, options);
  const parallel = options.parallelToolCalls ?? true;
  const driver: LoopDriver<ChatCompletion, ChatCompletionMessageParam> = {
    async request(messages, signal) {
      try {
        return await options.client.chat.completions.create(
          { ...options.request, model: options.model, messages, tools, parallel_tool_calls: parallel },
          signal === undefined ? {} : { signal },
        );
      } catch (error) {
        throw loopError(error, signal, wrapFor(options.client));
      }
    },
    toolCalls: (completion) => (completion.choices[0]?.message.tool_calls ?? []).map(chatToolCall),
    text: (completion) => completion.choices[0]?.message.content ?? '',
    append(completion, results) {
      const message = completion.choices[0]?.message;
      const calls = message?.tool_calls ?? [];
      return [
        { role: 'assistant', content: message?.content ?? null, ...(calls.length === 0 ? {} : { tool_calls: calls }) },
        ...results.map((r): ChatCompletionMessageParam => ({ role: 'tool', tool_call_id: r.call.id, content: toolContent(r.outcome) })),
      ];
    },
  };
  const result = await runLoop(driver, options.messages, { ...options, toolkit });
  return {
    ...result,
    usage: sumUsage(result.steps.map((s) => ({ input: s.response.usage?.prompt_tokens, output: s.response.usage?.completion_tokens }))),
  };
}

/**
 * The loop over the Responses API. Each step sends the input so far plus the model's output
 * items and the `function_call_output` items (no server-side state is needed).
 *
 * @example
 * const result = await runOpenAIResponsesToolLoop({ client, model: 'gpt-4.1-mini', input: 'Solve this maze: ...' });
 */
export async function runOpenAIResponsesToolLoop(
  options: OpenAIResponsesToolLoopOptions,
): Promise<LoopResult<Response, ResponseInputItem> & { usage: LoopUsage }> {
  const toolkit = options.toolkit ?? createTrmTools();
  const tools = openaiResponsesTools(toolkit, options);
  const input: ResponseInputItem[] = typeof options.input === 'string' ? [{ role: 'user', content: options.input }] : options.input;
  const driver: LoopDriver<Response, ResponseInputItem> = {
    async request(items, signal) {
      try {
        return await options.client.responses.create(
          {
            ...options.request,
            model: options.model,
            input: items,
            tools,
            parallel_tool_calls: options.parallelToolCalls ?? true,
            ...(options.instructions === undefined ? {} : { instructions: options.instructions }),
          },
          signal === undefined ? {} : { signal },
        );
      } catch (error) {
        throw loopError(error, signal, wrapFor(options.client));
      }
    },
    toolCalls: (response) => response.output.filter((item): item is ResponseFunctionToolCall => item.type === 'function_call').map(responsesToolCall),
    text: (response) =>
      response.output
        .flatMap((item) => (item.type === 'message' ? item.content : []))
        .map((part) => (part.type === 'output_text' ? part.text : ''))
        .join(''),
    append: (response, results) => [
      ...(response.output as ResponseInputItem[]),
      ...results.map((r): ResponseInputItem => ({ type: 'function_call_output', call_id: r.call.id, output: toolContent(r.outcome) })),
    ],
  };
  const result = await runLoop(driver, input, { ...options, toolkit });
  return {
    ...result,
    usage: sumUsage(result.steps.map((s) => ({ input: s.response.usage?.input_tokens, output: s.response.usage?.output_tokens }))),
  };
}

function sumUsage(parts: { input: number | undefined; output: number | undefined }[]): LoopUsage {
  return parts.reduce<LoopUsage>((sum, p) => ({ inputTokens: sum.inputTokens + (p.input ?? 0), outputTokens: sum.outputTokens + (p.output ?? 0) }), {
    inputTokens: 0,
    outputTokens: 0,
  });
}
