/**
 * The only reader of environment variables in trm-router. Everything else receives a typed
 * `Config` (or explicit options). Every variable, its default and its meaning is listed here.
 *
 * @example
 * const config = loadConfig();              // from process.env
 * const test = loadConfig({ TRM_ROUTER_THREADS: '1' }); // from an explicit record
 */
import { isIP } from 'node:net';
import { delimiter } from 'node:path';
import { z } from 'zod';
import { ConfigError } from './core/errors.js';
import { PACKAGE_MODELS_DIR } from './core/package-paths.js';

const emptyToUndefined = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);

const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const optionalUrl = z.preprocess(emptyToUndefined, z.url().optional());
const intInRange = (min: number, max: number, fallback: number) => z.preprocess(emptyToUndefined, z.coerce.number().int().min(min).max(max).default(fallback));

/** Environment variables and their defaults. */
export const envSchema = z.object({
  /**
   * The user's folders of TRM models (`<dir>/<name>/model.onnx`), separated by `:` (`;` on
   * Windows) or commas, searched after the models shipped in the package; a model of the same
   * name replaces the package's. None by default.
   */
  TRM_ROUTER_MODELS_DIR: optionalString,
  /** Whether the models shipped in the package are searched (1, the default) or only the user's folders (0). */
  TRM_ROUTER_PACKAGE_MODELS: z.preprocess(emptyToUndefined, z.enum(['0', '1']).default('1')),
  /** Intra-op threads per ONNX Runtime session (0 = ORT's default). */
  TRM_ROUTER_THREADS: intInRange(0, 256, 0),
  /** Default per-request timeout in milliseconds. */
  TRM_ROUTER_TIMEOUT_MS: intInRange(1, 3_600_000, 60_000),
  /** Gateway port and host (127.0.0.1 unless set). */
  TRM_ROUTER_PORT: intInRange(0, 65_535, 8787),
  TRM_ROUTER_HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  /**
   * API keys the gateway requires (as `Authorization: Bearer KEY` or `x-api-key: KEY`), comma
   * separated; none = no authentication (fine on 127.0.0.1, not on a public address).
   */
  TRM_ROUTER_API_KEY: optionalString,
  /** Gateway: requests per key (or per client address without keys) per window; 0 = no limit. */
  TRM_ROUTER_RATE_LIMIT: intInRange(0, 10_000_000, 600),
  /** Gateway: rate-limit window in milliseconds. */
  TRM_ROUTER_RATE_WINDOW_MS: intInRange(1_000, 86_400_000, 60_000),
  /**
   * Gateway: wrong API keys one client address may send per window before every request from it
   * is refused with 429 until the window ends; 0 = no throttling.
   */
  TRM_ROUTER_AUTH_FAILURE_LIMIT: intInRange(0, 1_000_000, 10),
  /** Gateway: the window of `TRM_ROUTER_AUTH_FAILURE_LIMIT`, ms. */
  TRM_ROUTER_AUTH_FAILURE_WINDOW_MS: intInRange(1_000, 86_400_000, 60_000),
  /** Gateway: shares rate-limit counters across instances through Redis (`redis://host:port/db`). */
  REDIS_URL: optionalUrl,
  /** Gateway: largest request body in bytes (413 above it). */
  TRM_ROUTER_BODY_LIMIT: intInRange(1_024, 1_073_741_824, 1_048_576),
  /** Gateway: origins allowed by CORS, comma separated (`*` for any); none = no CORS headers. */
  TRM_ROUTER_CORS_ORIGINS: optionalString,
  /**
   * Gateway: reverse proxies whose `X-Forwarded-For` is believed, IP addresses, comma separated;
   * none = the socket's peer is the client (behind a proxy, every client would share its address).
   */
  TRM_ROUTER_TRUSTED_PROXIES: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine((v) => v.split(',').every((a) => a.trim() === '' || isIP(a.trim().replace(/^::ffff:/i, '')) !== 0), 'every entry must be an IP address')
      .optional(),
  ),
  /** Gateway: how long shutdown waits for in-flight requests before closing connections, ms. */
  TRM_ROUTER_SHUTDOWN_GRACE_MS: intInRange(0, 600_000, 10_000),
  /**
   * Gateway compute caps, which a request cannot raise: most TRM supervision steps (`maxSteps`),
   * most exploration samples (`explore`), and the budget of one solve in cell-steps (steps x samples x
   * cells). A request asking for more is refused with 400 naming the field; a model's larger
   * defaults are lowered to them (README, "Cost control").
   */
  TRM_ROUTER_MAX_STEPS: intInRange(1, 256, 32),
  TRM_ROUTER_MAX_EXPLORE: intInRange(0, 64, 31),
  TRM_ROUTER_SOLVE_BUDGET: intInRange(1, 1_000_000_000, 50_000),
  /** Gateway solver queue: solves running at once, solves waiting at most (more are shed with 503), longest wait in ms (then 503). */
  TRM_ROUTER_MAX_CONCURRENT_SOLVES: intInRange(1, 1_024, 64),
  TRM_ROUTER_MAX_QUEUED_SOLVES: intInRange(0, 100_000, 256),
  TRM_ROUTER_MAX_QUEUE_WAIT_MS: intInRange(1, 3_600_000, 10_000),
  /** Log level for the CLI and gateway. */
  TRM_ROUTER_LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['silent', 'error', 'warn', 'info', 'debug']).default('info')),
  /** OpenAI (or any OpenAI-compatible server through OPENAI_BASE_URL). */
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_MODEL: z.preprocess(emptyToUndefined, z.string().default('gpt-4.1-mini')),
  /** Anthropic. */
  ANTHROPIC_API_KEY: optionalString,
  ANTHROPIC_BASE_URL: optionalUrl,
  ANTHROPIC_MODEL: z.preprocess(emptyToUndefined, z.string().default('claude-sonnet-4-5')),
  /** LLM call timeout and retries. */
  TRM_ROUTER_LLM_TIMEOUT_MS: intInRange(1, 3_600_000, 60_000),
  TRM_ROUTER_LLM_MAX_RETRIES: intInRange(0, 10, 2),
  /** Router: longest request in characters (refused before any detection or LLM call). */
  TRM_ROUTER_MAX_INPUT_CHARS: intInRange(1, 10_000_000, 100_000),
  /** Router: most puzzles in one request. */
  TRM_ROUTER_MAX_GRID_PARTS: intInRange(1, 256, 8),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  /** Folders searched for models: the package's own `models/` (unless `TRM_ROUTER_PACKAGE_MODELS=0`), then `TRM_ROUTER_MODELS_DIR`. */
  modelDirs: string[];
  threads: number;
  timeoutMs: number;
  gateway: {
    host: string;
    port: number;
    /** Every accepted API key (`TRM_ROUTER_API_KEY`, comma separated). */
    apiKeys: string[];
    /** Requests per key per window (0 = no limit). */
    rateLimit: number;
    rateWindowMs: number;
    /** Wrong API keys per client address per window before 429 (0 = no throttling). */
    authFailureLimit: number;
    authFailureWindowMs: number;
    redisUrl: string | undefined;
    bodyLimitBytes: number;
    /** CORS origins; empty = no CORS. */
    corsOrigins: string[];
    trustedProxies: string[];
    shutdownGraceMs: number;
    /** What one solve may spend (`TRM_ROUTER_MAX_STEPS`, `TRM_ROUTER_MAX_EXPLORE`, `TRM_ROUTER_SOLVE_BUDGET`). */
    compute: { maxSteps: number; maxExplore: number; maxCellSteps: number };
    /** The bounded solver queue (`TRM_ROUTER_MAX_CONCURRENT_SOLVES`, `TRM_ROUTER_MAX_QUEUED_SOLVES`, `TRM_ROUTER_MAX_QUEUE_WAIT_MS`). */
    solveQueue: { concurrency: number; maxQueued: number; maxWaitMs: number };
  };
  logLevel: Env['TRM_ROUTER_LOG_LEVEL'];
  router: { maxInputChars: number; maxGridParts: number };
  llm: {
    timeoutMs: number;
    maxRetries: number;
    openai: { apiKey: string | undefined; baseURL: string | undefined; model: string };
    anthropic: { apiKey: string | undefined; baseURL: string | undefined; model: string };
  };
}

/** Folders separated by the platform's path delimiter or commas (blank entries dropped). */
function pathList(value: string | undefined): string[] {
  return value === undefined
    ? []
    : value
        .split(new RegExp(`[,${delimiter === ';' ? ';' : ':'}]`))
        .map((v) => v.trim())
        .filter((v) => v !== '');
}

/** A comma-separated setting as a list (blank entries dropped). */
function list(value: string | undefined): string[] {
  return value === undefined
    ? []
    : value
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');
}

/**
 * Reads and validates the environment. Throws `ConfigError` naming every bad variable.
 * Unknown variables are ignored.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      field: issue.path.join('.'),
      message: issue.message,
    }));
    const list = issues.map((i) => `${i.field}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid environment: ${list}`, issues);
  }
  const e = parsed.data;
  return {
    modelDirs: [...(e.TRM_ROUTER_PACKAGE_MODELS === '1' ? [PACKAGE_MODELS_DIR] : []), ...pathList(e.TRM_ROUTER_MODELS_DIR)],
    threads: e.TRM_ROUTER_THREADS,
    timeoutMs: e.TRM_ROUTER_TIMEOUT_MS,
    gateway: {
      host: e.TRM_ROUTER_HOST,
      port: e.TRM_ROUTER_PORT,
      apiKeys: list(e.TRM_ROUTER_API_KEY),
      rateLimit: e.TRM_ROUTER_RATE_LIMIT,
      rateWindowMs: e.TRM_ROUTER_RATE_WINDOW_MS,
      authFailureLimit: e.TRM_ROUTER_AUTH_FAILURE_LIMIT,
      authFailureWindowMs: e.TRM_ROUTER_AUTH_FAILURE_WINDOW_MS,
      redisUrl: e.REDIS_URL,
      bodyLimitBytes: e.TRM_ROUTER_BODY_LIMIT,
      corsOrigins: list(e.TRM_ROUTER_CORS_ORIGINS),
      trustedProxies: list(e.TRM_ROUTER_TRUSTED_PROXIES),
      shutdownGraceMs: e.TRM_ROUTER_SHUTDOWN_GRACE_MS,
      compute: { maxSteps: e.TRM_ROUTER_MAX_STEPS, maxExplore: e.TRM_ROUTER_MAX_EXPLORE, maxCellSteps: e.TRM_ROUTER_SOLVE_BUDGET },
      solveQueue: {
        concurrency: e.TRM_ROUTER_MAX_CONCURRENT_SOLVES,
        maxQueued: e.TRM_ROUTER_MAX_QUEUED_SOLVES,
        maxWaitMs: e.TRM_ROUTER_MAX_QUEUE_WAIT_MS,
      },
    },
    logLevel: e.TRM_ROUTER_LOG_LEVEL,
    router: { maxInputChars: e.TRM_ROUTER_MAX_INPUT_CHARS, maxGridParts: e.TRM_ROUTER_MAX_GRID_PARTS },
    llm: {
      timeoutMs: e.TRM_ROUTER_LLM_TIMEOUT_MS,
      maxRetries: e.TRM_ROUTER_LLM_MAX_RETRIES,
      openai: { apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, model: e.OPENAI_MODEL },
      anthropic: { apiKey: e.ANTHROPIC_API_KEY, baseURL: e.ANTHROPIC_BASE_URL, model: e.ANTHROPIC_MODEL },
    },
  };
}
