/**
 * An MCP server (on `@modelcontextprotocol/sdk`) exposing the solver tools, over stdio
 * (`trm-router mcp`) and over streamable HTTP as a web-standard handler
 * (`(request: Request) => Promise<Response>`) that Hono, Workers or any fetch-style server can
 * mount. Subpath `trm-router/mcp`.
 *
 * Tool results carry the text rendering as `content` and the structured result as
 * `structuredContent`; failures are `isError` results (text plus the error as JSON), never
 * protocol errors.
 *
 * @example
 * // Claude Desktop / any MCP client: { "command": "npx", "args": ["trm-router", "mcp"] }
 * app.all('/mcp', (c) => createMcpHttpHandler()(c.req.raw));          // Hono
 */
import { createRequire } from 'node:module';
import type { Readable, Writable } from 'node:stream';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { ToolOutcome } from './tool-result.js';
import { toolContent } from './tool-result.js';
import { taskNames } from '../tasks/index.js';
import { createTrmTools } from './tools.js';
import type { TrmToolkit, TrmToolsOptions } from './tools.js';

export { createTrmTools } from './tools.js';
export type { TrmToolkit, TrmToolsOptions } from './tools.js';

const VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

export interface McpServerOptions extends TrmToolsOptions {
  /** Use this tool set instead of creating one from the options. */
  toolkit?: TrmToolkit;
  /** Server name reported to clients (default `trm-router`). */
  name?: string;
}

/** The structured result of a successful call (`structuredContent`), declared to clients, over the tasks registered now. */
const successSchema = () =>
  z.object({
    ok: z.literal(true),
    task: z.enum(taskNames() as [string, ...string[]]),
    solution: z.unknown().describe('The solution (Sudoku: {size, cells}; maze: {path}; ARC: one grid per test input; a learned task: its output grid)'),
    rendered: z.string().describe('The solution drawn as text'),
    verified: z.boolean(),
    steps: z.number().nullable().describe('TRM supervision steps, or exact-search nodes'),
    provenance: z.looseObject({ solver: z.string(), kind: z.string(), verified: z.boolean(), latencyMs: z.number() }),
  });

/**
 * Maps a tool outcome onto an MCP `CallToolResult`. An error carries its text and the error as
 * JSON in `content` only: clients check any `structuredContent` against the (success) output
 * schema, errors included.
 */
export function mcpToolResult(outcome: ToolOutcome): CallToolResult {
  if (outcome.isError) return { content: [{ type: 'text', text: toolContent(outcome) }], isError: true };
  return { content: [{ type: 'text', text: outcome.text }], structuredContent: { ...outcome.result } };
}

/**
 * An `McpServer` with the solver tools registered (not yet connected).
 *
 * @example
 * const server = createMcpServer({ solver: 'exact' });
 * await server.connect(new StdioServerTransport());
 */
export function createMcpServer(options: McpServerOptions = {}): McpServer {
  const toolkit = options.toolkit ?? createTrmTools(options);
  const server = new McpServer(
    { name: options.name ?? 'trm-router', version: VERSION },
    {
      instructions: `Exact and Tiny-Recursive-Model solvers for grid puzzles (${toolkit.tools.map((t) => t.name).join(', ')}). Call a tool instead of solving a grid puzzle yourself.`,
    },
  );
  const outputSchema = successSchema();
  for (const tool of toolkit.tools) {
    server.registerTool(
      tool.name,
      {
        title: tool.name.replace('solve_', 'Solve ').replace(/_/g, ' '),
        description: tool.description,
        inputSchema: tool.inputSchema,
        outputSchema,
        annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
      },
      // Annotated: inferred from the union of the tools' schemas, `args` would be their union.
      async (args: Record<string, unknown>, extra: RequestHandlerExtra<ServerRequest, ServerNotification>) =>
        mcpToolResult(await toolkit.execute(tool.name, args, { signal: extra.signal })),
    );
  }
  return server;
}

export interface StdioOptions {
  stdin?: Readable;
  stdout?: Writable;
}

/**
 * Serves the tools over stdio until stdin ends; resolves then. Nothing but MCP messages is
 * written to stdout.
 *
 * @example
 * await serveMcpStdio({ modelDirs: config.modelDirs });
 */
export async function serveMcpStdio(options: McpServerOptions = {}, io: StdioOptions = {}): Promise<void> {
  const stdin = io.stdin ?? process.stdin;
  const server = createMcpServer(options);
  const transport = new StdioServerTransport(stdin, io.stdout ?? process.stdout);
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
    stdin.once('end', () => void server.close());
    stdin.once('close', () => void server.close());
  });
  await server.connect(transport);
  await closed;
}

/**
 * A stateless streamable-HTTP handler: every POST is answered with JSON by a fresh server
 * (no sessions, so it scales and restarts freely); GET and DELETE answer 405, as the MCP spec
 * allows for servers without a standalone SSE stream.
 *
 * @example
 * const handle = createMcpHttpHandler({ solver: 'auto' });
 * app.all('/mcp', (c) => handle(c.req.raw));                   // Hono
 * export default { fetch: (request: Request) => handle(request) }; // Workers, Bun, Deno
 */
export function createMcpHttpHandler(options: McpServerOptions = {}): (request: Request) => Promise<Response> {
  const toolkit = options.toolkit ?? createTrmTools(options);
  return async (request) => {
    if (request.method !== 'POST') {
      return new Response(
        JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed: this MCP endpoint is stateless, use POST' }, id: null }),
        {
          status: 405,
          headers: { 'content-type': 'application/json', allow: 'POST' },
        },
      );
    }
    const server = createMcpServer({ ...options, toolkit });
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    try {
      return await transport.handleRequest(request);
    } finally {
      await server.close();
    }
  };
}
