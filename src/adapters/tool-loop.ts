/**
 * The tool-call loop: ask the model, run the tools it called (in parallel), give it the results,
 * and repeat until it answers without tool calls or `maxSteps` model calls were made. One engine
 * drives every wire format (OpenAI chat completions and Responses, Anthropic messages, and the
 * `LlmProvider` interface); each adapter supplies a small `LoopDriver`.
 *
 * Loop control is data: `maxSteps` caps the model calls; on the last step, tools the model still
 * called are run and answered (so the transcript stays valid to continue) and the loop stops
 * with `finishReason: 'max_steps'`. `signal` aborts the model call in flight and the tools
 * (`AbortedError`). Tool failures never end the loop: they go back to the model as errors.
 *
 * @example
 * const result = await runToolLoop({ provider, messages: [{ role: 'user', content: 'Solve ...' }], maxSteps: 4 });
 * console.log(result.text, result.steps.map((s) => s.toolResults.map((r) => r.call.name)));
 */
import { AbortedError, InvalidInputError, abortError, isTrmRouterError } from '../core/index.js';
import type { LlmMessage, LlmProvider, LlmResponse, LlmUsage } from '../llm/spec.js';
import type { ToolOutcome } from './tool-result.js';
import { toolContent } from './tool-result.js';
import { createTrmTools, executeJsonArguments } from './tools.js';
import type { TrmToolkit } from './tools.js';

/** A tool call as the loop sees it: `arguments` is parsed JSON, or the raw string to parse. */
export interface LoopToolCall {
  id: string;
  name: string;
  arguments: unknown;
  /** True when `arguments` is the raw JSON text the model wrote (OpenAI). */
  rawArguments?: boolean;
}

/** A tool call and what running it gave. */
export interface LoopToolResult {
  call: LoopToolCall;
  outcome: ToolOutcome;
}

/** One model call and the tools it asked for. */
export interface LoopStep<R> {
  response: R;
  toolResults: LoopToolResult[];
}

export interface LoopResult<R, M> {
  /** The model's final text (of the last step). */
  text: string;
  steps: LoopStep<R>[];
  /** The whole conversation: the input messages, every model turn and every tool result. */
  messages: M[];
  /** `stop`: the model answered without tool calls; `max_steps`: the step cap ended the loop. */
  finishReason: 'stop' | 'max_steps';
}

/** How one wire format asks the model and feeds tool results back. */
export interface LoopDriver<R, M> {
  /** One model call with the conversation so far. */
  request(messages: M[], signal: AbortSignal | undefined): Promise<R>;
  /** The tool calls in a response (empty when the model answered). */
  toolCalls(response: R): LoopToolCall[];
  text(response: R): string;
  /** The messages to append: the model's turn and the tool results. */
  append(response: R, results: LoopToolResult[]): M[];
}

export interface LoopOptions<R> {
  /** The tools (default: `createTrmTools()`, all four with the default settings). */
  toolkit?: TrmToolkit;
  /** Most model calls (default 8). */
  maxSteps?: number;
  /** Run a response's tool calls concurrently (default true) or one after another. */
  parallelToolCalls?: boolean;
  signal?: AbortSignal;
  /** Called after each step (for logs and progress). */
  onStep?: (step: LoopStep<R>) => void;
}

const DEFAULT_MAX_STEPS = 8;

/**
 * Runs the loop with a driver. Adapters call this; use `runToolLoop`, `runOpenAIToolLoop`,
 * `runOpenAIResponsesToolLoop` or `runAnthropicToolLoop` directly.
 *
 * @example
 * const result = await runLoop(myDriver, [firstMessage], { maxSteps: 4 });
 */
export async function runLoop<R, M>(driver: LoopDriver<R, M>, messages: M[], options: LoopOptions<R> = {}): Promise<LoopResult<R, M>> {
  const toolkit = options.toolkit ?? createTrmTools();
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  if (!Number.isInteger(maxSteps) || maxSteps < 1) {
    throw new InvalidInputError(`maxSteps must be a positive integer (got ${maxSteps})`, { field: 'maxSteps' });
  }
  const signal = options.signal;
  const transcript = [...messages];
  const steps: LoopStep<R>[] = [];
  for (let n = 1; ; n++) {
    throwIfAborted(signal);
    const response = await driver.request(transcript, signal);
    const calls = driver.toolCalls(response);
    const toolResults = await runCalls(toolkit, calls, options.parallelToolCalls ?? true, signal);
    const step = { response, toolResults };
    steps.push(step);
    options.onStep?.(step);
    transcript.push(...driver.append(response, toolResults));
    if (calls.length === 0 || n >= maxSteps) {
      return { text: driver.text(response), steps, messages: transcript, finishReason: calls.length === 0 ? 'stop' : 'max_steps' };
    }
  }
}

async function runCalls(toolkit: TrmToolkit, calls: LoopToolCall[], parallel: boolean, signal: AbortSignal | undefined): Promise<LoopToolResult[]> {
  const options = signal === undefined ? {} : { signal };
  const run = async (call: LoopToolCall): Promise<LoopToolResult> => ({
    call,
    outcome:
      call.rawArguments === true && typeof call.arguments === 'string'
        ? await executeJsonArguments(toolkit, call.name, call.arguments, options)
        : await toolkit.execute(call.name, call.arguments, options),
  });
  if (parallel) return Promise.all(calls.map(run));
  const results: LoopToolResult[] = [];
  for (const call of calls) results.push(await run(call));
  return results;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw abortError(signal, 'The tool loop was aborted');
}

/** Maps what a model call threw: the caller's abort becomes `AbortedError`, toolkit errors pass. */
export function loopError(error: unknown, signal: AbortSignal | undefined, wrap: (error: unknown) => Error): Error {
  if (signal?.aborted === true) return isTrmRouterError(signal.reason) ? signal.reason : new AbortedError('The tool loop was aborted', { cause: error });
  if (isTrmRouterError(error)) return error;
  return wrap(error);
}

// --- On the LlmProvider interface ---------------------------------------------------------------

export interface ToolLoopOptions extends LoopOptions<LlmResponse> {
  provider: LlmProvider;
  messages: LlmMessage[];
  maxOutputTokens?: number;
  temperature?: number;
}

export interface ToolLoopResult extends LoopResult<LlmResponse, LlmMessage> {
  usage: LlmUsage;
}

/**
 * The loop on any `LlmProvider` (OpenAI, Anthropic, an OpenAI-compatible server, a retry or
 * fallback chain): the solver tools are offered with their zod schemas.
 *
 * @example
 * const provider = createOpenAiProvider({ apiKey, model: 'gpt-4.1-mini' });
 * const { text, usage } = await runToolLoop({ provider, messages: [{ role: 'user', content: 'Solve this maze: ...' }] });
 */
export async function runToolLoop(options: ToolLoopOptions): Promise<ToolLoopResult> {
  const toolkit = options.toolkit ?? createTrmTools();
  const tools = toolkit.tools.map((t) => ({ name: t.name, description: t.description, parameters: t.inputSchema }));
  const driver: LoopDriver<LlmResponse, LlmMessage> = {
    request: (messages, signal) =>
      options.provider.generate({
        messages,
        tools,
        ...(options.maxOutputTokens === undefined ? {} : { maxOutputTokens: options.maxOutputTokens }),
        ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
        ...(signal === undefined ? {} : { signal }),
      }),
    toolCalls: (response) => response.toolCalls.map((c) => ({ id: c.id, name: c.name, arguments: c.arguments })),
    text: (response) => response.text,
    append: (response, results) => [
      { role: 'assistant', content: response.text, ...(response.toolCalls.length === 0 ? {} : { toolCalls: response.toolCalls }) },
      ...results.map((r): LlmMessage => ({ role: 'tool', toolCallId: r.call.id, toolName: r.call.name, content: toolContent(r.outcome) })),
    ],
  };
  const result = await runLoop(driver, options.messages, { ...options, toolkit });
  const usage = result.steps.reduce(
    (sum, s) => ({ inputTokens: sum.inputTokens + s.response.usage.inputTokens, outputTokens: sum.outputTokens + s.response.usage.outputTokens }),
    { inputTokens: 0, outputTokens: 0 },
  );
  return { ...result, usage };
}
