/**
 * `GET /healthz` (the process answers) and `GET /readyz` (every installed model loaded: 200
 * `ready`, else 503 `not_ready` with the models that failed). The first `/readyz` starts the
 * warm-up if `createGateway` was not asked to preload. `solvers` lists, in registry order, the
 * tasks that can be answered now: those with an exact solver, and those with a loaded model.
 *
 * @example
 * until curl -sf localhost:8787/readyz; do sleep 1; done
 */
import type { Hono } from 'hono';
import { listTasks } from '../../tasks/index.js';
import type { GatewayDeps } from '../context.js';
import type { GatewayEnv } from '../env.js';

export function healthRoutes(app: Hono<GatewayEnv>, deps: GatewayDeps): void {
  app.get('/healthz', (c) => c.json({ status: 'ok' as const }));
  app.get('/readyz', async (c) => {
    const report = await deps.service.warmUp();
    const loaded = new Set(report.models.filter((m) => m.loaded).map((m) => m.task));
    const solvers = listTasks()
      .filter((t) => t.codec.exact !== null || loaded.has(t.name))
      .map((t) => t.name);
    return c.json({ status: report.ready ? ('ready' as const) : ('not_ready' as const), models: report.models, solvers }, report.ready ? 200 : 503);
  });
}
