/**
 * MCP: an MCP client starts `trm-router mcp` over stdio, lists the tools and calls them, then
 * hands them to an LLM (an agent host does exactly this) whose tool calls go through MCP.
 *
 *   npx tsx examples/mcp-client.ts            # offline: the LLM is a scripted OpenAI-compatible server
 *   OPENAI_API_KEY=sk-... npx tsx examples/mcp-client.ts --live
 *
 * For Claude Desktop, Cursor and other MCP hosts, configure the server instead:
 *   { "mcpServers": { "trm-router": { "command": "npx", "args": ["trm-router", "mcp"] } } }
 * Over HTTP: mount createMcpHttpHandler() from 'trm-router/mcp' in a Hono/Workers app.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { loadConfig } from '../src/config.js';
import { startScriptedLlmServer, step } from '../src/testing/index.js';

const sudoku = (await readFile(new URL('./puzzles/sudoku-hard.txt', import.meta.url), 'utf8')).trim();
const live = process.argv.includes('--live');
const config = loadConfig();

// In your project: new StdioClientTransport({ command: 'npx', args: ['trm-router', 'mcp'] }).
const transport = new StdioClientTransport({
  command: process.execPath,
  args: ['--import', 'tsx', fileURLToPath(new URL('../src/cli/main.ts', import.meta.url)), 'mcp'],
  stderr: 'inherit',
});
const mcp = new Client({ name: 'trm-router-example', version: '1.0.0' });
await mcp.connect(transport);

const { tools } = await mcp.listTools();
console.log(`MCP tools: ${tools.map((t) => t.name).join(', ')}`);
const text = (r: CallToolResult) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
const direct = (await mcp.callTool({ name: 'solve_maze', arguments: { maze: ['#######', '#S    #', '# ### #', '#   #G#', '#######'] } })) as CallToolResult;
console.log(`direct call solve_maze (isError=${direct.isError === true}):\n${text(direct)}\n`);

// The same tools offered to an LLM: MCP's JSON Schemas become OpenAI function tools.
const server = live
  ? undefined
  : await startScriptedLlmServer({
      openai: [step.toolCalls([{ name: 'solve_sudoku', arguments: { puzzle: sudoku } }]), step.text('Solved it with the MCP tool.')],
    });
const llm = new OpenAI(server === undefined ? { apiKey: config.llm.openai.apiKey } : { apiKey: 'offline', baseURL: server.openaiBaseURL });
const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: `Solve ${sudoku}` }];
for (let turn = 0; turn < 4; turn++) {
  const completion = await llm.chat.completions.create({
    model: live ? config.llm.openai.model : 'scripted-model',
    messages,
    tools: tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description ?? '', parameters: t.inputSchema } })),
  });
  const message = completion.choices[0]!.message;
  messages.push(message);
  const calls = (message.tool_calls ?? []).filter((c) => c.type === 'function');
  if (calls.length === 0) {
    console.log(`model: ${message.content ?? ''}`);
    break;
  }
  for (const call of calls) {
    const result = (await mcp.callTool({
      name: call.function.name,
      arguments: JSON.parse(call.function.arguments) as Record<string, unknown>,
    })) as CallToolResult;
    console.log(`model called ${call.function.name} via MCP (isError=${result.isError === true}):\n${text(result)}\n`);
    messages.push({ role: 'tool', tool_call_id: call.id, content: text(result) });
  }
}
await mcp.close();
await server?.close();
