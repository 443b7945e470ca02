/**
 * Prometheus metrics in the text exposition format (0.0.4), without a client library: counters,
 * gauges and histograms with labels, and a middleware that counts requests and their latency by
 * route pattern (never by raw path, so label values stay bounded). The gateway's registry also
 * holds the solver metrics: solves, TRM steps, halting reasons, fallbacks and errors.
 *
 * @example
 * const metrics = createGatewayMetrics();
 * app.use(metricsMiddleware(metrics));
 * app.get('/metrics', (c) => c.text(metrics.registry.render(), 200, { 'content-type': PROMETHEUS_CONTENT_TYPE }));
 */
import type { MiddlewareHandler } from 'hono';
import type { GatewayEnv } from '../env.js';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

type Labels = Record<string, string>;

const escapeValue = (v: string): string => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labelText = (labels: Labels): string => {
  const entries = Object.entries(labels);
  return entries.length === 0 ? '' : `{${entries.map(([k, v]) => `${k}="${escapeValue(v)}"`).join(',')}}`;
};
const keyOf = (names: readonly string[], labels: Labels): string => names.map((n) => labels[n] ?? '').join('\u0000');
const num = (n: number): string => (Number.isFinite(n) ? String(n) : n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN');

interface Metric {
  render(): string;
}

abstract class LabelledMetric<T> implements Metric {
  protected readonly series = new Map<string, { labels: Labels; value: T }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {}
  protected entry(labels: Labels, init: () => T): { labels: Labels; value: T } {
    const key = keyOf(this.labelNames, labels);
    let e = this.series.get(key);
    if (e === undefined) {
      const clean: Labels = {};
      for (const n of this.labelNames) clean[n] = labels[n] ?? '';
      e = { labels: clean, value: init() };
      this.series.set(key, e);
    }
    return e;
  }
  abstract render(): string;
}

export class Counter extends LabelledMetric<number> {
  inc(labels: Labels = {}, by = 1): void {
    this.entry(labels, () => 0).value += by;
  }
  get(labels: Labels = {}): number {
    return this.series.get(keyOf(this.labelNames, labels))?.value ?? 0;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const { labels, value } of this.series.values()) lines.push(`${this.name}${labelText(labels)} ${num(value)}`);
    return lines.join('\n');
  }
}

export class Gauge extends LabelledMetric<number> {
  private collect: (() => number) | undefined;
  constructor(name: string, help: string, labelNames: readonly string[] = [], collect?: () => number) {
    super(name, help, labelNames);
    this.collect = collect;
  }
  set(labels: Labels, value: number): void {
    this.entry(labels, () => 0).value = value;
  }
  /** Reads the (unlabelled) value from `collect` whenever the metrics are rendered. */
  track(collect: () => number): void {
    this.collect = collect;
  }
  add(labels: Labels, by: number): void {
    this.entry(labels, () => 0).value += by;
  }
  render(): string {
    if (this.collect !== undefined) this.set({}, this.collect());
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`];
    for (const { labels, value } of this.series.values()) lines.push(`${this.name}${labelText(labels)} ${num(value)}`);
    return lines.join('\n');
  }
}

export class Histogram extends LabelledMetric<{ buckets: number[]; sum: number; count: number }> {
  constructor(
    name: string,
    help: string,
    labelNames: readonly string[],
    readonly bounds: readonly number[],
  ) {
    super(name, help, labelNames);
  }
  observe(labels: Labels, value: number): void {
    const e = this.entry(labels, () => ({ buckets: new Array<number>(this.bounds.length).fill(0), sum: 0, count: 0 })).value;
    for (let i = 0; i < this.bounds.length; i++) if (value <= (this.bounds[i] as number)) e.buckets[i] = (e.buckets[i] as number) + 1;
    e.sum += value;
    e.count += 1;
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const { labels, value } of this.series.values()) {
      this.bounds.forEach((le, i) => lines.push(`${this.name}_bucket${labelText({ ...labels, le: num(le) })} ${value.buckets[i] ?? 0}`));
      lines.push(`${this.name}_bucket${labelText({ ...labels, le: '+Inf' })} ${value.count}`);
      lines.push(`${this.name}_sum${labelText(labels)} ${num(value.sum)}`);
      lines.push(`${this.name}_count${labelText(labels)} ${value.count}`);
    }
    return lines.join('\n');
  }
}

/** A set of metrics rendered together. */
export class MetricsRegistry {
  private readonly metrics: Metric[] = [];
  register<M extends Metric>(metric: M): M {
    this.metrics.push(metric);
    return metric;
  }
  render(): string {
    return this.metrics.map((m) => m.render()).join('\n') + '\n';
  }
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** Every metric the gateway exports. */
export interface GatewayMetrics {
  registry: MetricsRegistry;
  requests: Counter;
  requestDuration: Histogram;
  inFlight: Gauge;
  solves: Counter;
  solveDuration: Histogram;
  trmSteps: Histogram;
  halts: Counter;
  fallbacks: Counter;
  errors: Counter;
  rateLimited: Counter;
  rateLimitStoreErrors: Counter;
  upstreamCalls: Counter;
  cellSteps: Histogram;
  queueWait: Histogram;
  queueDepth: Gauge;
  solvesRunning: Gauge;
  solvesShed: Counter;
}

/**
 * The gateway's registry: HTTP, solver and process metrics, all prefixed `trm_router_`
 * (process metrics `process_`).
 *
 * @example
 * const metrics = createGatewayMetrics();
 * metrics.solves.inc({ task: 'sudoku', solver: 'exact', verified: 'true' });
 */
export function createGatewayMetrics(): GatewayMetrics {
  const registry = new MetricsRegistry();
  const started = Date.now() / 1000;
  registry.register(new Gauge('process_resident_memory_bytes', 'Resident set size of the gateway process in bytes', [], () => process.memoryUsage.rss()));
  registry.register(new Gauge('process_heap_used_bytes', 'V8 heap in use in bytes', [], () => process.memoryUsage().heapUsed));
  registry.register(new Gauge('process_start_time_seconds', 'Start time of the process since the Unix epoch in seconds', [], () => started));
  return {
    registry,
    requests: registry.register(
      new Counter('trm_router_http_requests_total', 'HTTP requests answered, by method, route pattern and status', ['method', 'route', 'status']),
    ),
    requestDuration: registry.register(
      new Histogram(
        'trm_router_http_request_duration_seconds',
        'Time to answer a request (headers of a stream), by route pattern',
        ['method', 'route'],
        LATENCY_BUCKETS,
      ),
    ),
    inFlight: registry.register(new Gauge('trm_router_http_requests_in_flight', 'Requests being answered now')),
    solves: registry.register(
      new Counter('trm_router_solves_total', 'Puzzles solved, by task, the solver that answered and whether it verified', ['task', 'solver', 'verified']),
    ),
    solveDuration: registry.register(new Histogram('trm_router_solve_duration_seconds', 'Time of one solve, by task', ['task'], LATENCY_BUCKETS)),
    trmSteps: registry.register(
      new Histogram(
        'trm_router_trm_steps',
        'TRM supervision steps per solve, every sample of every model tried, by task',
        ['task'],
        [1, 2, 4, 6, 8, 12, 16, 24, 32, 64, 128, 256, 512],
      ),
    ),
    halts: registry.register(
      new Counter('trm_router_trm_halts_total', 'TRM runs by what halted them (q_halt, verified, max_steps, ...)', ['task', 'halted_by']),
    ),
    fallbacks: registry.register(
      new Counter('trm_router_fallbacks_total', 'Solves answered by a fallback after the TRM did not verify or failed', ['task', 'from']),
    ),
    errors: registry.register(new Counter('trm_router_errors_total', 'Error responses by error code', ['code'])),
    rateLimited: registry.register(new Counter('trm_router_rate_limited_total', 'Requests refused by the rate limit', [])),
    rateLimitStoreErrors: registry.register(
      new Counter('trm_router_rate_limit_store_errors_total', 'Rate-limit store failures (requests let through)', ['store']),
    ),
    upstreamCalls: registry.register(
      new Counter('trm_router_upstream_calls_total', 'Calls to the upstream LLM, by wire format and outcome', ['api', 'outcome']),
    ),
    cellSteps: registry.register(
      new Histogram(
        'trm_router_solve_cell_steps',
        'Compute one solve spent on TRM steps, in cell-steps (steps x samples x cells), by task',
        ['task'],
        [100, 1_000, 2_000, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 1_000_000],
      ),
    ),
    queueWait: registry.register(
      new Histogram(
        'trm_router_solve_queue_wait_seconds',
        'Time a solve waited in the solver queue before it ran',
        [],
        [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      ),
    ),
    queueDepth: registry.register(new Gauge('trm_router_solve_queue_depth', 'Solves waiting in the solver queue now')),
    solvesRunning: registry.register(new Gauge('trm_router_solves_running', 'Solves running now')),
    solvesShed: registry.register(
      new Counter('trm_router_solves_shed_total', 'Solves refused with 503 by the solver queue, by reason (queue_full, queue_wait)', ['reason']),
    ),
  };
}

/** Counts every request and its latency by route pattern; 4xx/5xx by error code come from the error handler. */
export function metricsMiddleware(metrics: GatewayMetrics): MiddlewareHandler<GatewayEnv> {
  return async (c, next) => {
    const started = performance.now();
    metrics.inFlight.add({}, 1);
    try {
      await next();
    } finally {
      metrics.inFlight.add({}, -1);
      const route = c.req.routePath === '/*' || c.req.routePath === '*' ? 'unmatched' : c.req.routePath;
      metrics.requests.inc({ method: c.req.method, route, status: String(c.res.status) });
      metrics.requestDuration.observe({ method: c.req.method, route }, (performance.now() - started) / 1000);
    }
  };
}
