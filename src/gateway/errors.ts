/**
 * Error mapping, Hono-style: one error class that knows its HTTP status (`GatewayError`, like
 * Hono's `HTTPException`) for what only the gateway can fail at (auth, rate limits, body size,
 * routing), and one mapper that turns anything thrown into a JSON error response. Toolkit
 * errors (`TrmRouterError`) keep their own `status` and `code`; zod errors become 400s naming
 * the field; anything else is a 500 whose message says nothing about the internals.
 *
 * @example
 * throw new GatewayError(429, 'rate_limited', 'Too many requests', { details: { retryAfterMs: 1200 } });
 * app.onError((error, c) => errorResponse(c, error));
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { InvalidInputError, isTrmRouterError } from '../core/errors.js';
import { DEFAULT_MAX_JSON_DEPTH, jsonTextDepth } from '../core/json-depth.js';
import type { GatewayEnv } from './env.js';

/** Codes of the errors only the gateway raises (toolkit codes are `ERROR_CODES` in core). */
export type GatewayErrorCode =
  | 'invalid_json'
  | 'unsupported_media_type'
  | 'unauthorized'
  | 'rate_limited'
  | 'payload_too_large'
  | 'not_found'
  | 'method_not_allowed'
  | 'shutting_down'
  | 'overloaded'
  | 'upstream_rejected'
  | 'upstream_rate_limited'
  | 'upstream_overloaded'
  | 'internal';

export interface GatewayErrorOptions {
  details?: Record<string, unknown>;
  headers?: Record<string, string>;
  cause?: unknown;
}

/** An HTTP error raised by the gateway itself. */
export class GatewayError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: GatewayErrorCode;
  readonly details: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(status: ContentfulStatusCode, code: GatewayErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GatewayError';
    this.status = status;
    this.code = code;
    this.details = options.details ?? {};
    this.headers = options.headers ?? {};
  }

  toJSON(): { code: string; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** The error object every endpoint answers with (`{ error: ErrorInfo }`). */
export interface ErrorInfo {
  /** Stable code (`invalid_input`, `rate_limited`, ...): match on this. */
  code: string;
  /** The OpenAI/Anthropic error type for the status (`invalid_request_error`, ...). */
  type: string;
  message: string;
  details: Record<string, unknown>;
}

export const errorInfoSchema = z
  .object({
    code: z.string().describe('Stable machine-readable code, e.g. invalid_input, invalid_json, unauthorized, rate_limited'),
    type: z.string().describe('The OpenAI/Anthropic-style error type for the status'),
    message: z.string().describe('What went wrong, naming the offending field'),
    details: z.record(z.string(), z.unknown()).describe('Structured details: field, position, limits'),
  })
  .describe('An error');

export const errorBodySchema = z.object({ error: errorInfoSchema }).meta({ id: 'ErrorResponse' });

/** The OpenAI / Anthropic error type of an HTTP status. */
export function errorType(status: number): string {
  if (status === 400 || status === 415 || status === 422) return 'invalid_request_error';
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404 || status === 405) return 'not_found_error';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit_error';
  if (status === 503) return 'overloaded_error';
  if (status === 504) return 'timeout_error';
  return 'api_error';
}

/** Turns a zod error into an `InvalidInputError` naming the first offending field. */
export function fromZodError(error: z.ZodError, what = 'request body'): InvalidInputError {
  const issues = error.issues.slice(0, 10).map((issue) => ({ field: issue.path.map(String).join('.') || '(root)', message: issue.message }));
  const first = issues[0] ?? { field: '(root)', message: 'invalid' };
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return new InvalidInputError(`Invalid ${what}: ${first.field}: ${first.message}${more}`, { field: first.field, details: { issues } });
}

/** Status, headers and error info for anything thrown. Unknown errors become an opaque 500. */
export function describeError(error: unknown): { status: ContentfulStatusCode; info: ErrorInfo; headers: Record<string, string>; unexpected: boolean } {
  if (error instanceof GatewayError) {
    return { status: error.status, info: { ...error.toJSON(), type: errorType(error.status) }, headers: error.headers, unexpected: false };
  }
  if (error instanceof z.ZodError) return describeError(fromZodError(error));
  if (isTrmRouterError(error)) {
    const status = (error.status >= 400 && error.status <= 599 ? error.status : 500) as ContentfulStatusCode;
    return { status, info: { ...error.toJSON(), type: errorType(status) }, headers: {}, unexpected: false };
  }
  const info: ErrorInfo = { code: 'internal', type: 'api_error', message: 'Internal server error (see the gateway log for this request id)', details: {} };
  return { status: 500, info, headers: {}, unexpected: true };
}

/** The wire flavour of an error body: `{error}` (REST, OpenAI) or `{type: 'error', error}` (Anthropic). */
export type ErrorFlavour = 'default' | 'anthropic';

/**
 * A JSON error response for `error`; unexpected errors are logged with their stack (once, here).
 *
 * @example
 * app.onError((error, c) => errorResponse(c, error));
 */
export function errorResponse(c: Context<GatewayEnv>, error: unknown, flavour: ErrorFlavour = flavourOf(c.req.path)): Response {
  const { status, info, headers, unexpected } = describeError(error);
  if (unexpected)
    c.var.log?.error('unexpected error', { error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) });
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  const requestId = c.var.requestId;
  const body = flavour === 'anthropic' ? { type: 'error', error: info, request_id: requestId } : { error: info, request_id: requestId };
  return c.json(body, status);
}

function flavourOf(path: string): ErrorFlavour {
  return path === '/v1/messages' ? 'anthropic' : 'default';
}

/**
 * Reads the body as JSON whatever the declared type (curl -d sends form encoding), except
 * multipart and binary types (415); 400 naming the problem for an empty body, bad JSON, or JSON
 * nested deeper than `c.var.inputLimits.maxJsonDepth` (measured before parsing, without
 * recursion, so nothing downstream can overflow the stack on it).
 */
export async function readJson(c: Context<GatewayEnv>): Promise<unknown> {
  return parseJsonBody(await readText(c), c.var.inputLimits?.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH);
}

/** The body as text; 415 for multipart and binary types. */
export async function readText(c: Context<GatewayEnv>): Promise<string> {
  const type = c.req.header('content-type')?.trim().toLowerCase() ?? '';
  if (/^(multipart\/|application\/octet-stream|image\/|audio\/|video\/)/.test(type)) {
    throw new GatewayError(415, 'unsupported_media_type', `Content-Type must be application/json (got ${JSON.stringify(type.slice(0, 100))})`, {
      details: { field: 'content-type' },
    });
  }
  return c.req.text();
}

/** 400 `invalid_json` when JSON text nests arrays and objects more than `maxDepth` deep (no recursion, no parsing). */
export function checkJsonDepth(text: string, maxDepth: number): void {
  if (jsonTextDepth(text, maxDepth) > maxDepth) {
    throw new GatewayError(400, 'invalid_json', `Request body is nested more than ${maxDepth} levels deep`, { details: { field: 'body', maxDepth } });
  }
}

/** Parses a JSON body: 400 `invalid_json` when it is empty, nested deeper than `maxDepth`, or not JSON. */
export function parseJsonBody(text: string, maxDepth: number): unknown {
  if (text.trim() === '') throw new GatewayError(400, 'invalid_json', 'Request body is empty: send a JSON object', { details: { field: 'body' } });
  checkJsonDepth(text, maxDepth);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new GatewayError(400, 'invalid_json', `Request body is not valid JSON: ${reason}`, { details: { field: 'body' } });
  }
}

/** Parses the JSON body with a zod schema (400 naming the first bad field). */
export async function readBody<S extends z.ZodType>(c: Context<GatewayEnv>, schema: S): Promise<z.output<S>> {
  const parsed = schema.safeParse(await readJson(c));
  if (!parsed.success) throw fromZodError(parsed.error);
  return parsed.data;
}
