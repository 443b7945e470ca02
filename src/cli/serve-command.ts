/**
 * `trm-router serve [--host HOST] [--port PORT] [--models-dir DIR]...`: the Hono gateway (REST,
 * OpenAI- and Anthropic-compatible chat endpoints, MCP at /mcp, the playground at /) on
 * 127.0.0.1:8787 by default, with the installed models; settings come from the environment
 * (`src/config.ts`). SIGINT or SIGTERM shuts it down gracefully: in-flight requests finish, new
 * ones are refused.
 */
import type { Config } from '../config.js';
import type { Command } from './command.js';
import { defineCommand, opt } from './command.js';
import type { CliIo } from './io.js';
import { EXIT } from './io.js';

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

/** The command, stopped by `hooks.stop` (default: a signal). */
export function createServeCommand(hooks: ServeHooks = {}): Command {
  return defineCommand({
    name: 'serve',
    summary: 'the HTTP gateway: REST, OpenAI/Anthropic-compatible chat, MCP, playground',
    usage: {
      description:
        'Serves the gateway: POST /v1/solve, /v1/route, /v1/chat/completions (OpenAI-compatible),\n' +
        '/v1/messages (Anthropic-compatible), /mcp (MCP over HTTP), GET /v1/models, /healthz, /readyz,\n' +
        '/metrics, /openapi.json, /docs, and the playground at /.',
      footer:
        'Environment: TRM_ROUTER_MODELS_DIR, TRM_ROUTER_API_KEY (comma-separated keys), TRM_ROUTER_RATE_LIMIT,\n' +
        'TRM_ROUTER_RATE_WINDOW_MS, REDIS_URL, TRM_ROUTER_BODY_LIMIT, TRM_ROUTER_CORS_ORIGINS,\n' +
        'TRM_ROUTER_TIMEOUT_MS, TRM_ROUTER_SHUTDOWN_GRACE_MS, TRM_ROUTER_LOG_LEVEL, the compute caps\n' +
        'TRM_ROUTER_MAX_STEPS, TRM_ROUTER_MAX_EXPLORE, TRM_ROUTER_SOLVE_BUDGET (cell-steps per solve), the solver\n' +
        'queue TRM_ROUTER_MAX_CONCURRENT_SOLVES, TRM_ROUTER_MAX_QUEUED_SOLVES, TRM_ROUTER_MAX_QUEUE_WAIT_MS, and the LLM settings\n' +
        "(OPENAI_*, ANTHROPIC_*) for the chat endpoints' upstreams.",
    },
    options: {
      host: opt.string({ value: 'HOST', description: 'address to listen on', defaultText: 'TRM_ROUTER_HOST, 127.0.0.1' }),
      port: opt.integer({ value: 'PORT', min: 0, max: 65_535, description: 'port (0 = any free port)', defaultText: 'TRM_ROUTER_PORT, 8787' }),
      'models-dir': opt.modelsDir(),
    },
    async run({ values, io, config }) {
      const port = values.port ?? config.gateway.port;
      const host = values.host ?? config.gateway.host;
      // Loaded here so that other commands do not pay for hono and the gateway at startup.
      const { createGateway, gatewayOptionsFromConfig, serveGateway } = await import('../gateway/index.js');
      const options = await gatewayOptionsFromConfig(config);
      const running = await serveGateway(createGateway(options), { host, port, shutdownGraceMs: config.gateway.shutdownGraceMs, logger: options.logger });
      options.logger.info('listening', {
        url: running.url,
        modelDirs: config.modelDirs,
        auth: config.gateway.apiKeys.length > 0,
        redis: config.gateway.redisUrl !== undefined,
      });
      io.stderr(`trm-router gateway on ${running.url} (playground ${running.url}/, API docs ${running.url}/docs)\n`);
      hooks.onListening?.(running.url);
      await (hooks.stop ?? waitForSignal());
      await running.close();
      await options.close();
      return EXIT.ok;
    },
  });
}

export const serveCommand = createServeCommand();

/** Runs `trm-router serve` with `argv` until stopped; returns the exit status. Never throws. */
export function runServeCommand(argv: string[], io: CliIo, config: Config, hooks: ServeHooks = {}): Promise<number> {
  return createServeCommand(hooks).run(argv, io, config);
}
