/**
 * Cost control at the gateway: the per-request compute budget (steps x samples x cells) with
 * caps a request cannot raise, and the bounded solver queue that sheds load with 503 and
 * Retry-After and reports its measured wait in /metrics.
 */
import { describe, expect, it } from 'vitest';
import { FIXTURE_MODELS, postJson, testGatewayOptions } from '../../test/support/gateway.js';
import { loadConfig } from '../config.js';
import { sharedStepScheduler } from '../trm/step-scheduler.js';
import type { SolveService } from './index.js';
import { DEFAULT_COMPUTE_LIMITS, DEFAULT_SOLVE_QUEUE, createGateway, createGatewayMetrics, gatewayOptionsFromConfig, silentLogger } from './index.js';
import { DEFAULT_AUTH_FAILURES } from './middleware/auth.js';

/** 17 givens: the fixture models never verify it, so a TRM-only solve runs every step it may. */
const SUDOKU_17 = '000000010400000000020000000000050407008000300001090000300400200050100000000806000';

/** A solve service whose solves wait for `release()` (`started`: how many began). */
function gated(): { service: SolveService; release: () => void; started: () => number } {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let started = 0;
  const service: SolveService = {
    modelDirs: ['none'],
    models: () => Promise.resolve([]),
    async solve() {
      started += 1;
      await gate;
      return {
        task: 'sudoku',
        solution: { size: 9, cells: [] },
        rendered: 'done',
        verified: true,
        attempts: ['gated'],
        provenance: { solver: 'gated', kind: 'exact', verified: true, latencyMs: 1 },
      };
    },
    localSolvers: () => ({ solve: () => Promise.resolve(undefined) }),
    warmUp: () => Promise.resolve({ ready: true, models: [] }),
    readiness: () => ({ ready: true, models: [] }),
  };
  return { service, release: () => open(), started: () => started };
}

const metricValue = (text: string, line: RegExp): number => Number(line.exec(text)?.[1] ?? Number.NaN);

describe('compute budget', () => {
  it("refuses the issue's maximal request (maxSteps 256, explore 16, fixed halting) with a 400 naming the cap, before any step runs", async () => {
    const metrics = createGatewayMetrics();
    const app = createGateway(testGatewayOptions({ metrics }));
    const stepsBefore = sharedStepScheduler.stats.steps; // every engine's steps in this process go through it
    const res = await postJson(app, '/v1/solve', { puzzle: SUDOKU_17, solver: 'trm', maxSteps: 256, explore: 16, halt: 'fixed' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; details: Record<string, unknown> } };
    expect(body.error).toMatchObject({ code: 'invalid_input', details: { field: 'maxSteps', setting: 'TRM_ROUTER_MAX_STEPS' } });
    expect(sharedStepScheduler.stats.steps).toBe(stepsBefore);
  });

  it('runs the largest request the caps allow, and spends at most the budget (measured in /metrics)', async () => {
    const metrics = createGatewayMetrics();
    const compute = { maxSteps: 8, maxExplore: 2, maxCellSteps: 2_000 };
    const app = createGateway(testGatewayOptions({ metrics, compute }));
    const res = await postJson(app, '/v1/solve', { puzzle: SUDOKU_17, solver: 'trm', maxSteps: 8, explore: 2, halt: 'fixed', model: 'sudoku-mlp-tiny' });
    expect(res.status).toBe(200);
    const text = metrics.registry.render();
    expect(metricValue(text, /^trm_router_solve_cell_steps_count\{task="sudoku"\} (\S+)/m)).toBe(1);
    const spent = metricValue(text, /^trm_router_solve_cell_steps_sum\{task="sudoku"\} (\S+)/m);
    expect(spent).toBeGreaterThan(0);
    expect(spent).toBeLessThanOrEqual(2_000);
    const over = await postJson(app, '/v1/solve', { puzzle: SUDOKU_17, solver: 'trm', maxSteps: 8, explore: 2, halt: 'fixed', model: 'sudoku-att-tiny' });
    expect(over.status).toBe(200); // same cells, same cost: within the budget
    const tooMuch = createGateway(testGatewayOptions({ compute: { ...compute, maxCellSteps: 1_000 } }));
    const refused = await postJson(tooMuch, '/v1/solve', { puzzle: SUDOKU_17, solver: 'trm', maxSteps: 8, explore: 2 });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { details: Record<string, unknown> } }).error.details).toMatchObject({
      field: 'explore',
      budget: 1_000,
      setting: 'TRM_ROUTER_SOLVE_BUDGET',
    });
  });
});

describe('cost control from the environment', () => {
  it("an unset environment gives the gateway's own defaults (the two lists of numbers cannot drift apart)", async () => {
    const options = await gatewayOptionsFromConfig(loadConfig({ TRM_ROUTER_PACKAGE_MODELS: '0', TRM_ROUTER_MODELS_DIR: FIXTURE_MODELS }), {
      logger: silentLogger,
      preload: false,
    });
    expect(options.compute).toEqual(DEFAULT_COMPUTE_LIMITS);
    expect(options.solveQueue).toEqual(DEFAULT_SOLVE_QUEUE);
    expect(options.authFailures).toEqual(DEFAULT_AUTH_FAILURES);
    await options.close();
  });

  it('TRM_ROUTER_MAX_STEPS, TRM_ROUTER_MAX_EXPLORE and TRM_ROUTER_MAX_QUEUED_SOLVES reach the gateway', async () => {
    const config = loadConfig({
      TRM_ROUTER_PACKAGE_MODELS: '0',
      TRM_ROUTER_MODELS_DIR: FIXTURE_MODELS,
      TRM_ROUTER_RATE_LIMIT: '0',
      TRM_ROUTER_MAX_STEPS: '4',
      TRM_ROUTER_MAX_EXPLORE: '1',
    });
    const options = await gatewayOptionsFromConfig(config, { logger: silentLogger, preload: false });
    const app = createGateway(options);
    const steps = await postJson(app, '/v1/solve', { puzzle: SUDOKU_17, solver: 'trm', maxSteps: 5 });
    expect(steps.status).toBe(400);
    expect(((await steps.json()) as { error: { details: Record<string, unknown> } }).error.details).toMatchObject({ field: 'maxSteps', limit: 4 });
    const explore = await postJson(app, '/v1/solve', { puzzle: SUDOKU_17, solver: 'trm', explore: 2 });
    expect(((await explore.json()) as { error: { details: Record<string, unknown> } }).error.details).toMatchObject({ field: 'explore', limit: 1 });
    await options.close();
  });
});

describe('solver queue', () => {
  it('runs at most `concurrency` solves, queues up to `maxQueued`, and sheds the rest with 503 overloaded and Retry-After', async () => {
    const { service, release, started } = gated();
    const metrics = createGatewayMetrics();
    const app = createGateway(testGatewayOptions({ service, metrics, solveQueue: { concurrency: 1, maxQueued: 1, maxWaitMs: 60_000 } }));
    const first = postJson(app, '/v1/solve', { puzzle: SUDOKU_17 });
    await expect.poll(started).toBe(1);
    const second = postJson(app, '/v1/solve', { puzzle: SUDOKU_17 });
    await expect.poll(() => metricValue(metrics.registry.render(), /^trm_router_solve_queue_depth (\S+)/m)).toBe(1);
    const shed = await postJson(app, '/v1/solve', { puzzle: SUDOKU_17 });
    expect(shed.status).toBe(503);
    expect(Number(shed.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await shed.json()) as { error: { code: string; type: string; details: Record<string, unknown> } }).error).toMatchObject({
      code: 'overloaded',
      type: 'overloaded_error',
      details: { reason: 'queue_full', queued: 1, concurrency: 1 },
    });
    expect(started()).toBe(1);
    release();
    expect((await first).status).toBe(200);
    expect((await second).status).toBe(200);
    const text = metrics.registry.render();
    expect(metricValue(text, /^trm_router_solves_shed_total\{reason="queue_full"\} (\S+)/m)).toBe(1);
    expect(metricValue(text, /^trm_router_solve_queue_wait_seconds_count (\S+)/m)).toBe(2);
    expect(metricValue(text, /^trm_router_solve_queue_wait_seconds_sum (\S+)/m)).toBeGreaterThan(0);
  });

  it('sheds a request that waited longer than maxWaitMs (503, reason queue_wait); it never runs', async () => {
    const { service, release, started } = gated();
    const app = createGateway(testGatewayOptions({ service, solveQueue: { concurrency: 1, maxQueued: 8, maxWaitMs: 50 } }));
    const first = postJson(app, '/v1/solve', { puzzle: SUDOKU_17 });
    await expect.poll(started).toBe(1);
    const waited = await postJson(app, '/v1/solve', { puzzle: SUDOKU_17 });
    expect(waited.status).toBe(503);
    expect(((await waited.json()) as { error: { details: Record<string, unknown> } }).error.details).toMatchObject({ reason: 'queue_wait', maxWaitMs: 50 });
    release();
    expect((await first).status).toBe(200);
    expect(started()).toBe(1);
  });

  it('a queued request whose deadline passes leaves the queue with 504 and never runs', async () => {
    const { service, release, started } = gated();
    const app = createGateway(testGatewayOptions({ service, requestTimeoutMs: 100, solveQueue: { concurrency: 1, maxQueued: 8, maxWaitMs: 60_000 } }));
    const first = postJson(app, '/v1/solve', { puzzle: SUDOKU_17 });
    await expect.poll(started).toBe(1);
    const late = await postJson(app, '/v1/solve', { puzzle: SUDOKU_17 });
    expect(late.status).toBe(504);
    release();
    await first;
    expect(started()).toBe(1);
  });
});
