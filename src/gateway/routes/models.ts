/**
 * `GET /v1/models`: the installed TRM models with their manifests' measured accuracy and
 * halting policy, the configured LLMs, and `trm-router` (the gateway's default for chats), in
 * the OpenAI list format so OpenAI clients can list them. Each TRM model names its task, says
 * whether the task is built in or learned (declared by the model's manifest), and for a learned
 * task gives what a client needs to use it: its description, tool, largest grid and alphabet.
 *
 * @example
 * curl -s localhost:8787/v1/models | jq '.data[] | {id, kind, task, taskOrigin, accuracy}'
 */
import type { Hono } from 'hono';
import { findTask } from '../../tasks/index.js';
import type { ModelEntry } from '../../trm/index.js';
import type { GatewayDeps } from '../context.js';
import type { GatewayEnv } from '../env.js';

function learnedTaskInfo(e: ModelEntry) {
  const spec = e.manifest.learnedTask;
  if (spec === undefined) return {};
  const task = findTask(spec.name);
  return {
    learnedTask: {
      description: spec.description,
      tool: task?.tool.name ?? null,
      maxGrid: spec.maxGrid,
      alphabet: spec.alphabet,
      sameSize: spec.sameSize,
    },
  };
}

export function modelsRoutes(app: Hono<GatewayEnv>, deps: GatewayDeps): void {
  app.get('/v1/models', async (c) => {
    const trm = (await deps.service.models()).map((e) => ({
      id: e.manifest.name,
      object: 'model' as const,
      owned_by: 'trm-router',
      kind: 'trm' as const,
      task: e.manifest.task,
      taskOrigin: findTask(e.manifest.task)?.origin ?? (e.manifest.learnedTask === undefined ? ('builtin' as const) : ('learned' as const)),
      ...learnedTaskInfo(e),
      parameters: e.manifest.parameters,
      accuracy: e.manifest.accuracy,
      halting: e.manifest.halting ?? null,
    }));
    const llms = deps.llms.map((l) => ({ id: l.model, object: 'model' as const, owned_by: l.provider, kind: 'llm' as const, provider: l.provider }));
    const router = { id: 'trm-router', object: 'model' as const, owned_by: 'trm-router', kind: 'llm' as const, provider: 'trm-router' };
    return c.json({ object: 'list' as const, data: [router, ...trm, ...llms] });
  });
}
