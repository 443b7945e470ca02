/**
 * The MCP server with the real MCP SDK `Client`, over stdio (the `trm-router mcp` command as a
 * child process) and over streamable HTTP (the web-standard handler behind node:http): one
 * shared suite lists the tools, solves a Sudoku and a maze, and sends malformed arguments.
 */
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpHttpHandler } from '../src/adapters/mcp.js';
import { serveFetch } from './support/fetch-server.js';
import type { FetchServer } from './support/fetch-server.js';
import { REPO_ROOT } from './support/paths.js';

const NO_MODELS = join(REPO_ROOT, 'test', 'fixtures', 'no-models-here');
const HARD = '4...3.......6..8..........1....5..9..8....6...7.2........1.27..5.3....4.9........';
const MAZE = ['#######', '#S    #', '# ### #', '#   #G#', '#######'];

function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

/** The suite every transport runs. */
function mcpSuite(connect: () => Promise<Client>): void {
  let client: Client;
  beforeAll(async () => {
    client = await connect();
  });
  afterAll(async () => {
    await client.close();
  });

  it('lists the four tools with their JSON Schemas and annotations', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['solve_sudoku', 'solve_maze', 'solve_arc', 'solve_grid']);
    const sudoku = tools[0]!;
    expect(sudoku.description).toMatch(/Solve a Sudoku/);
    expect(sudoku.inputSchema).toMatchObject({ type: 'object', required: ['puzzle'], properties: { puzzle: { anyOf: expect.any(Array) as unknown[] } } });
    expect(sudoku.outputSchema).toMatchObject({ type: 'object' });
    expect(sudoku.annotations).toMatchObject({ readOnlyHint: true });
  });

  it('solves a Sudoku', async () => {
    const result = await call(client, 'solve_sudoku', { puzzle: HARD });
    expect(result.isError).not.toBe(true);
    expect(textOf(result)).toMatch(/^Sudoku solved and verified/);
    expect(result.structuredContent).toMatchObject({ ok: true, task: 'sudoku', verified: true, provenance: { kind: 'exact' } });
    expect((result.structuredContent as { solution: { cells: number[] } }).solution.cells).toHaveLength(81);
  });

  it('solves a maze', async () => {
    const result = await call(client, 'solve_maze', { maze: MAZE });
    expect(textOf(result)).toContain('#Soooo#');
    expect(result.structuredContent).toMatchObject({ ok: true, task: 'maze', verified: true });
    expect((result.structuredContent as { solution: { path: unknown[] } }).solution.path.length).toBeGreaterThan(2);
  });

  it('answers malformed arguments with isError results, and keeps serving', async () => {
    const wrongType = await call(client, 'solve_sudoku', { puzzle: 42 });
    expect(wrongType.isError).toBe(true);
    expect(textOf(wrongType)).toMatch(/puzzle/);
    const prose = await call(client, 'solve_sudoku', { puzzle: 'the one from yesterday' });
    expect(prose.isError).toBe(true);
    expect(textOf(prose)).toMatch(/No sudoku grid found/);
    expect(JSON.parse(textOf(prose).split('\n\n').at(-1)!)).toMatchObject({ ok: false, code: 'invalid_input', hint: expect.any(String) as string });
    const oversized = await call(client, 'solve_maze', { maze: `${'#'.repeat(50)}\n`.repeat(50) });
    expect(oversized.isError).toBe(true);
    expect(textOf(oversized)).toMatch(/limit is 30/);
    expect((await call(client, 'solve_grid', { input: MAZE.join('\n') })).structuredContent).toMatchObject({ ok: true, task: 'maze' });
  });
}

describe('MCP over stdio (trm-router mcp)', () => {
  mcpSuite(async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['--import', 'tsx', join(REPO_ROOT, 'src', 'cli', 'main.ts'), 'mcp'],
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', TRM_ROUTER_PACKAGE_MODELS: '0', TRM_ROUTER_MODELS_DIR: NO_MODELS },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'trm-router-test', version: '0.0.0' });
    await client.connect(transport);
    return client;
  });
});

describe('MCP over streamable HTTP (createMcpHttpHandler)', () => {
  let served: FetchServer;
  beforeAll(async () => {
    const handle = createMcpHttpHandler({ modelDirs: [NO_MODELS] });
    served = await serveFetch((request) =>
      new URL(request.url).pathname === '/mcp' ? handle(request) : Promise.resolve(new Response('not found', { status: 404 })),
    );
  });
  afterAll(async () => {
    await served.close();
  });

  mcpSuite(async () => {
    const client = new Client({ name: 'trm-router-test', version: '0.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${served.url}/mcp`)));
    return client;
  });

  it('answers GET (no standalone SSE stream in stateless mode) with 405', async () => {
    const response = await fetch(`${served.url}/mcp`, { headers: { accept: 'text/event-stream' } });
    expect(response.status).toBe(405);
  });
});
