import { describe, expect, it } from 'vitest';
import { SolverError } from '../core/errors.js';
import { runPythonTool, shellCommand, toolFailure } from './python-tool.js';

// The tool runner takes any interpreter: Node itself stands in for Python here.
const node = process.execPath;

describe('runPythonTool', () => {
  it('hands each whole stderr line over as it comes and keeps stdout and the exit status', async () => {
    const lines: string[] = [];
    const script = "process.stderr.write('one\\ntw'); process.stderr.write('o\\nlast'); process.stdout.write('{\"ok\":1}\\n'); process.exitCode = 3";
    const run = await runPythonTool(node, ['-e', script], { purpose: 'adapt', onLine: (l) => lines.push(l) });
    expect(run.code).toBe(3);
    expect(lines).toEqual(['one', 'two', 'last']);
    expect(run.stdout).toBe('{"ok":1}\n');
    expect(run.tail).toBe('one\ntwo\nlast');
  });

  it('keeps stdout in the tail only when asked', async () => {
    const run = await runPythonTool(node, ['-e', "process.stdout.write('out')"], { purpose: 'learn', mergeTail: true });
    expect(run.tail).toBe('out');
  });

  it('says how to install Python when the interpreter is missing, naming the command', async () => {
    const error = await runPythonTool('/nonexistent/python3', [], { purpose: 'adapt' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SolverError);
    expect((error as Error).message).toMatch(/^\/nonexistent\/python3 not found: adapt trains with Python 3, torch and onnx/);
  });
});

describe('toolFailure', () => {
  it('keeps the last 12 lines and adds the install hint when torch is missing', () => {
    const tail = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n') + "\nModuleNotFoundError: No module named 'torch'";
    const error = toolFailure('train.py', 1, tail);
    expect(error.message).toMatch(/^train\.py exited with 1 \(install the Python packages: apt-get install python3-torch/);
    expect(error.message).not.toMatch(/^line 8$/m);
    expect(error.message).toMatch(/^line 9$/m);
  });
});

describe('shellCommand', () => {
  it('quotes what a shell would split or expand', () => {
    expect(shellCommand(['/usr/bin/python3', 'tools/adapt.py', '--task', "it's here.json", '--x=a b'])).toBe(
      "/usr/bin/python3 tools/adapt.py --task 'it'\\''s here.json' '--x=a b'",
    );
  });
});
