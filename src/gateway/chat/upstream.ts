/**
 * The upstream LLMs of the chat endpoints: an OpenAI(-compatible) client for
 * `/v1/chat/completions` and an Anthropic client for `/v1/messages`, each with its default
 * model, and what their failures become for the gateway's client.
 *
 * An SDK failure is first mapped by the one SDK mapper (`llm/sdk-errors.ts`, the same the
 * providers and tool loops use), then logged with everything the upstream said (status, its
 * message, Retry-After) under the request id, then answered with a typed error of the gateway's
 * own words: the upstream's message never reaches the client (it may quote a key). The caller's
 * abort or the request deadline stays what it is; upstream 429 is a 429 `upstream_rate_limited`
 * and 503 / 529 a 503 `upstream_overloaded`, both with the upstream's Retry-After; another 4xx
 * about the request (unknown model, bad parameter) keeps its status as `upstream_rejected`, with
 * the upstream's error type, code and parameter name when they are plain identifiers; anything
 * else (other 5xx, the gateway's credentials refused, a connection failure, a malformed or
 * truncated response) is a 502 `provider` error.
 *
 * @example
 * const upstream: Upstreams = { openai: { client: new OpenAI({ apiKey, baseURL }), model: 'gpt-4.1-mini' } };
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AbortedError, ProviderError, isTrmRouterError } from '../../core/errors.js';
import { providerSummary } from '../../llm/errors.js';
import { sdkError } from '../../llm/sdk-errors.js';
import { GatewayError } from '../errors.js';
import type { Logger } from '../middleware/logger.js';

export interface Upstreams {
  /** Chat completions are forwarded here (with the solved grids as tool results). */
  openai?: { client: OpenAI; model: string };
  /** Messages are forwarded here. */
  anthropic?: { client: Anthropic; model: string };
  /** Most rounds of the gateway's own tool calls the upstream may make per request (default 4). */
  maxToolRounds?: number;
}

export type UpstreamApi = 'openai' | 'anthropic';

/** Model names that mean "the gateway's configured model". */
export const GATEWAY_MODEL_NAMES = ['trm-router', 'default'];

/** The upstream model for a requested name: the configured one for `trm-router`, else the name itself. */
export function upstreamModel(requested: string, configured: string): string {
  return GATEWAY_MODEL_NAMES.includes(requested) ? configured : requested;
}

/** What the mapping knows about the call. */
export interface UpstreamCall {
  /** The request's signal (its deadline's reason is the error once it fired). */
  signal?: AbortSignal | undefined;
  /** The request's logger: the upstream's own words go here, never to the client. */
  log?: Logger | undefined;
  /** The SDK client's timeout, ms (for the `TimeoutError` of an SDK-side timeout). */
  timeoutMs?: number;
}

const SDKS = { openai: OpenAI, anthropic: Anthropic } as const;
/** Upstream statuses that say the gateway, not the client's request, is at fault. */
const GATEWAY_SIDE = [401, 403, 407, 408];
/** Identifiers (error types, codes, parameter names) safe to pass on; anything else stays in the log. */
const IDENTIFIER = /^[A-Za-z0-9_.[\]-]{1,64}$/;

/**
 * Maps an upstream failure (see the module comment), logging what the upstream said.
 *
 * @example
 * try { await client.chat.completions.create(body, { signal }) } catch (e) { throw upstreamError('openai', e, { signal, log: c.var.log }) }
 */
export function upstreamError(api: UpstreamApi, error: unknown, call: UpstreamCall = {}): Error {
  const { signal, log } = call;
  if (signal?.aborted === true) {
    const reason: unknown = signal.reason;
    const ended = isTrmRouterError(reason) ? reason : new AbortedError('The request was aborted', { cause: error });
    log?.warn('upstream call cut short', { upstream: api, code: ended.code, error: ended.message });
    return ended;
  }
  if (error instanceof GatewayError) return error;
  if (isTrmRouterError(error) && !(error instanceof ProviderError)) return error;
  const mapped = error instanceof ProviderError ? error : sdkError(api, error, SDKS[api], call.timeoutMs === undefined ? {} : { timeoutMs: call.timeoutMs });
  log?.warn('upstream call failed', {
    upstream: api,
    code: mapped.code,
    ...(mapped instanceof ProviderError ? { reason: mapped.reason, status: mapped.upstreamStatus, retryAfterMs: mapped.retryAfterMs } : {}),
    error: mapped.message,
  });
  return mapped instanceof ProviderError ? publicError(api, mapped) : mapped;
}

/** The upstream's error type, code and parameter name, when they are plain identifiers. */
function upstreamFields(cause: unknown): Record<string, string> {
  const fields: Record<string, string> = {};
  if (typeof cause !== 'object' || cause === null) return fields;
  const e = cause as { type?: unknown; code?: unknown; param?: unknown };
  for (const [name, value] of [
    ['upstreamType', e.type],
    ['upstreamCode', e.code],
    ['param', e.param],
  ] as const) {
    if (typeof value === 'string' && IDENTIFIER.test(value)) fields[name] = value;
  }
  return fields;
}

const SEE_LOG = 'the gateway log has the details under this request id';

/** The error the client sees for an upstream failure: the gateway's words, typed, with Retry-After. */
function publicError(api: UpstreamApi, e: ProviderError): Error {
  const status = e.upstreamStatus;
  const wait = e.retryAfterMs;
  const seconds = wait === undefined ? undefined : Math.max(1, Math.ceil(wait / 1000));
  const headers: Record<string, string> = seconds === undefined ? {} : { 'retry-after': String(seconds) };
  const details = { upstream: api, ...(status === undefined ? {} : { status }), ...(wait === undefined ? {} : { retryAfterMs: wait }) };
  const retry = seconds === undefined ? '' : `; retry after ${seconds} s`;
  if (status === 429) {
    return new GatewayError(429, 'upstream_rate_limited', `The upstream ${api} API is rate limiting the gateway${retry}`, { headers, details, cause: e });
  }
  if (status === 503 || status === 529) {
    return new GatewayError(503, 'upstream_overloaded', `The upstream ${api} API is overloaded (HTTP ${status})${retry}`, { headers, details, cause: e });
  }
  if (status !== undefined && status >= 400 && status < 500 && !GATEWAY_SIDE.includes(status)) {
    return new GatewayError(status as ContentfulStatusCode, 'upstream_rejected', `The upstream ${api} API rejected the request (HTTP ${status}); ${SEE_LOG}`, {
      details: { ...details, ...upstreamFields(e.cause) },
      cause: e,
    });
  }
  const what =
    status !== undefined && [401, 403, 407].includes(status)
      ? `The upstream ${api} API refused the gateway's credentials (HTTP ${status})`
      : `The upstream call failed: ${providerSummary(e)}`;
  return new ProviderError(api, `${what}; ${SEE_LOG}`, {
    cause: e.cause ?? e,
    ...(e.reason === undefined ? {} : { reason: e.reason }),
    ...(status === undefined ? {} : { upstreamStatus: status }),
    retryable: e.retryable,
    ...(wait === undefined ? {} : { retryAfterMs: wait }),
  });
}
