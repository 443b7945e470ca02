/**
 * Running the repository's Python tools (`tools/train.py`, `tools/export_onnx.py`,
 * `tools/adapt.py`) from Node: which interpreter, how a run's output is kept, and how a failure
 * becomes a `SolverError` a user can act on (Python missing, torch missing, the tool's last lines).
 * `learn` and `adapt` both go through here.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { SolverError } from '../core/errors.js';

const INSTALL = 'apt-get install python3-torch python3-onnx python3-numpy libopenblas0-pthread';

/** The Python interpreter the tools run with: `/usr/bin/python3` when it exists, else `python3`. */
export function defaultPython(): string {
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

/** A command line as a shell reads it back (recorded in manifests and printed to users). */
export function shellCommand(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w./=:,-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(' ');
}

export interface PythonRun {
  /** The exit status (null when a signal ended it). */
  code: number | null;
  /** Everything the tool wrote to standard output. */
  stdout: string;
  /** The last 4,000 characters of standard error (and of standard output where `mergeTail`). */
  tail: string;
}

export interface PythonToolOptions {
  /** The command the tool serves, named in the errors (`learn`, `adapt`). */
  purpose: string;
  /** Each whole line the tool writes to standard error, as it comes. */
  onLine?: (line: string) => void;
  /** Also keep standard output in `tail` (tools that report failures there). */
  mergeTail?: boolean;
  /** Stops the tool (the process is killed). */
  signal?: AbortSignal;
}

/**
 * Runs `python args...` and resolves with its exit status and output, whatever the status; rejects
 * only when the interpreter cannot be started (a `SolverError` saying how to install it).
 */
export function runPythonTool(python: string, args: readonly string[], options: PythonToolOptions): Promise<PythonRun> {
  const { purpose, onLine, mergeTail = false, signal } = options;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(python, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(signal === undefined ? {} : { signal }) });
    let stdout = '';
    let tail = '';
    let partial = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      stdout += text;
      if (mergeTail) tail = (tail + text).slice(-4000);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      tail = (tail + text).slice(-4000);
      if (onLine === undefined) return;
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    });
    child.on('error', (error) => {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      reject(
        new SolverError(
          missing
            ? `${python} not found: ${purpose} trains with Python 3, torch and onnx (Debian: ${INSTALL}; or pass --python)`
            : `${python} failed to start: ${error.message}`,
          { cause: error },
        ),
      );
    });
    child.on('close', (code) => {
      if (partial !== '') onLine?.(partial);
      resolvePromise({ code, stdout, tail });
    });
  });
}

/** The `SolverError` for a tool that exited with `code`: its last 12 lines, and how to install torch when that is what failed. */
export function toolFailure(tool: string, code: number | null, tail: string): SolverError {
  const hint = /No module named '(torch|onnx|numpy)'/.test(tail) ? ` (install the Python packages: ${INSTALL}, or pass --python)` : '';
  const lines = tail.trim().split('\n').slice(-12).join('\n');
  return new SolverError(`${tool} exited with ${code ?? 'a signal'}${hint}:\n${lines}`);
}
