/**
 * The upstream LLMs of the chat endpoints: an OpenAI(-compatible) client for
 * `/v1/chat/completions` and an Anthropic client for `/v1/messages`, each with its default
 * model, and the mapping of what they throw: the caller's abort or the request deadline stays
 * what it is, an upstream 4xx about the request (unknown model, bad parameter) is passed to the
 * client with its status, and anything else (5xx, auth, connection) is a 502 `provider` error.
 *
 * @example
 * const upstream: Upstreams = { openai: { client: new OpenAI({ apiKey, baseURL }), model: 'gpt-4.1-mini' } };
 */
import type Anthropic from '@anthropic-ai/sdk';
import type OpenAI from 'openai';
import { AbortedError, ProviderError, isTrmRouterError } from '../../core/errors.js';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { GatewayError } from '../errors.js';

export interface Upstreams {
  /** Chat completions are forwarded here (with the solved grids as tool results). */
  openai?: { client: OpenAI; model: string };
  /** Messages are forwarded here. */
  anthropic?: { client: Anthropic; model: string };
  /** Most rounds of the gateway's own tool calls the upstream may make per request (default 4). */
  maxToolRounds?: number;
}

/** Model names that mean "the gateway's configured model". */
export const GATEWAY_MODEL_NAMES = ['trm-router', 'default'];

/** The upstream model for a requested name: the configured one for `trm-router`, else the name itself. */
export function upstreamModel(requested: string, configured: string): string {
  return GATEWAY_MODEL_NAMES.includes(requested) ? configured : requested;
}

/** Maps an upstream SDK failure (see the module comment). */
export function upstreamError(api: 'openai' | 'anthropic', error: unknown, signal: AbortSignal | undefined): Error {
  if (signal?.aborted === true) {
    const reason: unknown = signal.reason;
    return isTrmRouterError(reason) ? reason : new AbortedError('The request was aborted', { cause: error });
  }
  if (isTrmRouterError(error) || error instanceof GatewayError) return error;
  const status =
    typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number'
      ? (error as { status: number }).status
      : undefined;
  const message = error instanceof Error ? error.message : String(error);
  if (status !== undefined && status >= 400 && status < 500 && ![401, 403, 407, 408, 429].includes(status)) {
    return new GatewayError(status as ContentfulStatusCode, 'upstream_rejected', `The upstream ${api} API rejected the request (${status}): ${message}`, {
      details: { upstream: api, status },
      cause: error,
    });
  }
  return new ProviderError(api, `The upstream ${api} API failed${status === undefined ? '' : ` (${status})`}: ${message}`, {
    cause: error,
    ...(status === undefined ? {} : { upstreamStatus: status }),
  });
}
