/**
 * `trm-router mcp`: serves the solver tools (one per known task, and solve_grid) as an MCP
 * server over stdio, for Claude Desktop, Cursor, the MCP inspector or any MCP client.
 * Stdout carries only MCP messages; diagnostics go to stderr.
 *
 * @example
 * // claude_desktop_config.json
 * { "mcpServers": { "trm-router": { "command": "npx", "args": ["trm-router", "mcp"] } } }
 */
import { NotSupportedError } from '../core/index.js';
import { SOLVER_CHOICES } from '../trm/index.js';
import type { serveMcpStdio } from '../adapters/mcp.js';
import { SOLVE_GRID_TOOL } from '../adapters/tool-schemas.js';
import { listTasks } from '../tasks/index.js';
import { defineCommand, opt } from './command.js';
import { EXIT } from './io.js';

export const mcpCommand = defineCommand({
  name: 'mcp',
  summary: 'serve the solvers as MCP tools over stdio (for Claude Desktop, Cursor, ...)',
  usage: {
    description:
      'Serves the solver tools (one per built-in task and per learned task of the installed models, and\n' +
      'solve_grid) as an MCP server over stdio until standard input closes. Configure an MCP client to\n' +
      'run "npx trm-router mcp".',
    footer:
      'TRM_ROUTER_MODELS_DIR and --models-dir add model folders; TRM_ROUTER_THREADS and TRM_ROUTER_TIMEOUT_MS\n' +
      'apply to every solve. Needs the optional package @modelcontextprotocol/sdk.',
  },
  options: {
    solver: opt.choice({
      choices: () => SOLVER_CHOICES,
      default: 'auto',
      description: 'auto = a TRM model where one is installed, verified, exact search as fallback; exact = exact search only; trm = TRM only',
    }),
    tools: opt.choiceList({
      value: 'LIST',
      // read after the installed models registered their learned tasks
      choices: () => [...listTasks().map((t) => t.tool.name), SOLVE_GRID_TOOL],
      description: 'offer only these tools, comma-separated',
      defaultText: 'all',
    }),
    'models-dir': opt.modelsDir(),
  },
  async run({ values, config }) {
    const mcp = await loadMcp();
    await mcp.serveMcpStdio({
      solver: values.solver,
      modelDirs: config.modelDirs,
      threads: config.threads,
      timeoutMs: config.timeoutMs,
      ...(values.tools === undefined ? {} : { tools: values.tools }),
    });
    return EXIT.ok;
  },
});

/** The MCP adapter, loaded only when the command runs (its SDK is an optional dependency). */
async function loadMcp(): Promise<{ serveMcpStdio: typeof serveMcpStdio }> {
  try {
    return await import('../adapters/mcp.js');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND') {
      throw new NotSupportedError('trm-router mcp needs the optional package @modelcontextprotocol/sdk: npm install @modelcontextprotocol/sdk', {
        cause: error,
      });
    }
    throw error;
  }
}
