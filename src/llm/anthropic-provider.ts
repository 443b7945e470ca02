/**
 * The Anthropic messages provider on the official `@anthropic-ai/sdk`: system prompt, messages,
 * `tool_use` / `tool_result`, structured output as a forced tool, streaming with usage.
 *
 * @example
 * const claude = createAnthropicProvider({ apiKey: config.llm.anthropic.apiKey, model: 'claude-sonnet-4-5' });
 * const reply = await claude.generate({ messages: [{ role: 'user', content: 'Hi' }], maxOutputTokens: 256 });
 */
import Anthropic from '@anthropic-ai/sdk';
import type {
  ContentBlockParam,
  Message,
  MessageCreateParamsBase,
  MessageParam,
  RawMessageStreamEvent,
  StopReason,
  Tool,
  ToolChoice,
} from '@anthropic-ai/sdk/resources/messages/messages';
import { callDeadline } from './deadline.js';
import { endedError, providerFailure } from './errors.js';
import { toJsonSchema } from './json-schema.js';
import type { OutputSchema } from './provider-kit.js';
import { outputSchema, parseModelJson, unwrapOutput } from './provider-kit.js';
import { sdkError } from './sdk-errors.js';
import type { LlmFinishReason, LlmMessage, LlmProvider, LlmRequest, LlmResponse, LlmToolCall, LlmToolChoice, LlmUsage } from './spec.js';

export interface AnthropicProviderOptions {
  model: string;
  apiKey?: string;
  /** Default `https://api.anthropic.com`. */
  baseURL?: string;
  /** Deadline of one call (stream included), ms. Default 60000. */
  timeoutMs?: number;
  /** Name in provenance and errors. Default `anthropic`. */
  name?: string;
  /** `max_tokens` when the request sets no `maxOutputTokens` (Anthropic requires one). Default 1024. */
  defaultMaxTokens?: number;
  fetch?: typeof fetch;
  defaultHeaders?: Record<string, string>;
}

const DEFAULTS = { timeoutMs: 60_000, name: 'anthropic', defaultMaxTokens: 1024 } as const;

/**
 * A provider for the Anthropic messages API.
 *
 * @example
 * const provider = createAnthropicProvider({ apiKey, model: 'claude-sonnet-4-5', timeoutMs: 30_000 });
 * for await (const event of provider.stream({ messages })) if (event.type === 'text-delta') process.stdout.write(event.text);
 */
export function createAnthropicProvider(options: AnthropicProviderOptions): LlmProvider {
  const o = { ...DEFAULTS, ...options };
  // Every setting is explicit, so the SDK reads nothing from the environment (config does).
  const client = new Anthropic({
    apiKey: o.apiKey ?? 'unset',
    authToken: null,
    logLevel: 'off', // failures surface as typed errors with the SDK error as cause
    baseURL: o.baseURL ?? 'https://api.anthropic.com',
    maxRetries: 0,
    timeout: o.timeoutMs,
    ...(o.fetch === undefined ? {} : { fetch: o.fetch }),
    ...(o.defaultHeaders === undefined ? {} : { defaultHeaders: o.defaultHeaders }),
  });
  const name = o.name;

  function params(request: LlmRequest): { body: MessageCreateParamsBase; output: OutputSchema | undefined } {
    const output = request.output === undefined ? undefined : outputSchema(request.output);
    const tools: Tool[] = (request.tools ?? []).map((t) => ({
      name: t.name,
      description: t.description,
      input_schema: { type: 'object', ...toJsonSchema(t.parameters) },
    }));
    if (output !== undefined) {
      tools.push({ name: output.name, description: output.description, input_schema: { type: 'object', ...output.jsonSchema } });
    }
    const system = request.messages.filter((m) => m.role === 'system').map((m) => m.content);
    const choice: ToolChoice | undefined =
      output !== undefined
        ? { type: 'tool', name: output.name }
        : request.toolChoice === undefined || tools.length === 0
          ? undefined
          : toolChoice(request.toolChoice);
    const body: MessageCreateParamsBase = {
      model: o.model,
      max_tokens: request.maxOutputTokens ?? o.defaultMaxTokens,
      messages: toAnthropicMessages(request.messages),
      ...(system.length === 0 ? {} : { system: system.join('\n\n') }),
      ...(tools.length === 0 ? {} : { tools }),
      ...(choice === undefined ? {} : { tool_choice: choice }),
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
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
      let message: Message;
      try {
        message = await client.messages.create({ ...body, stream: false }, { signal: deadline.signal, timeout: timeoutMs, maxRetries: 0 });
      } catch (error) {
        throw sdkError(name, error, Anthropic, { deadline });
      } finally {
        deadline.dispose();
      }
      let text = '';
      const toolCalls: LlmToolCall[] = [];
      for (const block of message.content) {
        if (block.type === 'text') text += block.text;
        else if (block.type === 'tool_use') toolCalls.push({ id: block.id, name: block.name, arguments: block.input });
      }
      return finish(name, message.model || o.model, started, {
        text,
        toolCalls,
        output,
        finishReason: finishReason(message.stop_reason),
        usage: { inputTokens: message.usage.input_tokens, outputTokens: message.usage.output_tokens },
      });
    },

    async *stream(request) {
      const started = performance.now();
      const { deadline, timeoutMs } = call(request);
      const { body, output } = params(request);
      let text = '';
      let model = o.model;
      let stop: StopReason | null = null;
      let stopped = false;
      const usage: LlmUsage = { inputTokens: 0, outputTokens: 0 };
      const blocks = new Map<number, { id: string; name: string; json: string }>();
      const toolCalls: LlmToolCall[] = [];
      try {
        const stream = await client.messages.create({ ...body, stream: true }, { signal: deadline.signal, timeout: timeoutMs, maxRetries: 0 });
        for await (const event of stream as AsyncIterable<RawMessageStreamEvent>) {
          switch (event.type) {
            case 'message_start':
              model = event.message.model || model;
              usage.inputTokens = event.message.usage.input_tokens;
              usage.outputTokens = event.message.usage.output_tokens;
              break;
            case 'content_block_start':
              if (event.content_block.type === 'tool_use') {
                blocks.set(event.index, { id: event.content_block.id, name: event.content_block.name, json: '' });
              } else if (event.content_block.type === 'text' && event.content_block.text !== '') {
                text += event.content_block.text;
                if (output === undefined) yield { type: 'text-delta', text: event.content_block.text };
              }
              break;
            case 'content_block_delta':
              if (event.delta.type === 'text_delta') {
                text += event.delta.text;
                if (output === undefined) yield { type: 'text-delta', text: event.delta.text };
              } else if (event.delta.type === 'input_json_delta') {
                const block = blocks.get(event.index);
                if (block !== undefined) block.json += event.delta.partial_json;
              }
              break;
            case 'content_block_stop': {
              const block = blocks.get(event.index);
              if (block === undefined) break;
              const toolCall = { id: block.id, name: block.name, arguments: parseModelJson(name, block.json, `input for ${block.name}`) };
              toolCalls.push(toolCall);
              if (output?.name !== block.name) yield { type: 'tool-call', toolCall };
              break;
            }
            case 'message_delta':
              stop = event.delta.stop_reason ?? stop;
              usage.outputTokens = event.usage.output_tokens;
              if (typeof event.usage.input_tokens === 'number') usage.inputTokens = event.usage.input_tokens;
              break;
            case 'message_stop':
              stopped = true;
              break;
          }
        }
      } catch (error) {
        deadline.dispose();
        throw sdkError(name, error, Anthropic, { deadline });
      }
      deadline.dispose();
      // The SDKs end an aborted stream quietly; the deadline says whether it was cut short.
      if (deadline.signal.aborted) throw endedError(name, deadline.timedOut(), timeoutMs, deadline.signal.reason);
      if (!stopped) throw providerFailure(name, 'malformed_response', `${name} stream ended before message_stop`);
      yield { type: 'finish', response: finish(name, model, started, { text, toolCalls, output, finishReason: finishReason(stop), usage }) };
    },
  };
}

function finish(
  provider: string,
  model: string,
  started: number,
  r: { text: string; toolCalls: LlmToolCall[]; output: OutputSchema | undefined; finishReason: LlmFinishReason; usage: LlmUsage },
): LlmResponse {
  const spec = r.output;
  let object: unknown;
  let toolCalls = r.toolCalls;
  let reason = r.finishReason;
  if (spec !== undefined) {
    const answer = r.toolCalls.find((c) => c.name === spec.name);
    if (answer === undefined) {
      throw providerFailure(provider, 'invalid_output', `${provider} did not call the ${spec.name} tool for its structured answer`);
    }
    object = unwrapOutput(spec, answer.arguments);
    toolCalls = r.toolCalls.filter((c) => c !== answer);
    if (reason === 'tool_calls') reason = 'stop';
  }
  return {
    text: r.text,
    toolCalls,
    ...(spec === undefined ? {} : { object }),
    finishReason: reason,
    usage: r.usage,
    provider,
    model,
    latencyMs: performance.now() - started,
  };
}

/** System messages go to `system`; consecutive tool results merge into one user message. */
function toAnthropicMessages(messages: readonly LlmMessage[]): MessageParam[] {
  const out: MessageParam[] = [];
  for (const m of messages) {
    if (m.role === 'system') continue;
    if (m.role === 'user') {
      out.push({ role: 'user', content: m.content });
    } else if (m.role === 'assistant') {
      const content: ContentBlockParam[] = [];
      if (m.content !== '') content.push({ type: 'text', text: m.content });
      for (const c of m.toolCalls ?? []) content.push({ type: 'tool_use', id: c.id, name: c.name, input: c.arguments ?? {} });
      out.push({ role: 'assistant', content: content.length === 0 ? '' : content });
    } else {
      const result: ContentBlockParam = { type: 'tool_result', tool_use_id: m.toolCallId, content: m.content };
      const last = out[out.length - 1];
      if (last?.role === 'user' && Array.isArray(last.content) && last.content.every((b) => b.type === 'tool_result')) {
        last.content.push(result);
      } else {
        out.push({ role: 'user', content: [result] });
      }
    }
  }
  return out;
}

function toolChoice(choice: LlmToolChoice): ToolChoice {
  if (choice === 'auto') return { type: 'auto' };
  if (choice === 'none') return { type: 'none' };
  if (choice === 'required') return { type: 'any' };
  return { type: 'tool', name: choice.name };
}

function finishReason(reason: StopReason | null): LlmFinishReason {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool_calls';
    case 'refusal':
      return 'content_filter';
    default:
      return 'other';
  }
}
