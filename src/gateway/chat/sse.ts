/**
 * The SSE answer of a chat endpoint, failing the one right way. Once the response has started,
 * an error can only travel inside the stream: it is logged under the request id (with its stack
 * when unexpected, so "see the gateway log" is true), then sent as exactly one error event whose
 * data is JSON in the endpoint's format, and the stream ends there (no `[DONE]`, no
 * `message_stop`, nothing that reads as a finished answer). Nothing is thrown out of the
 * callback, so Hono's own fallback (a second `event: error` carrying the raw message) never runs.
 *
 * @example
 * return chatStream(c, async (sse) => { ... }, (sse, info) => sse.writeSSE({ data: JSON.stringify({ error: info }) }));
 */
import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { SSEStreamingApi } from 'hono/streaming';
import type { GatewayEnv } from '../env.js';
import { describeError } from '../errors.js';
import type { ErrorInfo } from '../errors.js';

export function chatStream(
  c: Context<GatewayEnv>,
  run: (sse: SSEStreamingApi) => Promise<void>,
  writeError: (sse: SSEStreamingApi, info: ErrorInfo) => Promise<void>,
): Response {
  return streamSSE(c, async (sse) => {
    try {
      await run(sse);
    } catch (error) {
      const { status, info, unexpected } = describeError(error);
      if (unexpected) {
        c.var.log.error('stream failed after the response started', {
          error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
        });
      } else {
        c.var.log.warn('stream ended with an error after the response started', { code: info.code, status, error: info.message });
      }
      if (!sse.aborted && !sse.closed) await writeError(sse, info).catch(() => undefined);
    }
  });
}
