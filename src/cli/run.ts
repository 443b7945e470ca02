import type { CliIo } from './io.js';
import { EXIT } from './io.js';
import { runSolveCommand } from './solve-command.js';

export const USAGE = `Usage: trm-router <command> [options]

Commands:
  solve [FILE|-]   solve a Sudoku, maze or ARC puzzle given in any supported notation
  help             this help

Run "trm-router <command> --help" for a command's options.`;

/** Dispatches a command line; returns the exit status. Never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'solve':
      return runSolveCommand(rest, io);
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
