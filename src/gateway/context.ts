/**
 * What the routes share: the solve service, the router, the tool kit (solving through the
 * service), the metrics, the upstream LLMs and the router's size limits. Built once by
 * `createGateway`.
 */
import type { TrmToolkit } from '../adapters/index.js';
import type { Router, RouterLimits } from '../router/index.js';
import type { Upstreams } from './chat/upstream.js';
import type { GatewayMetrics } from './middleware/metrics.js';
import type { SolveService } from './solve-service.js';

export interface GatewayDeps {
  service: SolveService;
  router: Router;
  toolkit: TrmToolkit;
  metrics: GatewayMetrics;
  upstream: Upstreams;
  limits: Partial<RouterLimits>;
  /** LLMs to list on GET /v1/models (provider, model). */
  llms: { provider: string; model: string }[];
}
