/**
 * `/mcp`: the MCP streamable-HTTP endpoint (stateless: every POST is answered with JSON by a
 * fresh server over the gateway's tool kit). The MCP SDK is an optional peer dependency, loaded
 * on the first request; without it `/mcp` answers 501.
 *
 * @example
 * const transport = new StreamableHTTPClientTransport(new URL('http://127.0.0.1:8787/mcp'));
 * await new Client({ name: 'me', version: '1' }).connect(transport);
 */
import type { Hono } from 'hono';
import { NotSupportedError } from '../../core/errors.js';
import type { GatewayDeps } from '../context.js';
import type { GatewayEnv } from '../env.js';
import { checkJsonDepth, readText } from '../errors.js';

type Handler = (request: Request) => Promise<Response>;

export function mcpRoutes(app: Hono<GatewayEnv>, deps: GatewayDeps): void {
  let handler: Promise<Handler> | undefined;
  const load = (): Promise<Handler> => {
    handler ??= import('../../adapters/mcp.js').then(
      (m) => m.createMcpHttpHandler({ toolkit: deps.toolkit }),
      (error: unknown) => {
        handler = undefined;
        throw new NotSupportedError('MCP over HTTP needs the optional peer dependency @modelcontextprotocol/sdk (npm install @modelcontextprotocol/sdk)', {
          cause: error,
        });
      },
    );
    return handler;
  };
  app.all('/mcp', async (c) => {
    const handle = await load();
    if (c.req.method !== 'POST') return handle(c.req.raw);
    // The depth check of every JSON route before the MCP SDK parses it (bad JSON stays the SDK's JSON-RPC parse error).
    const text = await readText(c);
    checkJsonDepth(text, c.var.inputLimits.maxJsonDepth);
    return handle(new Request(c.req.raw.url, { method: 'POST', headers: c.req.raw.headers, body: text, signal: c.var.signal }));
  });
}
