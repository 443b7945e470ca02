/**
 * One error hierarchy for the whole toolkit. Every error carries a stable string `code`
 * (for programs and logs), the HTTP status the gateway maps it to, and structured `details`.
 * Foreign errors (ORT, SDKs, fs) are wrapped as `cause`, never leaked raw.
 *
 * @example
 * try { parseSudoku(text) } catch (e) {
 *   if (e instanceof InvalidInputError) console.error(e.code, e.field, e.position, e.message);
 * }
 */

/** Stable machine-readable error codes. Never rename one: clients match on them. */
export const ERROR_CODES = [
  'invalid_input',
  'unsolvable',
  'not_supported',
  'model_load',
  'solver',
  'provider',
  'timeout',
  'aborted',
  'invalid_config',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** A cell of a grid, zero-based. */
export interface CellPosition {
  row: number;
  col: number;
}

export interface TrmRouterErrorOptions {
  cause?: unknown;
  details?: Record<string, unknown>;
}

/** Base class: `code` is stable, `status` is the HTTP mapping used by the gateway. */
export class TrmRouterError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, status: number, message: string, options: TrmRouterErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.details = options.details ?? {};
  }

  /** A JSON-safe view for APIs, CLIs and tool results. */
  toJSON(): { code: ErrorCode; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export interface InvalidInputOptions extends TrmRouterErrorOptions {
  /** Dotted path of the offending field (`"grid"`, `"train.0.input"`, `"options.maxSteps"`). */
  field?: string;
  /** The offending cell, when the problem is located in a grid. */
  position?: CellPosition;
  /** Several offending cells (e.g. conflicting givens). */
  positions?: CellPosition[];
}

/** The input cannot be understood or is not a legal instance (400). */
export class InvalidInputError extends TrmRouterError {
  readonly field: string | undefined;
  readonly position: CellPosition | undefined;
  readonly positions: CellPosition[] | undefined;

  constructor(message: string, options: InvalidInputOptions = {}) {
    super('invalid_input', 400, message, {
      cause: options.cause,
      details: {
        ...options.details,
        ...(options.field === undefined ? {} : { field: options.field }),
        ...(options.position === undefined ? {} : { position: options.position }),
        ...(options.positions === undefined ? {} : { positions: options.positions }),
      },
    });
    this.field = options.field;
    this.position = options.position;
    this.positions = options.positions;
  }
}

/** A well-formed puzzle that has no solution (422). */
export class UnsolvableError extends TrmRouterError {
  constructor(message: string, options: TrmRouterErrorOptions = {}) {
    super('unsolvable', 422, message, options);
  }
}

/** The requested operation does not exist for this task (e.g. an exact ARC solver) (501). */
export class NotSupportedError extends TrmRouterError {
  constructor(message: string, options: TrmRouterErrorOptions = {}) {
    super('not_supported', 501, message, options);
  }
}

/** A model folder is missing, truncated, or does not match its manifest (500). */
export class ModelLoadError extends TrmRouterError {
  readonly modelPath: string | undefined;
  constructor(message: string, options: TrmRouterErrorOptions & { modelPath?: string } = {}) {
    super('model_load', 500, message, {
      cause: options.cause,
      details: { ...options.details, ...(options.modelPath === undefined ? {} : { modelPath: options.modelPath }) },
    });
    this.modelPath = options.modelPath;
  }
}

/** A solver failed for a reason other than bad input (500). */
export class SolverError extends TrmRouterError {
  constructor(message: string, options: TrmRouterErrorOptions = {}) {
    super('solver', 500, message, options);
  }
}

/**
 * Why a provider call failed (`ProviderError.reason`): an HTTP error status, no connection, an
 * error event inside a stream, a response that does not parse, model output that does not
 * match what was asked, or every provider of a fallback chain failed.
 */
export type ProviderFailureReason = 'http' | 'connection' | 'stream_error' | 'malformed_response' | 'invalid_output' | 'all_failed';

export interface ProviderErrorOptions extends TrmRouterErrorOptions {
  reason?: ProviderFailureReason;
  /** The HTTP status the provider answered (not the gateway's own 502). */
  upstreamStatus?: number;
  /** Worth trying again (429, 5xx, connection failures). Default false. */
  retryable?: boolean;
  /** The wait the provider asked for (Retry-After), ms. */
  retryAfterMs?: number;
}

/**
 * An LLM provider failed (502); the SDK error is the `cause`. Programs read the typed fields;
 * `details` is their JSON view for logs and HTTP bodies (`reason`, `status` = `upstreamStatus`,
 * `retryable`, `retryAfterMs`, `provider`, each present when set, plus any extra `details`).
 *
 * @example
 * if (e instanceof ProviderError && e.retryable) await sleep(e.retryAfterMs ?? 1000);
 */
export class ProviderError extends TrmRouterError {
  readonly provider: string;
  readonly reason: ProviderFailureReason | undefined;
  readonly upstreamStatus: number | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(provider: string, message: string, options: ProviderErrorOptions = {}) {
    const { reason, upstreamStatus, retryable, retryAfterMs } = options;
    super('provider', 502, message, {
      cause: options.cause,
      details: {
        ...options.details,
        ...(reason === undefined ? {} : { reason }),
        ...(upstreamStatus === undefined ? {} : { status: upstreamStatus }),
        ...(retryable === undefined ? {} : { retryable }),
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        provider,
      },
    });
    this.provider = provider;
    this.reason = reason;
    this.upstreamStatus = upstreamStatus;
    this.retryable = retryable ?? false;
    this.retryAfterMs = retryAfterMs;
  }
}

/** An operation ran past its deadline (504). */
export class TimeoutError extends TrmRouterError {
  readonly timeoutMs: number;
  constructor(message: string, timeoutMs: number, options: TrmRouterErrorOptions = {}) {
    super('timeout', 504, message, { cause: options.cause, details: { ...options.details, timeoutMs } });
    this.timeoutMs = timeoutMs;
  }
}

/** The caller aborted the operation through its AbortSignal (499, client closed request). */
export class AbortedError extends TrmRouterError {
  constructor(message = 'The operation was aborted', options: TrmRouterErrorOptions = {}) {
    super('aborted', 499, message, options);
  }
}

/** Environment or options failed validation (500 at startup; the CLI exits with it). */
export class ConfigError extends TrmRouterError {
  readonly issues: { field: string; message: string }[];
  constructor(message: string, issues: { field: string; message: string }[], options: TrmRouterErrorOptions = {}) {
    super('invalid_config', 500, message, { cause: options.cause, details: { ...options.details, issues } });
    this.issues = issues;
  }
}

export function isTrmRouterError(value: unknown): value is TrmRouterError {
  return value instanceof TrmRouterError;
}

/**
 * The error for work ended by `signal`: its reason when that is a toolkit error (a deadline
 * aborts with its `TimeoutError`, so the caller sees a timeout, not an abort), else `AbortedError`.
 *
 * @example
 * signal.addEventListener('abort', () => reject(abortError(signal)));
 */
export function abortError(signal: AbortSignal | undefined, message?: string): TrmRouterError {
  const reason: unknown = signal?.reason;
  return isTrmRouterError(reason) ? reason : new AbortedError(message, { cause: reason });
}

/** Throws `abortError(signal)` if the signal is already aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}
