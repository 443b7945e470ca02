/**
 * The gateway app factory: a Hono app with every route and middleware, and no listening (see
 * `serveGateway` for that, and `gatewayOptionsFromConfig` for options from the environment).
 * Everything is an option with a documented default, merged as `{ ...defaults, ...options }`.
 *
 * Middleware, in order: request id, JSON request log, metrics, CORS (when origins are set),
 * then on the API (`/v1/*`, `/mcp`, `/metrics`): API keys, per-key rate limit, body size limit
 * and the request deadline.
 *
 * @example
 * const app = createGateway({ modelDirs: config.modelDirs });
 * const res = await app.request('/v1/solve', { method: 'POST', body: JSON.stringify({ puzzle: '...' }) });
 */
import { createRequire } from 'node:module';
import { Hono } from 'hono';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { createTrmTools } from '../adapters/index.js';
import type { LlmProvider } from '../llm/index.js';
import { DEFAULT_LIMITS, createRouter } from '../router/index.js';
import type { Router, RouterLimits } from '../router/index.js';
import { anthropicMessagesRoutes } from './chat/anthropic.js';
import { openaiChatRoutes } from './chat/openai.js';
import type { Upstreams } from './chat/upstream.js';
import type { GatewayDeps } from './context.js';
import type { GatewayEnv, InputLimits } from './env.js';
import { GatewayError, describeError, errorResponse } from './errors.js';
import { DEFAULT_AUTH_FAILURES, apiKeyAuth, peerAddress, resolveClientAddress, trustedProxySet } from './middleware/auth.js';
import { createJsonLogger } from './middleware/logger.js';
import type { Logger } from './middleware/logger.js';
import { createGatewayMetrics, metricsMiddleware, PROMETHEUS_CONTENT_TYPE } from './middleware/metrics.js';
import type { GatewayMetrics } from './middleware/metrics.js';
import { createMemoryRateLimitStore, rateLimit } from './middleware/rate-limit.js';
import type { RateLimitStore } from './middleware/rate-limit.js';
import { requestLogger } from './middleware/logger.js';
import { requestId } from './middleware/request-id.js';
import { requestTimeout } from './middleware/timeout.js';
import { openApiDocument } from './openapi/document.js';
import { playgroundRoutes } from './playground/index.js';
import { healthRoutes } from './routes/health.js';
import { mcpRoutes } from './routes/mcp.js';
import { modelsRoutes } from './routes/models.js';
import { routeRoutes } from './routes/route.js';
import { solveRoutes } from './routes/solve.js';
import { DEFAULT_MAX_JSON_DEPTH } from '../core/json-depth.js';
import { PACKAGE_MODELS_DIR } from '../core/package-paths.js';
import { createSolveQueue } from './solve-queue.js';
import type { SolveQueue, SolveQueueOptions } from './solve-queue.js';
import { createSolveService } from './solve-service.js';
import type { SolveService } from './solve-service.js';
import type { ComputeLimits } from '../trm/index.js';

const VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

export interface GatewayOptions {
  /** Folders of TRM models (default: the package's own `models/`). */
  modelDirs?: readonly string[];
  /** ONNX Runtime intra-op threads (default 0 = its default). */
  threads?: number;
  /** Deadline of one solve, ms (default 60 000). */
  solveTimeoutMs?: number;
  /** Deadline of one API request until its response starts, ms (default 60 000). */
  requestTimeoutMs?: number;
  /** Accepted API keys; empty (default) = no authentication. */
  apiKeys?: readonly string[];
  /** Wrong API keys one client address may send per window before 429 (default 10 per minute); `false` or limit 0 = no throttling. */
  authFailures?: { limit: number; windowMs: number } | false;
  /** Requests per caller per window (default 600 per minute, in memory); `false` or limit 0 = none. */
  rateLimit?: { limit: number; windowMs: number; store?: RateLimitStore } | false;
  /** Largest request body, bytes (default 1 MiB). */
  bodyLimitBytes?: number;
  /** CORS origins (`*` for any); empty (default) = no CORS headers. */
  corsOrigins?: readonly string[];
  /**
   * Addresses of reverse proxies whose `X-Forwarded-For` is believed: behind one, the client's
   * address (throttles, rate limits without keys, logs) is the nearest forwarded address that
   * is not a trusted proxy. Default none: the socket's peer is the client.
   */
  trustedProxies?: readonly string[];
  /** Structured logger (default: JSON lines on stderr at `info`). */
  logger?: Logger;
  /** Metrics registry (default: a new one; pass one to read it in tests). */
  metrics?: GatewayMetrics;
  /** The router for /v1/route and upstream-less chats (default: local solvers and `llm`). */
  router?: Router;
  /** LLM for the default router (text parts, ambiguous regions). */
  llm?: LlmProvider;
  /** Upstream LLMs the chat endpoints forward to, per wire format. */
  upstream?: Upstreams;
  /** LLMs listed on GET /v1/models. */
  llms?: { provider: string; model: string }[];
  /** Router size limits (`maxInputChars` also bounds a puzzle sent to /v1/solve or a tool). */
  limits?: Partial<RouterLimits>;
  /** Deepest JSON nesting of a request body (default 64); deeper bodies are refused before parsing. */
  maxJsonDepth?: number;
  /** Load every installed model now, so /readyz turns ready without a first request (default false). */
  preload?: boolean;
  /** Serve the playground and docs pages (default true). */
  playground?: boolean;
  /** Serve MCP at /mcp (default true). */
  mcp?: boolean;
  /**
   * What one solve may spend, caps a request cannot raise (default 32 steps, explore 4, 50 000
   * cell-steps): asking for more is a 400 naming the field; a model's larger defaults are lowered
   * to them. `false`: no caps (not for a public server).
   */
  compute?: ComputeLimits | false;
  /**
   * The bounded solver queue every solve goes through (/v1/solve, /v1/route, the tools of the chat
   * endpoints and MCP): default 64 running (a full TRM batch), 256 waiting, 10 s longest wait; beyond that 503
   * `overloaded` with Retry-After.
   */
  solveQueue?: Partial<Omit<SolveQueueOptions, 'metrics'>>;
  /** Use this solve service (tests); default one from `modelDirs`, `threads`, `solveTimeoutMs`, `compute`. */
  service?: SolveService;
}

/** The default caps of one solve (`TRM_ROUTER_MAX_STEPS`, `TRM_ROUTER_MAX_EXPLORE`, `TRM_ROUTER_SOLVE_BUDGET`). */
export const DEFAULT_COMPUTE_LIMITS: ComputeLimits = { maxSteps: 32, maxExplore: 31, maxCellSteps: 50_000 };
/** The default solver queue (`TRM_ROUTER_MAX_CONCURRENT_SOLVES`, `TRM_ROUTER_MAX_QUEUED_SOLVES`, `TRM_ROUTER_MAX_QUEUE_WAIT_MS`). */
export const DEFAULT_SOLVE_QUEUE = { concurrency: 64, maxQueued: 256, maxWaitMs: 10_000 } as const;

const defaults = {
  modelDirs: [PACKAGE_MODELS_DIR] as readonly string[],
  threads: 0,
  solveTimeoutMs: 60_000,
  requestTimeoutMs: 60_000,
  apiKeys: [] as readonly string[],
  bodyLimitBytes: 1_048_576,
  corsOrigins: [] as readonly string[],
  trustedProxies: [] as readonly string[],
  preload: false,
  maxJsonDepth: DEFAULT_MAX_JSON_DEPTH,
  compute: DEFAULT_COMPUTE_LIMITS as ComputeLimits | false,
  playground: true,
  mcp: true,
} as const;

const POST_ONLY = ['/v1/solve', '/v1/route', '/v1/chat/completions', '/v1/messages'];
/** Routes whose whole input is one puzzle or one text of at most `maxInputChars`: their bodies get a smaller cap. */
const INPUT_ROUTES = ['/v1/solve', '/v1/route'];

/** 413 above `maxSize` bytes: from Content-Length before reading, else while reading. */
function bodyLimitOf(maxSize: number, setting: string): MiddlewareHandler<GatewayEnv> {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new GatewayError(413, 'payload_too_large', `Request body is larger than ${maxSize} bytes`, {
        details: { limitBytes: maxSize, field: 'body', setting },
      });
    },
  });
}

/**
 * Creates the gateway.
 *
 * @example
 * const app = createGateway({ apiKeys: ['secret'], rateLimit: { limit: 60, windowMs: 60_000 } });
 * serveGateway(app, { port: 8787 });
 */
export function createGateway(options: GatewayOptions = {}): Hono<GatewayEnv> {
  const o = { ...defaults, ...options } satisfies GatewayOptions;
  const logger = o.logger ?? createJsonLogger({ level: 'info' });
  const metrics = o.metrics ?? createGatewayMetrics();
  const queue = createSolveQueue({ ...DEFAULT_SOLVE_QUEUE, ...o.solveQueue, metrics });
  const service = queued(
    o.service ??
      createSolveService({
        modelDirs: o.modelDirs,
        threads: o.threads,
        timeoutMs: o.solveTimeoutMs,
        metrics,
        ...(o.compute === false ? {} : { limits: o.compute }),
      }),
    queue,
  );
  const limits = o.limits ?? {};
  const inputLimits: InputLimits = { maxJsonDepth: o.maxJsonDepth, maxInputChars: limits.maxInputChars ?? DEFAULT_LIMITS.maxInputChars };
  const router =
    o.router ??
    createRouter({
      solvers: service.localSolvers(),
      modelDirs: service.modelDirs,
      threads: o.threads,
      solveTimeoutMs: o.solveTimeoutMs,
      limits,
      ...(o.llm === undefined ? {} : { llm: o.llm }),
    });
  const toolkit = createTrmTools({
    modelDirs: service.modelDirs,
    maxInputChars: inputLimits.maxInputChars,
    solve: (parsed, solveOptions) => service.solve(parsed, { solver: 'auto', trace: false, view: false, format: 'pretty' }, solveOptions),
  });
  const deps: GatewayDeps = { service, router, toolkit, metrics, upstream: o.upstream ?? {}, limits, llms: o.llms ?? [] };
  if (o.preload) void service.warmUp();

  const app = new Hono<GatewayEnv>();
  app.use(requestId());
  const trusted = trustedProxySet(o.trustedProxies);
  app.use(async (c, next) => {
    const address = trusted.size === 0 ? peerAddress(c) : resolveClientAddress(peerAddress(c), c.req.header('x-forwarded-for'), trusted);
    c.set('clientAddress', address);
    c.set('keyId', `ip:${address}`);
    c.set('signal', c.req.raw.signal);
    c.set('inputLimits', inputLimits);
    await next();
  });
  app.use(requestLogger(logger));
  app.use(metricsMiddleware(metrics));
  if (o.corsOrigins.length > 0) {
    const origins = [...o.corsOrigins];
    app.use(
      cors({
        origin: origins.includes('*') ? '*' : origins,
        allowHeaders: ['authorization', 'content-type', 'x-api-key', 'x-request-id', 'anthropic-version', 'mcp-session-id', 'mcp-protocol-version'],
        exposeHeaders: ['x-request-id', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'retry-after', 'mcp-session-id'],
        maxAge: 600,
      }),
    );
  }
  const api = ['/v1/*', '/mcp', '/metrics'];
  const auth = apiKeyAuth({
    keys: o.apiKeys,
    failures: o.authFailures === false ? { limit: 0, windowMs: 1 } : (o.authFailures ?? DEFAULT_AUTH_FAILURES),
    onThrottled: () => metrics.rateLimited.inc(),
  });
  const limit = o.rateLimit === false ? undefined : { limit: 600, windowMs: 60_000, ...o.rateLimit };
  const store = limit === undefined || limit.limit <= 0 ? undefined : (limit.store ?? createMemoryRateLimitStore());
  const tooLarge = bodyLimitOf(o.bodyLimitBytes, 'TRM_ROUTER_BODY_LIMIT');
  // A puzzle or routed text is at most maxInputChars: its body cannot need more than a few bytes per character.
  const inputTooLarge = bodyLimitOf(Math.min(o.bodyLimitBytes, inputLimits.maxInputChars * 4 + 16_384), 'TRM_ROUTER_MAX_INPUT_CHARS');
  for (const path of api) {
    app.use(path, auth);
    if (limit !== undefined && store !== undefined) {
      app.use(
        path,
        rateLimit({
          limit: limit.limit,
          windowMs: limit.windowMs,
          store,
          onLimited: () => metrics.rateLimited.inc(),
          onStoreError: () => metrics.rateLimitStoreErrors.inc({ store: store.kind }),
        }),
      );
    }
    app.use(path, tooLarge);
    app.use(path, requestTimeout({ timeoutMs: o.requestTimeoutMs }));
  }
  for (const path of INPUT_ROUTES) app.use(path, inputTooLarge);

  healthRoutes(app, deps);
  app.get('/metrics', (c) => c.body(metrics.registry.render(), 200, { 'content-type': PROMETHEUS_CONTENT_TYPE }));
  app.get('/openapi.json', (c) => c.json(openApiDocument({ version: VERSION, auth: o.apiKeys.length > 0 })));
  solveRoutes(app, deps);
  routeRoutes(app, deps);
  modelsRoutes(app, deps);
  openaiChatRoutes(app, deps);
  anthropicMessagesRoutes(app, deps);
  if (o.mcp) mcpRoutes(app, deps);
  if (o.playground) playgroundRoutes(app, deps);
  for (const path of POST_ONLY) {
    app.all(path, () => {
      throw new GatewayError(405, 'method_not_allowed', `${path} accepts POST only`, { headers: { allow: 'POST' } });
    });
  }

  app.notFound((c) => {
    metrics.errors.inc({ code: 'not_found' });
    return errorResponse(c, new GatewayError(404, 'not_found', `No route for ${c.req.method} ${c.req.path} (see /openapi.json)`));
  });
  app.onError((error, c) => {
    metrics.errors.inc({ code: describeError(error).info.code });
    return errorResponse(c, error);
  });
  return app;
}

/** The service with every solve (its own and its local solvers') going through the queue. */
function queued(service: SolveService, queue: SolveQueue): SolveService {
  return {
    ...service,
    solve: (parsed, settings, options = {}) => queue.run(() => service.solve(parsed, settings, options), options.signal),
    localSolvers: () => {
      const local = service.localSolvers();
      return { solve: (parsed, options = {}) => queue.run(() => local.solve(parsed, options), options.signal) };
    },
  };
}
