/**
 * `GET /openapi.json`: an OpenAPI 3.1 document generated from the same zod schemas that
 * validate the requests (`z.toJSONSchema`, JSON Schema 2020-12, which OpenAPI 3.1 uses as is).
 * Named schemas (`.meta({ id })`) become `components.schemas`.
 *
 * @example
 * const doc = openApiDocument({ version: '0.1.0', auth: true });
 * doc.paths['/v1/solve'].post.requestBody.content['application/json'].schema; // { $ref: '#/components/schemas/SolveRequest' }
 */
import { z } from 'zod';
import { errorBodySchema } from '../errors.js';
import {
  anthropicMessagesRequestSchema,
  healthResponseSchema,
  modelsResponseSchema,
  openaiChatRequestSchema,
  readyResponseSchema,
  routeRequestSchema,
  routeResponseSchema,
  solveRequestSchema,
  solveResponseSchema,
} from '../schemas.js';

type Json = Record<string, unknown>;

export interface OpenApiOptions {
  version: string;
  /** Whether API keys are required (adds the security requirement to the /v1 and /mcp operations). */
  auth: boolean;
}

/** A schema as a component reference, its named parts added to `components`. */
function refTo(schema: z.ZodType, io: 'input' | 'output', components: Json): Json {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  const text = JSON.stringify(json).replace(/#\/\$defs\//g, '#/components/schemas/');
  const { $schema: _schema, $defs, ...rest } = JSON.parse(text) as Json & { $defs?: Json };
  for (const [name, def] of Object.entries($defs ?? {})) components[name] = def;
  return rest;
}

const errorResponses = (statuses: number[], components: Json): Json =>
  Object.fromEntries(
    statuses.map((s) => [
      String(s),
      { description: ERROR_TEXT[s] ?? 'Error', content: { 'application/json': { schema: refTo(errorBodySchema, 'output', components) } } },
    ]),
  );

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid request: malformed JSON (invalid_json), a wrong field (invalid_input, naming the field)',
  401: 'Missing or invalid API key (Bearer token or x-api-key; when both are sent, a valid one authenticates)',
  413: 'Body larger than the limit',
  415: 'Content-Type is not application/json',
  422: 'The puzzle has no solution',
  429: 'Too many requests, see Retry-After: rate_limited (the gateway limit, or too many wrong API keys from this address), upstream_rate_limited (the upstream LLM is limiting the gateway)',
  502: 'The upstream LLM failed (provider): a generic message; what the upstream said is only in the gateway log, under the request id',
  503: 'Overloaded, see Retry-After: the solver queue is full or the request waited too long in it (overloaded), or the upstream LLM is overloaded (upstream_overloaded)',
  504: 'The request ran past its deadline',
};

/**
 * The document.
 *
 * @example
 * app.get('/openapi.json', (c) => c.json(openApiDocument({ version, auth: keys.length > 0 })));
 */
export function openApiDocument(options: OpenApiOptions): Json {
  const schemas: Json = {};
  const json = (schema: z.ZodType, io: 'input' | 'output'): Json => ({ 'application/json': { schema: refTo(schema, io, schemas) } });
  const secured = options.auth ? { security: [{ bearer: [] }, { apiKey: [] }] } : {};
  const post = (summary: string, description: string, request: z.ZodType, response: Json, errors: number[], tags: string[]): Json => ({
    post: {
      summary,
      description,
      tags,
      ...secured,
      requestBody: { required: true, content: json(request, 'input') },
      responses: { '200': response, ...errorResponses([...errors, ...(options.auth ? [401] : []), 413, 415, 429], schemas) },
    },
  });
  const sse = { 'text/event-stream': { schema: { type: 'string', description: 'Server-sent events in the wire format of the API (with "stream": true)' } } };
  return {
    openapi: '3.1.0',
    info: {
      title: 'trm-router gateway',
      version: options.version,
      description:
        'Grid puzzles (Sudoku, mazes, ARC) solved by Tiny Recursive Models and exact solvers, free text by an LLM. REST endpoints, OpenAI- and Anthropic-compatible chat endpoints, and MCP over streamable HTTP at /mcp.',
    },
    servers: [{ url: '/' }],
    tags: [{ name: 'solve' }, { name: 'chat' }, { name: 'operations' }],
    paths: {
      '/v1/solve': post(
        'Solve one puzzle',
        'A puzzle in any notation; task "auto" detects Sudoku, maze or ARC. With "view": true the answer has display grids and one frame per TRM step. ' +
          "Cost control: a solve may spend at most the server's compute budget (TRM_ROUTER_SOLVE_BUDGET cell-steps, steps x samples x cells) with at most TRM_ROUTER_MAX_STEPS steps and TRM_ROUTER_MAX_EXPLORE exploration samples; " +
          "a request asking for more is refused with 400 invalid_input naming the field (maxSteps, explore) and the setting, never clamped; a model's own larger defaults are lowered to the caps. " +
          'Solves wait in a bounded queue (TRM_ROUTER_MAX_CONCURRENT_SOLVES running, TRM_ROUTER_MAX_QUEUED_SOLVES waiting, TRM_ROUTER_MAX_QUEUE_WAIT_MS longest wait): beyond it, 503 overloaded with Retry-After.',
        solveRequestSchema(),
        { description: 'The answer, whether it verified, and where it came from', content: json(solveResponseSchema(), 'output') },
        [400, 422, 503, 504],
        ['solve'],
      ),
      '/v1/route': post(
        'Plan a request',
        'Which parts of a request are puzzles for a solver and which are text for the LLM, without solving.',
        routeRequestSchema,
        { description: 'The plan', content: json(routeResponseSchema, 'output') },
        [400, 502],
        ['solve'],
      ),
      '/v1/chat/completions': post(
        'OpenAI-compatible chat completions',
        'Puzzles in the last user message are solved locally and given to the upstream LLM as tool results; client tools pass through untouched. Without an upstream, grid-only requests are still answered. When streaming, calls to client tools arrive as argument deltas as the upstream sends them; a failure after the stream started is one `data: {"error": {...}}` event that ends the stream (never a finish_reason or [DONE]), and the usage chunk has the id and model of the others. The solved grids lead the reply, streamed or not.',
        openaiChatRequestSchema,
        {
          description: 'A chat.completion, or chat.completion.chunk events when streaming',
          content: { 'application/json': { schema: { type: 'object' } }, ...sse },
        },
        [400, 502, 503, 504],
        ['chat'],
      ),
      '/v1/messages': post(
        'Anthropic-compatible messages',
        'As /v1/chat/completions, in the Anthropic Messages format (x-api-key or Bearer auth). A failure after the stream started is one `event: error` whose data is the JSON error body, and the stream ends (no message_stop).',
        anthropicMessagesRequestSchema,
        { description: 'A message, or message events when streaming', content: { 'application/json': { schema: { type: 'object' } }, ...sse } },
        [400, 502, 503, 504],
        ['chat'],
      ),
      '/v1/models': {
        get: {
          summary: 'Installed TRM models and configured LLMs',
          tags: ['solve'],
          ...secured,
          responses: { '200': { description: 'The models', content: json(modelsResponseSchema, 'output') } },
        },
      },
      '/mcp': {
        post: {
          summary: 'MCP streamable HTTP (stateless JSON-RPC)',
          description: 'The solver tools over the Model Context Protocol: initialize, tools/list, tools/call.',
          tags: ['solve'],
          ...secured,
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', description: 'A JSON-RPC 2.0 message' } } } },
          responses: { '200': { description: 'A JSON-RPC response', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
      '/healthz': {
        get: { summary: 'Liveness', tags: ['operations'], responses: { '200': { description: 'Alive', content: json(healthResponseSchema, 'output') } } },
      },
      '/readyz': {
        get: {
          summary: 'Readiness: every installed model loaded',
          tags: ['operations'],
          responses: {
            '200': { description: 'Ready', content: json(readyResponseSchema, 'output') },
            '503': { description: 'Not ready (or shutting down)', content: json(readyResponseSchema, 'output') },
          },
        },
      },
      '/metrics': {
        get: {
          summary: 'Prometheus metrics',
          tags: ['operations'],
          ...secured,
          responses: { '200': { description: 'Text exposition format 0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } } },
        },
      },
    },
    components: {
      schemas,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } },
    },
  };
}
