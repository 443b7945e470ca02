import { readFile } from 'node:fs/promises';
import { InvalidInputError, isTrmRouterError } from '../core/index.js';

/** What a command needs from the outside world (so tests can run commands in-process). */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
  readFile(path: string): Promise<string>;
  /** Whether stderr is a terminal (progress bars redraw in place; otherwise one line per 10%). */
  stderrIsTTY?: boolean;
}

export const EXIT = { ok: 0, failure: 1, usage: 2, unsolvable: 3, notSupported: 4, modelLoad: 5 } as const;

/** The process's own streams and files. */
export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stderrIsTTY: process.stderr.isTTY,
    async readStdin() {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    async readFile(path) {
      try {
        return await readFile(path, 'utf8');
      } catch (error) {
        throw new InvalidInputError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
          field: 'FILE',
          cause: error,
        });
      }
    },
  };
}

/** Exit status for an error: bad input 2, unsolvable 3, not supported 4, model load 5, else 1. */
export function exitCodeFor(error: unknown): number {
  if (isTrmRouterError(error)) {
    if (error.code === 'invalid_input') return EXIT.usage;
    if (error.code === 'unsolvable') return EXIT.unsolvable;
    if (error.code === 'not_supported') return EXIT.notSupported;
    if (error.code === 'model_load') return EXIT.modelLoad;
    return EXIT.failure;
  }
  if (isParseArgsError(error)) return EXIT.usage;
  return EXIT.failure;
}

/** node:util parseArgs reports unknown options and missing values as TypeErrors with an `ERR_PARSE_ARGS_*` code. */
export function isParseArgsError(error: unknown): error is TypeError {
  return error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}

/** One human-readable line: code, message, and where. */
export function formatError(error: unknown): string {
  if (isTrmRouterError(error)) {
    const where: string[] = [];
    const d = error.details;
    if (typeof d.field === 'string') where.push(`field ${d.field}`);
    const pos = d.position as { row: number; col: number } | undefined;
    if (pos !== undefined) where.push(`row ${pos.row + 1}, column ${pos.col + 1}`);
    return `${error.code}: ${error.message}${where.length > 0 ? ` [${where.join('; ')}]` : ''}`;
  }
  return error instanceof Error ? error.message : String(error);
}
