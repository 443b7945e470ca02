/**
 * Structured JSON logs: one line per event (`{"time","level","msg",...fields}`), a child logger
 * per request carrying its request id, and a middleware that logs every request once it is
 * answered (method, path, route, status, duration, caller id). Headers and bodies are never
 * logged, and fields whose names look secret (authorization, api keys, tokens, passwords,
 * cookies) are redacted wherever they appear.
 *
 * @example
 * const log = createJsonLogger({ level: 'info' });
 * log.child({ requestId: 'r1' }).info('request', { status: 200 });
 * // {"time":"2025-...","level":"info","msg":"request","requestId":"r1","status":200}
 */
import type { MiddlewareHandler } from 'hono';
import type { GatewayEnv } from '../env.js';

export const LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFields = Record<string, unknown>;

export interface Logger {
  error(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  debug(msg: string, fields?: LogFields): void;
  /** A logger whose lines all carry `fields`. */
  child(fields: LogFields): Logger;
}

export interface JsonLoggerOptions {
  /** Lowest level written (default `info`). */
  level?: LogLevel;
  /** Where lines go (default: standard error). */
  write?: (line: string) => void;
}

const SECRET_NAME = /authorization|api[-_]?key|secret|token|password|passwd|cookie|bearer/i;
const RANK: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 };

/** A copy of `value` with secret-looking fields replaced by `[redacted]`. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = SECRET_NAME.test(key) ? '[redacted]' : redact(v, depth + 1);
  return out;
}

/**
 * A logger writing one JSON object per line.
 *
 * @example
 * const lines: string[] = [];
 * const log = createJsonLogger({ level: 'debug', write: (l) => lines.push(l) });
 */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const rank = RANK[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => void process.stderr.write(line + '\n'));
  const make = (base: LogFields): Logger => {
    const emit = (level: Exclude<LogLevel, 'silent'>, msg: string, fields: LogFields = {}): void => {
      if (RANK[level] > rank) return;
      const record = redact({ time: new Date().toISOString(), level, msg, ...base, ...fields });
      let line: string;
      try {
        line = JSON.stringify(record);
      } catch {
        line = JSON.stringify({ time: new Date().toISOString(), level, msg, note: 'fields were not serialisable' });
      }
      write(line);
    };
    return {
      error: (msg, fields) => emit('error', msg, fields),
      warn: (msg, fields) => emit('warn', msg, fields),
      info: (msg, fields) => emit('info', msg, fields),
      debug: (msg, fields) => emit('debug', msg, fields),
      child: (fields) => make({ ...base, ...fields }),
    };
  };
  return make({});
}

/** A logger that writes nothing. */
export const silentLogger: Logger = createJsonLogger({ level: 'silent', write: () => undefined });

/**
 * Sets `c.var.log` (a child logger with the request id) and logs each request when answered.
 * Needs `requestId` (so it runs after the request-id middleware).
 */
export function requestLogger(logger: Logger): MiddlewareHandler<GatewayEnv> {
  return async (c, next) => {
    const started = performance.now();
    const log = logger.child({ requestId: c.var.requestId });
    c.set('log', log);
    await next();
    const status = c.res.status;
    const fields: LogFields = {
      method: c.req.method,
      path: c.req.path,
      route: c.req.routePath,
      status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      caller: c.var.keyId,
    };
    if (status >= 500) log.error('request', fields);
    else if (status >= 400) log.warn('request', fields);
    else log.info('request', fields);
  };
}
