import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { REPO_ROOT } from '../../test/support/paths.js';
import { LEARNED_SPEC, writeLearnedModel } from '../../test/support/learned-model.js';
import { sudokuTask } from '../tasks/index.js';
import type { ModelListing } from './models-command.js';
import { runCli } from './run.js';
import { fakeIo } from '../../test/support/cli-io.js';

const TINY = join(REPO_ROOT, 'test', 'fixtures', 'trm', 'sudoku-mlp-tiny');
const user = mkdtempSync(join(tmpdir(), 'trm-models-'));
afterAll(() => rmSync(user, { recursive: true, force: true }));

// a user's folder: a copied fixture model, a learned-task model, a broken manifest, and a folder that is no model
mkdirSync(join(user, 'my-sudoku'));
for (const f of ['manifest.json', 'model.onnx']) copyFileSync(join(TINY, f), join(user, 'my-sudoku', f));
writeLearnedModel(user);
mkdirSync(join(user, 'broken'));
writeFileSync(join(user, 'broken', 'manifest.json'), '{"format": "trm-onnx/1", "name": "broken"');
mkdirSync(join(user, 'notes'));

describe('trm-router models', () => {
  it('lists the package models, then the --models-dir ones as user models, and the broken folders (--json)', async () => {
    const t = fakeIo();
    expect(await runCli(['models', '--models-dir', user, '--json'], t.io, loadConfig({}))).toBe(0);
    const body = JSON.parse(t.out()) as { models: ModelListing[]; problems: { dir: string; error: string }[] };
    const shipped = body.models.filter((m) => m.origin === 'package');
    expect(shipped.map((m) => m.task)).toContain(sudokuTask.name);
    expect(shipped.find((m) => m.task === 'fill-enclosed')).toMatchObject({ taskKind: 'learned' }); // the shipped learned task
    for (const m of shipped) {
      expect(m).toMatchObject({
        taskKind: m.task === 'fill-enclosed' ? 'learned' : 'builtin',
        dir: expect.stringContaining(join('models', m.name)) as unknown,
      });
      // every shipped model answers most of its held-out data, but the CPU-sized ARC model (pass@1 under 1%: its card)
      expect(m.best?.exact).toBeGreaterThan(m.task === 'arc' ? 0 : 0.5);
      expect(m.best?.dataset).toEqual(expect.any(String));
    }
    expect(body.models.find((m) => m.name === 'sudoku-mlp-tiny')).toMatchObject({
      task: sudokuTask.name,
      taskKind: 'builtin',
      origin: 'user',
      dir: join(user, 'my-sudoku'),
      parameters: expect.any(Number) as unknown,
      best: null,
    });
    expect(body.models.find((m) => m.name === 'fill-enclosed-identity')).toMatchObject({ task: LEARNED_SPEC.name, taskKind: 'learned', origin: 'user' });
    expect(body.models.findIndex((m) => m.origin === 'user')).toBe(shipped.length); // the package's own come first
    expect(body.problems).toEqual([{ dir: join(user, 'broken'), error: expect.stringContaining('is not valid JSON') as unknown }]);
  });

  it('prints a table, and the problems under it', async () => {
    const t = fakeIo();
    expect(await runCli(['models', '--models-dir', user], t.io, loadConfig({ TRM_ROUTER_PACKAGE_MODELS: '0' }))).toBe(0);
    const [header, ...rows] = t.out().split('\n');
    expect(header).toMatch(/^NAME\s+TASK\s+KIND\s+ORIGIN\s+PARAMETERS\s+BEST EXACT\s+FOLDER$/);
    expect(rows.find((r) => r.startsWith('fill-enclosed-identity'))).toMatch(/fill-test\s+learned\s+user\s+13,858\s+not measured\s+\S+fill-enclosed-identity$/);
    expect(rows.find((r) => r.startsWith('sudoku-mlp-tiny'))).toMatch(/sudoku\s+built-in\s+user/);
    expect(t.out()).toMatch(/\nNot usable \(1\):\n {2}\S+broken: .*is not valid JSON/);
  });

  it('says so when there are no models', async () => {
    const t = fakeIo();
    const none = join(REPO_ROOT, 'test', 'fixtures', 'no-models-here');
    expect(await runCli(['models'], t.io, loadConfig({ TRM_ROUTER_PACKAGE_MODELS: '0', TRM_ROUTER_MODELS_DIR: none }))).toBe(0);
    expect(t.out()).toBe(`No models in ${none}.\n`);
  });
});
