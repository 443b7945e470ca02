import type { Config } from '../config.js';
import type { CliIo } from './io.js';
import { EXIT } from './io.js';
import { runAskCommand } from './ask-command.js';
import { runDataCommand } from './data-command.js';
import { runEvalCommand } from './eval-command.js';
import { runMcpCommand } from './mcp-command.js';
import { runRouteCommand } from './route-command.js';
import { runServeCommand } from './serve-command.js';
import { runSolveCommand } from './solve-command.js';

export const USAGE = `Usage: trm-router <command> [options]

Commands:
  solve [FILE|-]   solve a Sudoku, maze or ARC puzzle given in any supported notation
  ask "..."|-      answer a request mixing puzzles and questions (solvers + LLM, one answer)
  route "..."|-    print how a request would be routed (grid parts, text parts), without solving
  data sudoku|maze build JSONL training / test data (generated, reproducible by seed)
  eval             accuracy, steps, halting precision and speed of a TRM model on a data file
  mcp              serve the solvers as MCP tools over stdio (for Claude Desktop, Cursor, ...)
  serve            the HTTP gateway: REST, OpenAI/Anthropic-compatible chat, MCP, playground
  help             this help

Run "trm-router <command> --help" for a command's options.`;

/** Dispatches a command line; returns the exit status. Never throws. */
export async function runCli(argv: string[], io: CliIo, config: Config): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'solve':
      return runSolveCommand(rest, io, config);
    case 'ask':
      return runAskCommand(rest, io, config);
    case 'route':
      return runRouteCommand(rest, io, config);
    case 'data':
      return runDataCommand(rest, io);
    case 'eval':
      return runEvalCommand(rest, io, config);
    case 'mcp':
      return runMcpCommand(rest, io, config);
    case 'serve':
      return runServeCommand(rest, io, config);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.stdout(USAGE + '\n');
      return command === undefined ? EXIT.usage : EXIT.ok;
    default:
      io.stderr(`trm-router: unknown command "${command}"\n\n${USAGE}\n`);
      return EXIT.usage;
  }
}
