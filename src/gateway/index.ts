/**
 * The Hono gateway: REST (`/v1/solve`, `/v1/route`, `/v1/models`), OpenAI- and
 * Anthropic-compatible chat endpoints, MCP over streamable HTTP at `/mcp`, health, readiness,
 * Prometheus metrics, `/openapi.json` and its docs page, and the playground at `/`.
 * Subpath export `trm-router/gateway` (it loads hono, the TRM runtime and the LLM SDKs).
 *
 * @example
 * import { createGateway, serveGateway } from 'trm-router/gateway';
 * const running = await serveGateway(createGateway({ modelDirs: loadConfig().modelDirs }), { port: 8787 });
 * // curl -s localhost:8787/v1/solve -d '{"puzzle": "53..7....6..195...."}' -H 'content-type: application/json'
 */
export { createGateway, DEFAULT_COMPUTE_LIMITS, DEFAULT_SOLVE_QUEUE } from './app.js';
export type { GatewayOptions } from './app.js';
export { serveGateway } from './serve.js';
export type { RunningGateway, ServeOptions } from './serve.js';
export { gatewayOptionsFromConfig, upstreamsFromConfig } from './from-config.js';
export type { ConfiguredGatewayOptions } from './from-config.js';
export type { Upstreams } from './chat/upstream.js';
export type { GatewayEnv, GatewayVariables } from './env.js';
export { GatewayError, describeError, errorType } from './errors.js';
export type { ErrorInfo, GatewayErrorCode } from './errors.js';
export { createJsonLogger, redact, silentLogger, LOG_LEVELS } from './middleware/logger.js';
export type { JsonLoggerOptions, LogFields, LogLevel, Logger } from './middleware/logger.js';
export { createGatewayMetrics, MetricsRegistry, Counter, Gauge, Histogram, PROMETHEUS_CONTENT_TYPE } from './middleware/metrics.js';
export type { GatewayMetrics } from './middleware/metrics.js';
export { createMemoryRateLimitStore } from './middleware/rate-limit.js';
export type { RateLimitHit, RateLimitStore } from './middleware/rate-limit.js';
export { createRedisRateLimitStore } from './middleware/redis-store.js';
export type { RedisRateLimitStoreOptions } from './middleware/redis-store.js';
export { keyMatches } from './middleware/auth.js';
export { createSolveQueue } from './solve-queue.js';
export type { SolveQueue, SolveQueueOptions } from './solve-queue.js';
export { createSolveService } from './solve-service.js';
export type { GatewaySolveOutcome, ReadyReport, SolveRequestSettings, SolveService, SolveServiceOptions } from './solve-service.js';
export * from './schemas.js';
export { openApiDocument } from './openapi/document.js';
export { playgroundExamples, playgroundHtml } from './playground/index.js';
export type { PageTask, PlaygroundExample } from './playground/index.js';
export { offeredTasks } from './offered-tasks.js';
export type { Board, SolveView, TraceFrame } from './trace-view.js';
