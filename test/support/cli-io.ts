/**
 * The outside world of a CLI command, in memory: standard input, files by path, and what the
 * command wrote to stdout and stderr (the commands run in-process through `runCli`).
 */
import { InvalidInputError } from '../../src/core/index.js';
import type { CliIo } from '../../src/cli/io.js';

export interface FakeIo {
  io: CliIo;
  out(): string;
  err(): string;
}

/** A missing file is reported as `processIo` reports it (field `FILE`). */
export function fakeIo(options: { stdin?: string; files?: Readonly<Record<string, string>> } = {}): FakeIo {
  const out: string[] = [];
  const err: string[] = [];
  const files = options.files ?? {};
  const io: CliIo = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    readStdin: () => Promise.resolve(options.stdin ?? ''),
    readFile: (path) => {
      const text = files[path];
      return text === undefined ? Promise.reject(new InvalidInputError(`Cannot read ${path}: ENOENT`, { field: 'FILE' })) : Promise.resolve(text);
    },
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}
