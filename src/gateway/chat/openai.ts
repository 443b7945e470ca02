/**
 * `POST /v1/chat/completions`, OpenAI-compatible, JSON and SSE streaming. The grid puzzles of the
 * user's last message are solved locally; with an OpenAI(-compatible) upstream the request is
 * forwarded with those solutions as a `solve_grid` tool call and its tool results (the client's
 * tools and parameters pass through untouched, the gateway's solver tools are added, and calls
 * the upstream makes to them are run here); the reply starts with the solved grids verbatim.
 * Without an upstream, the router answers (grid-only requests need no LLM).
 *
 * @example
 * const client = new OpenAI({ baseURL: 'http://127.0.0.1:8787/v1', apiKey: 'unused' });
 * const r = await client.chat.completions.create({ model: 'trm-router', messages: [{ role: 'user', content: 'Solve 53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79' }] });
 */
import type { Context, Hono } from 'hono';
import type { SSEStreamingApi } from 'hono/streaming';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';
import { handleOpenAIToolCalls, openaiChatTools } from '../../adapters/openai.js';
import type { Usage } from '../../core/spec.js';
import type { GatewayDeps } from '../context.js';
import type { GatewayEnv } from '../env.js';
import { readBody } from '../errors.js';
import type { ErrorInfo } from '../errors.js';
import { providerFailure } from '../../llm/errors.js';
import { openaiChatRequestSchema } from '../schemas.js';
import { chunkReply, contentText, gridsJson, solutionSections, solveGridsIn } from './grids.js';
import type { SolvedGrid } from './grids.js';
import { localReply } from './local.js';
import { chatStream } from './sse.js';
import { ToolCallRelay } from './tool-call-relay.js';
import { upstreamError, upstreamModel } from './upstream.js';

type ChatBody = Omit<ChatCompletionCreateParamsNonStreaming, 'stream'> & { stream?: boolean; stream_options?: { include_usage?: boolean } | null };
type Tokens = { prompt: number; completion: number };

const now = (): number => Math.floor(Date.now() / 1000);

function usageJson(t: Tokens): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  return { prompt_tokens: t.prompt, completion_tokens: t.completion, total_tokens: t.prompt + t.completion };
}

function fromRouterUsage(u: Usage): Tokens {
  return { prompt: u.inputTokens, completion: u.outputTokens };
}

/** The transcript the upstream sees: the client's, then our solve_grid calls and their results. */
function withGridResults(messages: ChatCompletionMessageParam[], grids: readonly SolvedGrid[]): ChatCompletionMessageParam[] {
  if (grids.length === 0) return messages;
  return [
    ...messages,
    {
      role: 'assistant',
      content: null,
      tool_calls: grids.map((g) => ({ id: g.id, type: 'function' as const, function: { name: 'solve_grid', arguments: JSON.stringify(g.args) } })),
    },
    ...grids.map((g): ChatCompletionMessageParam => ({ role: 'tool', tool_call_id: g.id, content: g.outcome.text })),
  ];
}

function isOurs(call: ChatCompletionMessageToolCall, ours: ReadonlySet<string>): call is ChatCompletionMessageFunctionToolCall {
  return call.type === 'function' && ours.has(call.function.name);
}

export function openaiChatRoutes(app: Hono<GatewayEnv>, deps: GatewayDeps): void {
  app.post('/v1/chat/completions', async (c) => {
    const body = (await readBody(c, openaiChatRequestSchema)) as unknown as ChatBody;
    const signal = c.var.signal;
    const last = body.messages[body.messages.length - 1];
    const text = last?.role === 'user' ? contentText(last.content) : '';
    const id = `chatcmpl-${c.var.requestId}`;
    const upstream = deps.upstream.openai;
    if (upstream === undefined) {
      const reply = await localReply(deps, text, signal);
      const tokens = fromRouterUsage(reply.usage);
      if (body.stream === true) return streamText(c, id, body, [reply.text], tokens, reply.extension);
      return c.json({
        id,
        object: 'chat.completion',
        created: now(),
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content: reply.text, refusal: null }, finish_reason: 'stop', logprobs: null }],
        usage: usageJson(tokens),
        trm_router: reply.extension,
      });
    }

    const grids = await solveGridsIn(text, deps.toolkit, { signal, limits: deps.limits, idPrefix: `trm_${c.var.requestId.slice(0, 8)}` });
    const clientTools: ChatCompletionTool[] = body.tools ?? [];
    const taken = new Set(clientTools.map((t) => (t.type === 'function' ? t.function.name : t.custom.name)));
    const ourTools = openaiChatTools(deps.toolkit).filter((t) => !taken.has(t.function.name));
    const ours = new Set(ourTools.map((t) => t.function.name));
    const { stream: _stream, stream_options: streamOptions, ...rest } = body;
    const params: ChatCompletionCreateParamsNonStreaming = {
      ...rest,
      model: upstreamModel(body.model, upstream.model),
      messages: withGridResults(body.messages, grids),
      tools: [...clientTools, ...ourTools],
    };
    const sections = solutionSections(grids);
    const extension = { parts: gridsJson(grids), upstream: { api: 'openai' } };
    const rounds = deps.upstream.maxToolRounds ?? 4;
    const failure = (error: unknown) => upstreamError('openai', error, { signal, log: c.var.log, timeoutMs: upstream.client.timeout });
    const call = async <T>(make: () => Promise<T>): Promise<T> => {
      try {
        const result = await make();
        deps.metrics.upstreamCalls.inc({ api: 'openai', outcome: 'ok' });
        return result;
      } catch (error) {
        deps.metrics.upstreamCalls.inc({ api: 'openai', outcome: 'error' });
        throw failure(error);
      }
    };
    /** A read from an upstream stream already open: its failures are mapped alike. */
    const upstreamRead = async <T>(make: () => Promise<T>): Promise<T> => {
      try {
        return await make();
      } catch (error) {
        throw failure(error);
      }
    };

    if (body.stream !== true) {
      const tokens: Tokens = { prompt: 0, completion: 0 };
      let messages = params.messages;
      for (let round = 0; ; round++) {
        const completion: ChatCompletion = await call(() => upstream.client.chat.completions.create({ ...params, messages, stream: false }, { signal }));
        tokens.prompt += completion.usage?.prompt_tokens ?? 0;
        tokens.completion += completion.usage?.completion_tokens ?? 0;
        const choice = completion.choices[0];
        const calls = choice?.message.tool_calls ?? [];
        const mine = calls.filter((t) => isOurs(t, ours));
        const theirs = calls.filter((t) => !isOurs(t, ours));
        if (choice !== undefined && mine.length > 0 && theirs.length === 0 && round + 1 < rounds) {
          const results = await handleOpenAIToolCalls(mine, deps.toolkit, { signal });
          messages = [...messages, { role: 'assistant', content: choice.message.content, tool_calls: mine }, ...results];
          continue;
        }
        const message = choice?.message;
        // The solved grids come first, as in the stream, whatever else the reply holds.
        const content = [sections, message?.content ?? ''].filter((s) => s !== '').join('\n\n');
        return c.json({
          ...completion,
          choices: [
            {
              index: 0,
              logprobs: choice?.logprobs ?? null,
              finish_reason: theirs.length > 0 ? 'tool_calls' : mine.length > 0 ? 'stop' : (choice?.finish_reason ?? 'stop'),
              message: {
                role: 'assistant',
                refusal: message?.refusal ?? null,
                content: content === '' && theirs.length > 0 ? null : content,
                ...(theirs.length > 0 ? { tool_calls: theirs } : {}),
              },
            },
          ],
          usage: usageJson(tokens),
          trm_router: extension,
        });
      }
    }

    // Streaming: open the first upstream stream before answering, so its HTTP errors keep their status.
    const open = (messages: ChatCompletionMessageParam[]) =>
      call(() =>
        upstream.client.chat.completions.create(
          { ...params, messages, stream: true, stream_options: { ...(streamOptions ?? {}), include_usage: true } },
          { signal },
        ),
      );
    let upstreamStream: AsyncIterable<ChatCompletionChunk> = await open(params.messages);
    return chatStream(
      c,
      async (sse) => {
        const tokens: Tokens = { prompt: 0, completion: 0 };
        const out = chunkWriter(sse, id, params.model);
        const chunk = out.chunk;
        await chunk({ role: 'assistant', content: '' });
        if (sections !== '') await chunk({ content: `${sections}\n\n` });
        let messages = params.messages;
        let finish: string;
        for (let round = 0; ; round++) {
          const calls = new ToolCallRelay(ours, (delta) => chunk({ tool_calls: [delta] }));
          let text = '';
          let upstreamFinish: string | null = null;
          // Only the upstream's own reads are upstream failures (a write to the client is not).
          const parts = upstreamStream[Symbol.asyncIterator]();
          try {
            for (;;) {
              const next = await upstreamRead(() => parts.next());
              if (next.done === true) break;
              const part = next.value;
              if (part.usage !== null && part.usage !== undefined) {
                tokens.prompt += part.usage.prompt_tokens;
                tokens.completion += part.usage.completion_tokens;
              }
              const choice = part.choices[0];
              if (choice === undefined) continue;
              if (typeof choice.delta.content === 'string' && choice.delta.content !== '') {
                text += choice.delta.content;
                await chunk({ content: choice.delta.content });
              }
              for (const d of choice.delta.tool_calls ?? []) await calls.add(d);
              if (choice.finish_reason !== null) upstreamFinish = choice.finish_reason;
            }
          } catch (error) {
            void parts.return?.(undefined).catch(() => undefined); // stop reading the upstream (e.g. the client went away)
            throw error;
          }
          // The SDK ends a stream that stops early without an error: no finish reason means the answer is cut off.
          if (upstreamFinish === null) {
            throw failure(providerFailure('openai', 'malformed_response', 'openai stream ended before the model finished (no finish_reason)'));
          }
          const { mine, theirs } = await calls.done();
          if (mine.length > 0 && theirs.length === 0 && round + 1 < rounds) {
            const results = await handleOpenAIToolCalls(mine, deps.toolkit, { signal });
            messages = [...messages, { role: 'assistant', content: text === '' ? null : text, tool_calls: mine }, ...results];
            upstreamStream = await open(messages);
            continue;
          }
          finish = theirs.length > 0 ? 'tool_calls' : mine.length > 0 ? 'stop' : upstreamFinish;
          break;
        }
        await finishStream(sse, out, finish, tokens, body, extension);
      },
      streamError,
    );
  });
}

type ChunkWriter = (delta: Record<string, unknown>, finish?: string | null, extra?: Record<string, unknown>) => Promise<void>;

/** The chunks of one response: every one, the usage chunk included, carries the same id and model. */
function chunkWriter(sse: SSEStreamingApi, id: string, model: string): { chunk: ChunkWriter; usage: (tokens: Tokens) => Promise<void> } {
  const base = () => ({ id, object: 'chat.completion.chunk', created: now(), model });
  return {
    chunk: (delta, finish = null, extra = {}) =>
      sse.writeSSE({ data: JSON.stringify({ ...base(), choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }], ...extra }) }),
    usage: (tokens) => sse.writeSSE({ data: JSON.stringify({ ...base(), choices: [], usage: usageJson(tokens) }) }),
  };
}

async function finishStream(
  sse: SSEStreamingApi,
  out: ReturnType<typeof chunkWriter>,
  finish: string,
  tokens: Tokens,
  body: ChatBody,
  extension: unknown,
): Promise<void> {
  await out.chunk({}, finish, { trm_router: extension });
  if (body.stream_options?.include_usage === true) await out.usage(tokens);
  await sse.writeSSE({ data: '[DONE]' });
}

/** An error after the stream started: one `{error}` event (JSON), then the stream ends. */
function streamError(sse: SSEStreamingApi, info: ErrorInfo): Promise<void> {
  return sse.writeSSE({ data: JSON.stringify({ error: info }) });
}

/** A locally produced reply as an OpenAI SSE stream. */
function streamText(c: Context<GatewayEnv>, id: string, body: ChatBody, texts: string[], tokens: Tokens, extension: unknown): Response {
  return chatStream(
    c,
    async (sse) => {
      const out = chunkWriter(sse, id, body.model);
      await out.chunk({ role: 'assistant', content: '' });
      for (const text of texts) for (const piece of chunkReply(text)) await out.chunk({ content: piece });
      await finishStream(sse, out, 'stop', tokens, body, extension);
    },
    streamError,
  );
}
