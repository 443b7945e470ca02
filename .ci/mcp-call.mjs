// An MCP client (the official SDK over stdio) starts `trm-router mcp` with a models folder,
// finds the learned task's tool, and calls it: usage `node mcp-call.mjs REPO MODELS_DIR TASK`.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const [repo, models, task] = process.argv.slice(2);
const tool = `solve_${task.replace(/-/g, '_')}`;
const transport = new StdioClientTransport({ command: process.execPath, args: [`${repo}/dist/cli/main.js`, 'mcp', '--models-dir', models], stderr: 'inherit' });
const client = new Client({ name: 'ci', version: '1.0.0' });
await client.connect(transport);
try {
  const { tools } = await client.listTools();
  if (!tools.some((t) => t.name === tool)) throw new Error(`the MCP server does not offer ${tool}: ${tools.map((t) => t.name).join(', ')}`);
  const result = await client.callTool({ name: tool, arguments: { grid: ['11111', '10001', '10001', '11111'] } });
  const structured = result.structuredContent;
  if (result.isError || structured?.provenance?.model !== task || structured.verified !== false)
    throw new Error(`unexpected result: ${JSON.stringify(result)}`);
  console.log(`ok: MCP ${tool} answered with ${structured.provenance.solver}:\n${structured.rendered}`);
} finally {
  await client.close();
}
