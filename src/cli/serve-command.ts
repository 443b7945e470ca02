/**
 * `trm-router serve [--host HOST] [--port PORT]`: the Hono gateway (REST, OpenAI- and
 * Anthropic-compatible chat endpoints, MCP at /mcp, the playground at /) on 127.0.0.1:8787 by
 * default, with the installed models; settings come from the environment (`src/config.ts`).
 * SIGINT or SIGTERM shuts it down gracefully: in-flight requests finish, new ones are refused.
 */
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { InvalidInputError } from '../core/index.js';
import type { CliIo } from './io.js';
import { EXIT, reportCommandError } from './io.js';

export const SERVE_USAGE = `Usage: trm-router serve [options]

Serves the gateway: POST /v1/solve, /v1/route, /v1/chat/completions (OpenAI-compatible),
/v1/messages (Anthropic-compatible), /mcp (MCP over HTTP), GET /v1/models, /healthz, /readyz,
/metrics, /openapi.json, /docs, and the playground at /.

Options:
  --host HOST   address to listen on (default: TRM_ROUTER_HOST, 127.0.0.1)
  --port PORT   port (default: TRM_ROUTER_PORT, 8787; 0 = any free port)
  -h, --help    this help

Environment: TRM_ROUTER_MODELS_DIR, TRM_ROUTER_API_KEY (comma-separated keys), TRM_ROUTER_RATE_LIMIT,
TRM_ROUTER_RATE_WINDOW_MS, REDIS_URL, TRM_ROUTER_BODY_LIMIT, TRM_ROUTER_CORS_ORIGINS,
TRM_ROUTER_TIMEOUT_MS, TRM_ROUTER_SHUTDOWN_GRACE_MS, TRM_ROUTER_LOG_LEVEL, and the LLM settings
(OPENAI_*, ANTHROPIC_*) for the chat endpoints' upstreams.`;

export interface ServeHooks {
  /** Resolves when the server should stop (default: SIGINT or SIGTERM). */
  stop?: Promise<unknown>;
  /** Called with the URL once the server listens. */
  onListening?: (url: string) => void;
}

function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

/** Runs the command until stopped; returns the exit status. Never throws. */
export async function runServeCommand(argv: string[], io: CliIo, config: Config, hooks: ServeHooks = {}): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { host: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    });
    if (values.help) {
      io.stdout(SERVE_USAGE + '\n');
      return EXIT.ok;
    }
    if (positionals.length > 0) throw new InvalidInputError(`Unexpected argument "${positionals[0]}"`, { field: 'argv' });
    const port = values.port === undefined ? config.gateway.port : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new InvalidInputError(`--port must be 0..65535 (got "${values.port}")`, { field: '--port' });
    const host = values.host ?? config.gateway.host;
    // Loaded here so that other commands do not pay for hono and the gateway at startup.
    const { createGateway, gatewayOptionsFromConfig, serveGateway } = await import('../gateway/index.js');
    const options = await gatewayOptionsFromConfig(config);
    const running = await serveGateway(createGateway(options), { host, port, shutdownGraceMs: config.gateway.shutdownGraceMs, logger: options.logger });
    options.logger.info('listening', { url: running.url, modelDirs: config.modelDirs, auth: config.gateway.apiKeys.length > 0, redis: config.gateway.redisUrl !== undefined });
    io.stderr(`trm-router gateway on ${running.url} (playground ${running.url}/, API docs ${running.url}/docs)\n`);
    hooks.onListening?.(running.url);
    await (hooks.stop ?? waitForSignal());
    await running.close();
    await options.close();
    return EXIT.ok;
  } catch (error) {
    return reportCommandError(io, 'serve', error, false);
  }
}
