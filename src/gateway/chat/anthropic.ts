/**
 * `POST /v1/messages`, Anthropic-compatible, JSON and SSE streaming: the same as the chat
 * completions endpoint in the Messages wire format. The grid puzzles of the user's last message
 * are solved locally; with an Anthropic upstream the request is forwarded with a `solve_grid`
 * `tool_use` turn and its `tool_result`s (client tools pass through untouched; the upstream's
 * calls to the gateway's solver tools are run here); the reply starts with the solved grids
 * verbatim. Without an upstream, the router answers.
 *
 * @example
 * const client = new Anthropic({ baseURL: 'http://127.0.0.1:8787', apiKey: 'unused' });
 * const m = await client.messages.create({ model: 'trm-router', max_tokens: 1024, messages: [{ role: 'user', content: 'Solve: ...' }] });
 */
import type { Context, Hono } from 'hono';
import type { SSEStreamingApi } from 'hono/streaming';
import type {
  ContentBlock,
  ContentBlockParam,
  Message,
  MessageCreateParamsNonStreaming,
  MessageParam,
  RawMessageStreamEvent,
  Tool,
  ToolUseBlock,
} from '@anthropic-ai/sdk/resources/messages/messages';
import { anthropicTools, handleAnthropicToolUses } from '../../adapters/anthropic.js';
import type { GatewayDeps } from '../context.js';
import type { GatewayEnv } from '../env.js';
import { readBody } from '../errors.js';
import type { ErrorInfo } from '../errors.js';
import { anthropicMessagesRequestSchema } from '../schemas.js';
import { chunkReply, contentText, gridsJson, solutionSections, solveGridsIn } from './grids.js';
import type { SolvedGrid } from './grids.js';
import { localReply } from './local.js';
import { chatStream } from './sse.js';
import { upstreamError, upstreamModel } from './upstream.js';

type MessagesBody = Omit<MessageCreateParamsNonStreaming, 'stream'> & { stream?: boolean };
type Tokens = { input: number; output: number };

const safeId = (id: string): string => id.replace(/[^A-Za-z0-9_-]/g, '_');

function withGridResults(messages: MessageParam[], grids: readonly SolvedGrid[]): MessageParam[] {
  if (grids.length === 0) return messages;
  return [
    ...messages,
    { role: 'assistant', content: grids.map((g) => ({ type: 'tool_use' as const, id: g.id, name: 'solve_grid', input: g.args })) },
    { role: 'user', content: grids.map((g) => ({ type: 'tool_result' as const, tool_use_id: g.id, content: g.outcome.text, is_error: g.outcome.isError })) },
  ];
}

const isOurs = (b: ContentBlock, ours: ReadonlySet<string>): b is ToolUseBlock => b.type === 'tool_use' && ours.has(b.name);

export function anthropicMessagesRoutes(app: Hono<GatewayEnv>, deps: GatewayDeps): void {
  app.post('/v1/messages', async (c) => {
    const body = (await readBody(c, anthropicMessagesRequestSchema)) as unknown as MessagesBody;
    const signal = c.var.signal;
    const last = body.messages[body.messages.length - 1];
    const text = last?.role === 'user' ? contentText(last.content) : '';
    const id = `msg_${safeId(c.var.requestId)}`;
    const upstream = deps.upstream.anthropic;
    if (upstream === undefined) {
      const reply = await localReply(deps, text, signal);
      const tokens = { input: reply.usage.inputTokens, output: reply.usage.outputTokens };
      if (body.stream === true) return streamLocal(c, id, body.model, reply.text, tokens, reply.extension);
      return c.json({
        id,
        type: 'message',
        role: 'assistant',
        model: body.model,
        content: [{ type: 'text', text: reply.text }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: tokens.input, output_tokens: tokens.output },
        trm_router: reply.extension,
      });
    }

    const grids = await solveGridsIn(text, deps.toolkit, { signal, limits: deps.limits, idPrefix: `toolu_trm_${safeId(c.var.requestId).slice(0, 8)}` });
    const clientTools = (body.tools ?? []) as Tool[];
    const taken = new Set(clientTools.map((t) => t.name));
    const ourTools = anthropicTools(deps.toolkit).filter((t) => !taken.has(t.name));
    const ours = new Set(ourTools.map((t) => t.name));
    const { stream: _stream, ...rest } = body;
    const params: MessageCreateParamsNonStreaming = {
      ...rest,
      model: upstreamModel(body.model, upstream.model),
      messages: withGridResults(body.messages, grids),
      tools: [...clientTools, ...ourTools],
    };
    const sections = solutionSections(grids);
    const extension = { parts: gridsJson(grids), upstream: { api: 'anthropic' } };
    const rounds = deps.upstream.maxToolRounds ?? 4;
    const failure = (error: unknown) => upstreamError('anthropic', error, { signal, log: c.var.log, timeoutMs: upstream.client.timeout });
    const call = async <T>(make: () => Promise<T>): Promise<T> => {
      try {
        const result = await make();
        deps.metrics.upstreamCalls.inc({ api: 'anthropic', outcome: 'ok' });
        return result;
      } catch (error) {
        deps.metrics.upstreamCalls.inc({ api: 'anthropic', outcome: 'error' });
        throw failure(error);
      }
    };
    /** The rest of an upstream stream (its first event came through `call`): failures mapped alike. */
    const upstreamNext = async <T>(make: () => Promise<T>): Promise<T> => {
      try {
        return await make();
      } catch (error) {
        throw failure(error);
      }
    };
    const nextTurn = async (messages: MessageParam[], message: Message, mine: ToolUseBlock[]): Promise<MessageParam[]> => [
      ...messages,
      { role: 'assistant', content: message.content as ContentBlockParam[] },
      { role: 'user', content: await handleAnthropicToolUses(mine, deps.toolkit, { signal }) },
    ];

    if (body.stream !== true) {
      const tokens: Tokens = { input: 0, output: 0 };
      let messages = params.messages;
      for (let round = 0; ; round++) {
        const message: Message = await call(() => upstream.client.messages.create({ ...params, messages, stream: false }, { signal }));
        tokens.input += message.usage.input_tokens;
        tokens.output += message.usage.output_tokens;
        const mine = message.content.filter((b) => isOurs(b, ours));
        const theirs = message.content.filter((b) => b.type === 'tool_use' && !ours.has(b.name));
        if (mine.length > 0 && theirs.length === 0 && round + 1 < rounds) {
          messages = await nextTurn(messages, message, mine);
          continue;
        }
        const kept = message.content.filter((b) => !isOurs(b, ours));
        return c.json({
          ...message,
          // The solved grids come first, as in the stream, whatever else the reply holds.
          content: sections === '' ? kept : [{ type: 'text', text: sections, citations: null }, ...kept],
          stop_reason: theirs.length > 0 ? 'tool_use' : mine.length > 0 ? 'end_turn' : message.stop_reason,
          usage: { ...message.usage, input_tokens: tokens.input, output_tokens: tokens.output },
          trm_router: extension,
        });
      }
    }

    // Streaming: wait for the first upstream event before answering, so HTTP errors keep their status.
    const open = async (messages: MessageParam[]) => {
      const stream = upstream.client.messages.stream({ ...params, messages }, { signal });
      const events = stream[Symbol.asyncIterator]();
      const first = await call(() => events.next());
      return { stream, events, first };
    };
    let current = await open(params.messages);
    return chatStream(
      c,
      async (sse) => {
        const tokens: Tokens = { input: 0, output: 0 };
        const send = (event: Record<string, unknown> & { type: string }) => sse.writeSSE({ event: event.type, data: JSON.stringify(event) });
        let next = 0;
        let started = false;
        let messages = params.messages;
        for (let round = 0; ; round++) {
          const indexes = new Map<number, number | null>(); // upstream index -> ours (null = hidden)
          let result = current.first;
          while (result.done !== true) {
            const event: RawMessageStreamEvent = result.value;
            if (event.type === 'message_start' && !started) {
              started = true;
              await send({ type: 'message_start', message: { ...event.message, id, content: [], stop_reason: null, stop_sequence: null } });
              if (sections !== '') {
                await send({ type: 'content_block_start', index: next, content_block: { type: 'text', text: '', citations: null } });
                await send({ type: 'content_block_delta', index: next, delta: { type: 'text_delta', text: sections } });
                await send({ type: 'content_block_stop', index: next });
                next += 1;
              }
            } else if (event.type === 'content_block_start') {
              const hidden = event.content_block.type === 'tool_use' && ours.has(event.content_block.name);
              indexes.set(event.index, hidden ? null : next);
              if (!hidden) await send({ ...event, index: next++ });
            } else if (event.type === 'content_block_delta' || event.type === 'content_block_stop') {
              const mapped = indexes.get(event.index);
              if (mapped !== null && mapped !== undefined) await send({ ...event, index: mapped });
            }
            result = await upstreamNext(() => current.events.next());
          }
          const message = await upstreamNext(() => current.stream.finalMessage());
          tokens.input += message.usage.input_tokens;
          tokens.output += message.usage.output_tokens;
          const mine = message.content.filter((b) => isOurs(b, ours));
          const theirs = message.content.filter((b) => b.type === 'tool_use' && !ours.has(b.name));
          if (mine.length > 0 && theirs.length === 0 && round + 1 < rounds) {
            messages = await nextTurn(messages, message, mine);
            current = await open(messages);
            continue;
          }
          const stop = theirs.length > 0 ? 'tool_use' : mine.length > 0 ? 'end_turn' : (message.stop_reason ?? 'end_turn');
          await send({
            type: 'message_delta',
            delta: { stop_reason: stop, stop_sequence: message.stop_sequence },
            usage: { output_tokens: tokens.output, input_tokens: tokens.input },
            trm_router: extension,
          });
          await send({ type: 'message_stop' });
          break;
        }
      },
      streamError,
    );
  });
}

/** An error after the stream started: one `error` event (JSON), then the stream ends. */
function streamError(sse: SSEStreamingApi, info: ErrorInfo): Promise<void> {
  return sse.writeSSE({ event: 'error', data: JSON.stringify({ type: 'error', error: info }) });
}

/** A locally produced reply as an Anthropic SSE stream. */
function streamLocal(c: Context<GatewayEnv>, id: string, model: string, text: string, tokens: Tokens, extension: unknown): Response {
  return chatStream(
    c,
    async (sse) => {
      const send = (event: Record<string, unknown> & { type: string }) => sse.writeSSE({ event: event.type, data: JSON.stringify(event) });
      await send({
        type: 'message_start',
        message: {
          id,
          type: 'message',
          role: 'assistant',
          model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: tokens.input, output_tokens: 0 },
        },
      });
      await send({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '', citations: null } });
      for (const piece of chunkReply(text)) await send({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } });
      await send({ type: 'content_block_stop', index: 0 });
      await send({
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: tokens.output },
        trm_router: extension,
      });
      await send({ type: 'message_stop' });
    },
    streamError,
  );
}
