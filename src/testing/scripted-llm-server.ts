/**
 * A scripted LLM server on 127.0.0.1 (an ephemeral port) that speaks the OpenAI
 * chat-completions (`POST /v1/chat/completions`) and Anthropic messages (`POST /v1/messages`)
 * wire formats, JSON and SSE, so tests and examples drive the real SDKs with `baseURL` pointed
 * at it. Each endpoint plays its script in order: text, tool calls, structured answers,
 * errors with status and Retry-After, slow responses and streams, malformed streams, hangs, and
 * faults on any answer (`fault`, see `script.ts`): 429 / 5xx with Retry-After, a slow first byte
 * (`delayMs`), a stream cut off at any frame, malformed JSON mid-stream, a connection reset.
 * It never keeps the process alive (`unref`), and `close()` ends every open connection.
 *
 * @example
 * const server = await startScriptedLlmServer({ openai: [step.error(500), step.text('Hello')] });
 * const llm = createOpenAiProvider({ baseURL: server.openaiBaseURL, apiKey: 'test', model: 'gpt-test' });
 * // ... server.requests holds every request body; await server.close();
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RecordedRequest, ScriptEndpoint, ScriptStep } from './script.js';
import type { WireResponse } from './wire.js';
import { answerResponse, errorResponse } from './wire.js';

export interface ScriptedLlmServerOptions {
  openai?: ScriptStep[];
  anthropic?: ScriptStep[];
  /** Close by itself after this long without a request, ms (default: only on `close()`). */
  idleCloseMs?: number;
}

export interface ScriptedLlmServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** `baseURL` for the openai SDK (`.../v1`). */
  readonly openaiBaseURL: string;
  /** `baseURL` for the Anthropic SDK (the SDK appends `/v1/messages`). */
  readonly anthropicBaseURL: string;
  /** Every request received, oldest first. */
  readonly requests: RecordedRequest[];
  /** Appends steps to an endpoint's script. */
  push(endpoint: ScriptEndpoint, ...steps: ScriptStep[]): void;
  /** Steps not yet played. */
  remaining(endpoint: ScriptEndpoint): number;
  close(): Promise<void>;
}

const ROUTES: Record<string, ScriptEndpoint> = { '/v1/chat/completions': 'openai', '/v1/messages': 'anthropic' };

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/**
 * Starts the server on 127.0.0.1, port 0.
 *
 * @example
 * const server = await startScriptedLlmServer({ anthropic: [step.toolCalls([{ name: 'solve', arguments: { puzzle: '...' } }])] });
 */
export async function startScriptedLlmServer(options: ScriptedLlmServerOptions = {}): Promise<ScriptedLlmServer> {
  const scripts: Record<ScriptEndpoint, ScriptStep[]> = { openai: [...(options.openai ?? [])], anthropic: [...(options.anthropic ?? [])] };
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  let idle: NodeJS.Timeout | undefined;

  const wait = (ms: number, res: ServerResponse): Promise<boolean> =>
    new Promise((resolve) => {
      if (ms <= 0) return resolve(!res.destroyed);
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve(!res.destroyed && !closed);
      }, ms);
      timers.add(timer);
      res.once('close', () => {
        clearTimeout(timer);
        timers.delete(timer);
        resolve(false);
      });
    });

  /** Destroys the connection with a TCP RST once what was written has been flushed. */
  const reset = (res: ServerResponse): void => {
    const socket = res.socket;
    if (socket === null) return;
    if (socket.writableLength === 0) socket.resetAndDestroy();
    else socket.once('drain', () => socket.resetAndDestroy());
  };

  async function write(res: ServerResponse, wire: WireResponse, chunkDelayMs: number): Promise<void> {
    if (wire.resetBeforeStatus === true) return reset(res);
    if (wire.kind === 'json') {
      if (wire.reset === true) {
        res.writeHead(wire.status, { ...wire.headers, 'content-length': String(wire.body.length * 2) });
        res.write(wire.body, () => reset(res));
        return;
      }
      res.writeHead(wire.status, wire.headers).end(wire.body);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    for (const frame of wire.frames) {
      if (!(await wait(chunkDelayMs, res))) return;
      res.write(frame);
    }
    if (wire.reset === true) {
      if (wire.frames.length === 0) res.flushHeaders();
      res.write('', () => reset(res));
      return;
    }
    res.end();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (idle !== undefined) idle.refresh();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const endpoint = req.method === 'POST' ? ROUTES[path] : undefined;
    const text = await readBody(req);
    if (endpoint === undefined) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no route ${req.method ?? ''} ${path}` } }));
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'request body is not JSON' } }));
      return;
    }
    requests.push({ endpoint, path, headers: headersOf(req), body, stream: body.stream === true });
    const n = requests.length;
    const s = scripts[endpoint].shift();
    if (s === undefined) {
      // Not retryable on purpose, so an under-scripted test fails fast and says why.
      await write(res, errorResponse(endpoint, { type: 'error', status: 400, message: `scripted server: no step left for ${endpoint} (request ${n})` }), 0);
      return;
    }
    if (s.type === 'hang') return; // answered only by close()
    if (!(await wait(s.delayMs ?? 0, res))) return;
    if (s.type === 'error') return write(res, errorResponse(endpoint, s), 0);
    return write(res, answerResponse(endpoint, s, body, n), s.chunkDelayMs ?? 0);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `scripted server failed: ${String(error)}` } }));
    });
  });
  server.unref();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  const close = (): Promise<void> => {
    if (closed) return Promise.resolve();
    closed = true;
    if (idle !== undefined) clearTimeout(idle);
    for (const timer of timers) clearTimeout(timer);
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  };
  if (options.idleCloseMs !== undefined) {
    idle = setTimeout(() => void close(), options.idleCloseMs);
    idle.unref();
  }

  return {
    url,
    openaiBaseURL: `${url}/v1`,
    anthropicBaseURL: url,
    requests,
    push: (endpoint, ...steps) => void scripts[endpoint].push(...steps),
    remaining: (endpoint) => scripts[endpoint].length,
    close,
  };
}
