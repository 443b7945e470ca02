/**
 * The OpenAI chat-completions provider on the official `openai` SDK: messages, function tools,
 * structured output (`response_format: json_schema`), streaming with usage. The same class
 * serves any OpenAI-compatible server (Ollama, vLLM, llama.cpp server, LM Studio) through
 * `baseURL` (`createOpenAiCompatibleProvider`).
 *
 * @example
 * const openai = createOpenAiProvider({ apiKey: config.llm.openai.apiKey, model: 'gpt-4.1-mini' });
 * const local = createOpenAiCompatibleProvider({ baseURL: 'http://127.0.0.1:11434/v1', model: 'qwen2.5' });
 */
import OpenAI from 'openai';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParamsBase,
  ChatCompletionMessageParam,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions';
import { callDeadline } from './deadline.js';
import { endedError, providerFailure } from './errors.js';
import { toJsonSchema } from './json-schema.js';
import type { OutputSchema } from './provider-kit.js';
import { outputSchema, parseModelJson, unwrapOutput } from './provider-kit.js';
import { sdkError } from './sdk-errors.js';
import type { LlmFinishReason, LlmMessage, LlmProvider, LlmRequest, LlmResponse, LlmStreamEvent, LlmToolCall, LlmToolChoice, LlmUsage } from './spec.js';

export interface OpenAiProviderOptions {
  model: string;
  /** Required by api.openai.com; OpenAI-compatible servers usually accept any value. */
  apiKey?: string;
  /** Default `https://api.openai.com/v1`. */
  baseURL?: string;
  /** Deadline of one call (stream included), ms. Default 60000. */
  timeoutMs?: number;
  /** Name in provenance and errors. Default `openai`. */
  name?: string;
  /** Which output-token cap the server understands. Default `max_completion_tokens`. */
  maxTokensParam?: 'max_completion_tokens' | 'max_tokens';
  /** Ask for usage at the end of a stream (`stream_options.include_usage`). Default true. */
  streamUsage?: boolean;
  /** A custom `fetch` (proxies, tests). */
  fetch?: typeof fetch;
  defaultHeaders?: Record<string, string>;
}

const DEFAULTS = { timeoutMs: 60_000, name: 'openai', maxTokensParam: 'max_completion_tokens', streamUsage: true } as const;

/**
 * A provider for the OpenAI API (or a compatible server at `baseURL`).
 *
 * @example
 * const provider = createOpenAiProvider({ apiKey, model: 'gpt-4.1-mini', timeoutMs: 30_000 });
 * const { text, usage } = await provider.generate({ messages: [{ role: 'user', content: 'Hi' }] });
 */
export function createOpenAiProvider(options: OpenAiProviderOptions): LlmProvider {
  const o = { ...DEFAULTS, ...options };
  // Every setting is explicit, so the SDK reads nothing from the environment (config does).
  const client = new OpenAI({
    apiKey: o.apiKey ?? 'unset',
    baseURL: o.baseURL ?? 'https://api.openai.com/v1',
    organization: null,
    project: null,
    logLevel: 'off', // failures surface as typed errors with the SDK error as cause
    maxRetries: 0,
    timeout: o.timeoutMs,
    ...(o.fetch === undefined ? {} : { fetch: o.fetch }),
    ...(o.defaultHeaders === undefined ? {} : { defaultHeaders: o.defaultHeaders }),
  });
  const name = o.name;

  function params(request: LlmRequest): { body: ChatCompletionCreateParamsBase; output: OutputSchema | undefined } {
    const output = request.output === undefined ? undefined : outputSchema(request.output);
    const tools = request.tools ?? [];
    const body: ChatCompletionCreateParamsBase = {
      model: o.model,
      messages: request.messages.map(toOpenAiMessage),
      ...(tools.length === 0
        ? {}
        : {
            tools: tools.map((t) => ({
              type: 'function' as const,
              function: { name: t.name, description: t.description, parameters: toJsonSchema(t.parameters) },
            })),
          }),
      ...(request.toolChoice === undefined || tools.length === 0 ? {} : { tool_choice: toolChoice(request.toolChoice) }),
      ...(output === undefined
        ? {}
        : {
            response_format: {
              type: 'json_schema' as const,
              json_schema: { name: output.name, description: output.description, schema: output.jsonSchema, strict: false },
            },
          }),
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      ...(request.maxOutputTokens === undefined ? {} : { [o.maxTokensParam]: request.maxOutputTokens }),
    };
    return { body, output };
  }

  const call = (request: LlmRequest) => callDeadline(request, o.timeoutMs);

  return {
    name,
    model: o.model,

    async generate(request) {
      const started = performance.now();
      const { deadline, timeoutMs } = call(request);
      const { body, output } = params(request);
      let completion: ChatCompletion;
      try {
        completion = await client.chat.completions.create({ ...body, stream: false }, { signal: deadline.signal, timeout: timeoutMs, maxRetries: 0 });
      } catch (error) {
        throw sdkError(name, error, OpenAI, { deadline });
      } finally {
        deadline.dispose();
      }
      const choice = completion.choices[0];
      if (choice === undefined) throw providerFailure(name, 'malformed_response', `${name} returned no choices`);
      const text = choice.message.content ?? '';
      const toolCalls = (choice.message.tool_calls ?? []).flatMap((c) =>
        c.type === 'function'
          ? [{ id: c.id, name: c.function.name, arguments: parseModelJson(name, c.function.arguments, `arguments for ${c.function.name}`) }]
          : [],
      );
      return finish(name, completion.model || o.model, started, {
        text,
        toolCalls,
        output,
        finishReason: finishReason(choice.finish_reason),
        usage: { inputTokens: completion.usage?.prompt_tokens ?? 0, outputTokens: completion.usage?.completion_tokens ?? 0 },
      });
    },

    async *stream(request) {
      const started = performance.now();
      const { deadline, timeoutMs } = call(request);
      const { body, output } = params(request);
      let text = '';
      let reason: LlmFinishReason | undefined;
      let usage: LlmUsage = { inputTokens: 0, outputTokens: 0 };
      let model = o.model;
      const partial = new Map<number, { id: string; name: string; args: string }>();
      try {
        const stream = await client.chat.completions.create(
          { ...body, stream: true, ...(o.streamUsage ? { stream_options: { include_usage: true } } : {}) },
          { signal: deadline.signal, timeout: timeoutMs, maxRetries: 0 },
        );
        for await (const chunk of stream as AsyncIterable<ChatCompletionChunk>) {
          if (chunk.model) model = chunk.model;
          if (chunk.usage) usage = { inputTokens: chunk.usage.prompt_tokens, outputTokens: chunk.usage.completion_tokens };
          const choice = chunk.choices[0];
          if (choice === undefined) continue;
          const delta = choice.delta;
          if (typeof delta.content === 'string' && delta.content !== '') {
            text += delta.content;
            if (output === undefined) yield { type: 'text-delta', text: delta.content };
          }
          for (const t of delta.tool_calls ?? []) {
            const entry = partial.get(t.index) ?? { id: '', name: '', args: '' };
            if (t.id) entry.id = t.id;
            if (t.function?.name) entry.name += t.function.name;
            if (t.function?.arguments) entry.args += t.function.arguments;
            partial.set(t.index, entry);
          }
          if (choice.finish_reason) reason = finishReason(choice.finish_reason);
        }
      } catch (error) {
        deadline.dispose();
        throw sdkError(name, error, OpenAI, { deadline });
      }
      deadline.dispose();
      // The SDKs end an aborted stream quietly; the deadline says whether it was cut short.
      if (deadline.signal.aborted) throw endedError(name, deadline.timedOut(), timeoutMs, deadline.signal.reason);
      if (reason === undefined) {
        throw providerFailure(name, 'malformed_response', `${name} stream ended before the model finished (no finish_reason)`);
      }
      const toolCalls: LlmToolCall[] = [...partial.entries()]
        .sort(([a], [b]) => a - b)
        .map(([i, c]) => ({ id: c.id || `call_${i}`, name: c.name, arguments: parseModelJson(name, c.args, `arguments for ${c.name}`) }));
      for (const toolCall of toolCalls) yield { type: 'tool-call', toolCall };
      yield { type: 'finish', response: finish(name, model, started, { text, toolCalls, output, finishReason: reason, usage }) } satisfies LlmStreamEvent;
    },
  };
}

/**
 * A provider for an OpenAI-compatible server (Ollama, vLLM, llama.cpp server, LM Studio):
 * `max_tokens` instead of `max_completion_tokens`, any API key.
 *
 * @example
 * const local = createOpenAiCompatibleProvider({ baseURL: 'http://127.0.0.1:8000/v1', model: 'Qwen/Qwen2.5-7B-Instruct' });
 */
export function createOpenAiCompatibleProvider(options: OpenAiProviderOptions & { baseURL: string }): LlmProvider {
  return createOpenAiProvider({ name: 'openai-compatible', maxTokensParam: 'max_tokens', apiKey: 'not-needed', ...options });
}

function finish(
  provider: string,
  model: string,
  started: number,
  r: { text: string; toolCalls: LlmToolCall[]; output: OutputSchema | undefined; finishReason: LlmFinishReason; usage: LlmUsage },
): LlmResponse {
  const object = r.output === undefined ? undefined : unwrapOutput(r.output, parseModelJson(provider, r.text, `${r.output.name} output`));
  return {
    text: r.output === undefined ? r.text : '',
    toolCalls: r.toolCalls,
    ...(r.output === undefined ? {} : { object }),
    finishReason: r.finishReason,
    usage: r.usage,
    provider,
    model,
    latencyMs: performance.now() - started,
  };
}

function toOpenAiMessage(message: LlmMessage): ChatCompletionMessageParam {
  switch (message.role) {
    case 'system':
    case 'user':
      return { role: message.role, content: message.content };
    case 'assistant':
      return {
        role: 'assistant',
        content: message.content === '' && message.toolCalls !== undefined ? null : message.content,
        ...(message.toolCalls === undefined || message.toolCalls.length === 0
          ? {}
          : {
              tool_calls: message.toolCalls.map((c) => ({
                id: c.id,
                type: 'function' as const,
                function: { name: c.name, arguments: JSON.stringify(c.arguments ?? {}) },
              })),
            }),
      };
    case 'tool':
      return { role: 'tool', tool_call_id: message.toolCallId, content: message.content };
  }
}

function toolChoice(choice: LlmToolChoice): ChatCompletionToolChoiceOption {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}

function finishReason(reason: string | null | undefined): LlmFinishReason {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool_calls';
    case 'content_filter':
      return 'content_filter';
    default:
      return 'other';
  }
}
