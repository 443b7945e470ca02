import type { Config } from '../config.js';
import type { CliIo } from './io.js';
import { EXIT } from './io.js';
import { runDataCommand } from './data-command.js';
import { runEvalCommand } from './eval-command.js';
import { runSolveCommand } from './solve-command.js';

export const USAGE = `Usage: trm-router <command> [options]

Commands:
  solve [FILE|-]   solve a Sudoku, maze or ARC puzzle given in any supported notation
  data sudoku|maze build JSONL training / test data (generated, reproducible by seed)
  eval             accuracy, steps, halting precision and speed of a TRM model on a data file
  help             this help

Run "trm-router <command> --help" for a command's options.`;

/** Dispatches a command line; returns the exit status. Never throws. */
export async function runCli(argv: string[], io: CliIo, config: Config): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'solve':
      return runSolveCommand(rest, io, config);
    case 'data':
      return runDataCommand(rest, io);
    case 'eval':
      return runEvalCommand(rest, io, config);
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
