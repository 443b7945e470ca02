/**
 * `POST /v1/route`: the plan only (which parts are puzzles for a solver, which are text for the
 * LLM), from structure, with the LLM classifying ambiguous regions when one is configured.
 *
 * @example
 * curl -s localhost:8787/v1/route -H 'content-type: application/json' -d '{"input": "Who invented sudoku? 53..7....6..195...."}'
 */
import type { Hono } from 'hono';
import { planToJson } from '../../router/index.js';
import type { GatewayDeps } from '../context.js';
import type { GatewayEnv } from '../env.js';
import { readBody } from '../errors.js';
import { routeRequestSchema } from '../schemas.js';

export function routeRoutes(app: Hono<GatewayEnv>, deps: GatewayDeps): void {
  app.post('/v1/route', async (c) => {
    const body = await readBody(c, routeRequestSchema);
    const { plan, usage } = await deps.router.plan(body.input, { useLlm: body.useLlm, signal: c.var.signal });
    return c.json({ plan: planToJson(plan), usage });
  });
}
