/**
 * The command table of `trm-router`: every command is a `defineCommand` declaration in its own
 * file; this list orders them and the top-level usage is generated from it.
 */
import type { Config } from '../config.js';
import { adaptCommand } from './adapt-command.js';
import { askCommand } from './ask-command.js';
import type { Command } from './command.js';
import { commandListUsage } from './command.js';
import { dataCommand } from './data-command.js';
import { evalCommand } from './eval-command.js';
import { learnCommand } from './learn-command.js';
import type { CliIo } from './io.js';
import { EXIT } from './io.js';
import { mcpCommand } from './mcp-command.js';
import { modelsCommand } from './models-command.js';
import { routeCommand } from './route-command.js';
import { serveCommand } from './serve-command.js';
import { solveCommand } from './solve-command.js';

/** Every command, in the order `trm-router help` lists them. */
export const COMMANDS: readonly Command[] = [
  solveCommand,
  askCommand,
  routeCommand,
  dataCommand,
  learnCommand,
  adaptCommand,
  evalCommand,
  modelsCommand,
  mcpCommand,
  serveCommand,
];

export const USAGE = commandListUsage(COMMANDS);

/** Dispatches a command line; returns the exit status. Never throws. */
export async function runCli(argv: string[], io: CliIo, config: Config): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(USAGE + '\n');
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr(`trm-router: unknown command "${name}"\n\n${USAGE}\n`);
    return EXIT.usage;
  }
  return command.run(rest, io, config);
}
