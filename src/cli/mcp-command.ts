/**
 * `trm-router mcp`: serves the solver tools (solve_sudoku, solve_maze, solve_arc, solve_grid)
 * as an MCP server over stdio, for Claude Desktop, Cursor, the MCP inspector or any MCP client.
 * Stdout carries only MCP messages; diagnostics go to stderr.
 *
 * @example
 * // claude_desktop_config.json
 * { "mcpServers": { "trm-router": { "command": "npx", "args": ["trm-router", "mcp"] } } }
 */
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { InvalidInputError, NotSupportedError } from '../core/index.js';
import { SOLVER_CHOICES } from '../trm/index.js';
import type { SolverChoice } from '../trm/index.js';
import type { serveMcpStdio } from '../adapters/mcp.js';
import type { CliIo } from './io.js';
import { EXIT, reportCommandError } from './io.js';

export const MCP_USAGE = `Usage: trm-router mcp [options]

Serves the solver tools (solve_sudoku, solve_maze, solve_arc, solve_grid) as an MCP server over
stdio until standard input closes. Configure an MCP client to run "npx trm-router mcp".

Options:
  --solver exact|trm|auto   auto = a TRM model where one is installed, verified, exact search
                            as fallback (default); exact = exact search only; trm = TRM only
  --tools LIST              offer only these tools, comma-separated (default: all four)
  -h, --help                this help

Models are found in TRM_ROUTER_MODELS_DIR ("models"); TRM_ROUTER_THREADS and
TRM_ROUTER_TIMEOUT_MS apply to every solve. Needs the optional package @modelcontextprotocol/sdk.`;

const TOOL_CHOICES = ['solve_sudoku', 'solve_maze', 'solve_arc', 'solve_grid'] as const;

/** Runs the command; resolves with the exit status when the client disconnects. Never throws. */
export async function runMcpCommand(argv: string[], io: CliIo, config: Config): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        solver: { type: 'string', default: 'auto' },
        tools: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      io.stdout(MCP_USAGE + '\n');
      return EXIT.ok;
    }
    if (positionals.length > 0) throw new InvalidInputError(`Unexpected argument "${positionals[0]}"`, { field: 'argv' });
    if (!(SOLVER_CHOICES as readonly string[]).includes(values.solver)) {
      throw new InvalidInputError(`--solver must be exact, trm or auto (got "${values.solver}")`, { field: '--solver' });
    }
    const tools = values.tools?.split(',').map((t) => t.trim());
    const unknown = tools?.filter((t) => !(TOOL_CHOICES as readonly string[]).includes(t));
    if (unknown !== undefined && unknown.length > 0) {
      throw new InvalidInputError(`--tools: unknown tool ${unknown.join(', ')} (choose from ${TOOL_CHOICES.join(', ')})`, { field: '--tools' });
    }
    const mcp = await loadMcp();
    await mcp.serveMcpStdio({
      solver: values.solver as SolverChoice,
      modelDirs: config.modelDirs,
      threads: config.threads,
      timeoutMs: config.timeoutMs,
      ...(tools === undefined ? {} : { tools }),
    });
    return EXIT.ok;
  } catch (error) {
    return reportCommandError(io, 'mcp', error, false);
  }
}

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
