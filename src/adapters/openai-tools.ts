/**
 * OpenAI function tools derived from the tools' zod schemas (chat completions and Responses API,
 * strict by default) and the handling of the model's tool calls.
 *
 * @example
 * const completion = await client.chat.completions.create({ model, messages, tools: openaiChatTools() });
 * messages.push(completion.choices[0].message, ...(await handleOpenAIToolCalls(completion.choices[0].message.tool_calls ?? [])));
 */
import type { ChatCompletionFunctionTool, ChatCompletionMessageToolCall, ChatCompletionToolMessageParam } from 'openai/resources/chat/completions';
import type { FunctionTool, ResponseFunctionToolCall, ResponseInputItem } from 'openai/resources/responses/responses';
import { strictJsonSchema, toolJsonSchema } from './json-schema.js';
import type { JsonSchema } from './json-schema.js';
import type { LoopToolCall } from './tool-loop.js';
import type { ToolOutcome } from './tool-result.js';
import { toolContent } from './tool-result.js';
import { createTrmTools, executeJsonArguments } from './tools.js';
import type { ExecuteOptions, TrmTool, TrmToolkit } from './tools.js';

export interface OpenAIToolOptions {
  /**
   * Strict mode (default true): the schema is closed, every property required (optional ones
   * nullable), and the model's arguments are guaranteed to match it.
   */
  strict?: boolean;
}

function parameters(tool: TrmTool, strict: boolean): JsonSchema {
  const plain = toolJsonSchema(tool.inputSchema);
  return strict ? strictJsonSchema(plain) : plain;
}

/**
 * Chat-completions function tools (`tools` of `chat.completions.create`).
 *
 * @example
 * await client.chat.completions.create({ model, messages, tools: openaiChatTools() });
 */
export function openaiChatTools(toolkit: TrmToolkit = createTrmTools(), options: OpenAIToolOptions = {}): ChatCompletionFunctionTool[] {
  const strict = options.strict ?? true;
  return toolkit.tools.map((tool) => ({
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: parameters(tool, strict), strict },
  }));
}

/**
 * Responses-API function tools (`tools` of `responses.create`).
 *
 * @example
 * await client.responses.create({ model, input, tools: openaiResponsesTools() });
 */
export function openaiResponsesTools(toolkit: TrmToolkit = createTrmTools(), options: OpenAIToolOptions = {}): FunctionTool[] {
  const strict = options.strict ?? true;
  return toolkit.tools.map((tool) => ({
    type: 'function',
    name: tool.name,
    description: tool.description,
    parameters: parameters(tool, strict),
    strict,
  }));
}

/** A chat-completions tool call as the loop sees it (custom tool calls get an `unknown_tool` answer). */
export function chatToolCall(call: ChatCompletionMessageToolCall): LoopToolCall {
  if (call.type === 'function') return { id: call.id, name: call.function.name, arguments: call.function.arguments, rawArguments: true };
  return { id: call.id, name: call.custom.name, arguments: call.custom.input, rawArguments: true };
}

/** A Responses-API `function_call` item as the loop sees it. */
export function responsesToolCall(item: ResponseFunctionToolCall): LoopToolCall {
  return { id: item.call_id, name: item.name, arguments: item.arguments, rawArguments: true };
}

function runOne(toolkit: TrmToolkit, call: LoopToolCall, options: ExecuteOptions): Promise<ToolOutcome> {
  return executeJsonArguments(toolkit, call.name, typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments), options);
}

/**
 * Runs the tool calls of an assistant message (concurrently) and returns the `tool` messages to
 * append, for callers that drive their own loop. Never throws: bad calls become error results.
 *
 * @example
 * const message = completion.choices[0].message;
 * messages.push(message, ...(await handleOpenAIToolCalls(message.tool_calls ?? [])));
 */
export async function handleOpenAIToolCalls(
  toolCalls: readonly ChatCompletionMessageToolCall[],
  toolkit: TrmToolkit = createTrmTools(),
  options: ExecuteOptions = {},
): Promise<ChatCompletionToolMessageParam[]> {
  return Promise.all(
    toolCalls.map(async (call) => ({
      role: 'tool' as const,
      tool_call_id: call.id,
      content: toolContent(await runOne(toolkit, chatToolCall(call), options)),
    })),
  );
}

/**
 * Runs the `function_call` items of a Responses-API output (concurrently) and returns the
 * `function_call_output` items to send back.
 *
 * @example
 * const outputs = await handleOpenAIResponseCalls(response.output);
 * await client.responses.create({ model, previous_response_id: response.id, input: outputs, tools });
 */
export async function handleOpenAIResponseCalls(
  output: readonly { type: string }[],
  toolkit: TrmToolkit = createTrmTools(),
  options: ExecuteOptions = {},
): Promise<ResponseInputItem.FunctionCallOutput[]> {
  const calls = output.filter((item): item is ResponseFunctionToolCall => item.type === 'function_call');
  return Promise.all(
    calls.map(async (item) => ({
      type: 'function_call_output' as const,
      call_id: item.call_id,
      output: toolContent(await runOne(toolkit, responsesToolCall(item), options)),
    })),
  );
}
