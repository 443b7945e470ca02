/**
 * The abuse run of `npm run bench -- gateway`: 64 normal clients (one keep-alive connection
 * each, one Sudoku after another, solver auto) for S seconds alone, then S seconds again
 * alongside 4 abusive clients, and the normal clients' p50/p99 in both runs with their ratio
 * (the goal: p99 with abusers within 2x of p99 without). The abusers, each one client that
 * sends its next request as soon as the last one is answered:
 * - big bodies: 2 MB with Content-Length, 2 MB chunked (no length), a puzzle one character over
 *   `TRM_ROUTER_MAX_INPUT_CHARS`, JSON nested past the depth cap, in turn;
 * - maximal budget, Sudoku: a 17-given Sudoku, TRM only, fixed halting, the most steps and
 *   exploration the server's caps allow (what the caps exist for);
 * - maximal budget, maze: a 30x30 maze, the same (the costliest model per step);
 * - slowloris: 128 connections that send a request's headers (or body) a few bytes a second and
 *   never finish.
 */
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import type { Config } from '../../src/config.js';
import { formatMaze, generateMaze } from '../../src/tasks/maze/index.js';

/** 17 givens: the TRM never verifies it, so a TRM-only solve with fixed halting runs every step it may. */
const SUDOKU_17 = '000000010400000000020000000000050407008000300001090000300400200050100000000806000';
const NORMAL_CLIENTS = 64;
const SLOWLORIS_CONNECTIONS = 128;

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? Number.NaN;

interface Reply {
  status: number;
  ms: number;
  verified: boolean;
}

/** POSTs `body` (a string with Content-Length, or chunks sent without one). */
function post(agent: Agent, url: URL, body: string | string[]): Promise<Reply> {
  return new Promise((resolve) => {
    const started = performance.now();
    const headers: Record<string, string | number> = { 'content-type': 'application/json' };
    if (typeof body === 'string') headers['content-length'] = Buffer.byteLength(body);
    const req = request(url, { method: 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, verified: text.includes('"verified":true') });
      });
    });
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started, verified: false }));
    if (typeof body === 'string') req.end(body);
    else {
      for (const chunk of body) req.write(chunk);
      req.end();
    }
  });
}

/** Tally of an abuser's answers by status (0 = connection error). */
type Tally = Map<number, number>;
const count = (tally: Tally, status: number): void => void tally.set(status, (tally.get(status) ?? 0) + 1);

interface Abuser {
  name: string;
  tally: Tally;
  stop: () => Promise<void>;
}

/** One client that sends the next body as soon as the last is answered, until stopped. */
function looping(name: string, url: URL, next: (i: number) => string | string[]): Abuser {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const tally: Tally = new Map();
  let running = true;
  const loop = (async () => {
    for (let i = 0; running; i++) count(tally, (await post(agent, url, next(i))).status);
  })();
  return {
    name,
    tally,
    stop: async () => {
      running = false;
      await loop;
      agent.destroy();
    },
  };
}

/** Connections that trickle a request a few bytes at a time (headers, or a body) and never finish it. */
function slowloris(url: URL): Abuser {
  const tally: Tally = new Map();
  const sockets = new Set<Socket>();
  let running = true;
  const open = (i: number): void => {
    if (!running) return;
    const socket = connect(Number(url.port), url.hostname);
    sockets.add(socket);
    const body = i % 2 === 1;
    const head = `POST /v1/solve HTTP/1.1\r\nhost: ${url.host}\r\ncontent-type: application/json\r\n`;
    const parts = body
      ? [`${head}content-length: 100000\r\n\r\n`, ...Array.from({ length: 10_000 }, () => '{"puz')]
      : [head, ...Array.from({ length: 10_000 }, (_, k) => `x-slow-${k}: 1\r\n`)];
    let k = 0;
    const timer = setInterval(() => {
      if (k < parts.length && socket.writable) socket.write(parts[k++] as string);
    }, 1_000);
    socket.on('data', (d: Buffer) => count(tally, Number(/^HTTP\/1\.1 (\d+)/.exec(d.toString())?.[1] ?? 0)));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      sockets.delete(socket);
      if (!running) return;
      count(tally, -1); // the server closed it
      setTimeout(() => open(i), 100);
    });
  };
  for (let i = 0; i < SLOWLORIS_CONNECTIONS; i++) open(i);
  return {
    name: `slowloris (${SLOWLORIS_CONNECTIONS} connections)`,
    tally,
    stop: async () => {
      running = false;
      for (const s of sockets) s.destroy();
      await new Promise((r) => setTimeout(r, 50));
    },
  };
}

/** The four abusers against `base`, with the server's caps from `config`. */
function startAbusers(base: string, config: Config): Abuser[] {
  const url = new URL('/v1/solve', base);
  const { maxSteps, maxExplore, maxCellSteps } = config.gateway.compute;
  const maxInput = config.router.maxInputChars;
  const big = 'x'.repeat(2 * 2 ** 20);
  const bigBodies = [
    JSON.stringify({ puzzle: big }),
    Array.from({ length: 32 }, (_, i) => (i === 0 ? '{"puzzle":"' : big.slice(0, 2 ** 16))),
    JSON.stringify({ puzzle: '1'.repeat(maxInput + 1) }),
    `{"puzzle":${'['.repeat(10_000)}${']'.repeat(10_000)}}`,
  ];
  /** The costliest request the caps allow on a model of `cells` cells: all the exploration, then as many steps as the budget pays for. */
  const costliest = (cells: number): Record<string, unknown> => {
    const steps = Math.max(1, Math.min(maxSteps, Math.floor(maxCellSteps / ((1 + maxExplore) * cells))));
    return { solver: 'trm', halt: 'fixed', maxSteps: steps, ...(maxExplore > 0 ? { explore: maxExplore } : {}) };
  };
  const maze = formatMaze(generateMaze({ rows: 30, cols: 30, seed: 11 }).puzzle, 'pretty');
  const budgetSudoku = JSON.stringify({ puzzle: SUDOKU_17, ...costliest(81) });
  const budgetMaze = JSON.stringify({ puzzle: maze, ...costliest(900) });
  return [
    looping('big bodies (2 MB, 2 MB chunked, puzzle over the cap, 10,000-deep JSON)', url, (i) => bigBodies[i % bigBodies.length] as string | string[]),
    looping(`maximal budget, 17-given Sudoku ${JSON.stringify(costliest(81))}`, url, () => budgetSudoku),
    looping(`maximal budget, 30x30 maze ${JSON.stringify(costliest(900))}`, url, () => budgetMaze),
    slowloris(url),
  ];
}

/** 64 normal clients for `durationS`: their latencies (sorted) and failures. */
async function normalLoad(url: URL, bodies: readonly string[], durationS: number): Promise<{ latencies: number[]; errors: number; elapsedS: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: NORMAL_CLIENTS });
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + durationS * 1000;
  await Promise.all(
    Array.from({ length: NORMAL_CLIENTS }, async (_, c) => {
      for (let i = c; performance.now() < deadline; i += NORMAL_CLIENTS) {
        const r = await post(agent, url, bodies[i % bodies.length] as string);
        latencies.push(r.ms);
        if (r.status !== 200 || !r.verified) errors += 1;
      }
    }),
  );
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { latencies, errors, elapsedS: (performance.now() - started) / 1000 };
}

/**
 * Runs the normal clients alone, then with the abusers, and prints the table.
 *
 * @example
 * await benchAbuse(server.url, bodies, config, 20);
 */
export async function benchAbuse(base: string, bodies: readonly string[], config: Config, durationS: number): Promise<void> {
  const url = new URL('/v1/solve', base);
  await normalLoad(url, bodies, Math.min(5, durationS)); // warm-up (models loaded, JIT)
  const alone = await normalLoad(url, bodies, durationS);
  const abusers = startAbusers(base, config);
  const attacked = await normalLoad(url, bodies, durationS);
  await Promise.all(abusers.map((a) => a.stop()));
  const metrics = await (await fetch(new URL('/metrics', base))).text();

  const row = (name: string, abuse: string, r: typeof alone): string[] => [
    name,
    abuse,
    String(r.latencies.length),
    (r.latencies.length / r.elapsedS).toFixed(0),
    quantile(r.latencies, 0.5).toFixed(1),
    quantile(r.latencies, 0.99).toFixed(1),
    String(r.errors),
  ];
  const header = ['normal clients', 'abusers', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'failed'];
  const rows = [row(`${NORMAL_CLIENTS}, ${durationS} s`, 'none', alone), row(`${NORMAL_CLIENTS}, ${durationS} s`, String(abusers.length), attacked)];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(' | ');
  console.log(`Gateway under abuse: ${NORMAL_CLIENTS} normal clients (POST /v1/solve, 30-given Sudoku, solver auto) without and with 4 abusive clients`);
  console.log([line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n'));
  const p99 = quantile(attacked.latencies, 0.99) / quantile(alone.latencies, 0.99);
  const p50 = quantile(attacked.latencies, 0.5) / quantile(alone.latencies, 0.5);
  console.log(`normal clients with abusers / without: p50 ${p50.toFixed(2)}x, p99 ${p99.toFixed(2)}x (goal: p99 within 2x) — ${p99 <= 2 ? 'met' : 'NOT met'}`);
  for (const a of abusers) {
    const tally = [...a.tally.entries()]
      .sort(([x], [y]) => x - y)
      .map(([status, n]) => `${status === -1 ? 'closed by the server' : status === 0 ? 'connection closed before an answer' : status}: ${n}`)
      .join(', ');
    console.log(`  abuser ${a.name}: ${tally || 'no answer'}`);
  }
  const metric = (re: RegExp): string => re.exec(metrics)?.[1] ?? '0';
  const waits = Number(metric(/^trm_router_solve_queue_wait_seconds_sum (\S+)/m));
  const n = Number(metric(/^trm_router_solve_queue_wait_seconds_count (\S+)/m));
  console.log(
    `  server: solver queue wait mean ${((waits / n) * 1000).toFixed(1)} ms over ${n} solves, shed ${metric(/^trm_router_solves_shed_total\{reason="queue_full"\} (\S+)/m)} (queue full) / ${metric(/^trm_router_solves_shed_total\{reason="queue_wait"\} (\S+)/m)} (waited too long)`,
  );
  console.log('');
}
