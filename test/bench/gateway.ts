/**
 * `npm run bench -- gateway [--duration S] [--connections N] [--abuse-duration A] [--abuse-only]`: load on `POST /v1/solve`.
 * The gateway runs in a child process; this process first measures the bare solver
 * (`solveParsed`, same puzzles and settings) and the gateway one request at a time (the
 * overhead at p50), then drives N keep-alive connections (default 128) for S seconds
 * (default 30) and prints requests/s, p50/p99 latency, errors, and the server's memory
 * (from its /metrics) before and after the load. Then the abuse run (gateway-abuse.ts): 64
 * normal clients for A seconds (default 20) without, then with 4 abusive clients, and the
 * normal clients' p50/p99 in both with their ratio. `--abuse-only` skips the first part.
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { loadConfig } from '../../src/config.js';
import type { Config } from '../../src/config.js';
import { parseTask } from '../../src/tasks/index.js';
import { formatSudoku, generateSudoku } from '../../src/tasks/sudoku/index.js';
import { solveParsed } from '../../src/trm/index.js';
import type { SolveSettings } from '../../src/trm/index.js';
import { benchAbuse } from './gateway-abuse.js';
import { REPO_ROOT } from '../support/paths.js';

interface Options {
  durationS: number;
  connections: number;
  /** Seconds of each half of the abuse run (without, then with abusers). */
  abuseS: number;
  /** Only the abuse run (`--abuse-only`). */
  abuseOnly: boolean;
}

function options(argv: string[]): Options {
  const value = (flag: string, fallback: number): number => {
    const i = argv.indexOf(flag);
    const n = i < 0 ? fallback : Number(argv[i + 1]);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag} must be a positive number`);
    return n;
  };
  return {
    durationS: value('--duration', 30),
    connections: Math.round(value('--connections', 128)),
    abuseS: value('--abuse-duration', 20),
    abuseOnly: argv.includes('--abuse-only'),
  };
}

const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? Number.NaN;

function post(agent: Agent, url: URL, body: string): Promise<{ ok: boolean; ms: number; solver?: string }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        const ms = performance.now() - started;
        resolve({ ok: res.statusCode === 200 && text.includes('"verified":true'), ms, solver: /"solver":"([^"]+)"/.exec(text)?.[1] });
      });
    });
    req.on('error', () => resolve({ ok: false, ms: performance.now() - started }));
    req.end(body);
  });
}

async function serverMemory(base: string): Promise<{ rssMb: number; heapMb: number }> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? Number.NaN) / 2 ** 20;
  return { rssMb: read('process_resident_memory_bytes'), heapMb: read('process_heap_used_bytes') };
}

interface Server {
  url: string;
  /** The server's memory after a full GC. */
  memory: () => Promise<{ rssMb: number; heapMb: number }>;
  stop: () => Promise<void>;
}

async function startServer(): Promise<Server> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(REPO_ROOT, 'test', 'bench', 'gateway-server.ts')], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const next = () => new Promise<string>((resolve) => waiting.push(resolve));
  const line = await Promise.race([
    next(),
    new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`gateway-server exited with ${code}`)))),
  ]);
  const { url } = JSON.parse(line) as { url: string };
  return {
    url,
    memory: async () => {
      const reply = next();
      child.stdin.write('mem\n');
      return JSON.parse(await reply) as { rssMb: number; heapMb: number };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Runs the section and prints its table. */
export async function benchGateway(argv: string[]): Promise<void> {
  const o = options(argv);
  const config = loadConfig();
  const puzzles = Array.from({ length: 50 }, (_, i) => formatSudoku(generateSudoku({ givens: 30, seed: 7000 + i }).puzzle, 'line'));
  const bodies = puzzles.map((puzzle) => JSON.stringify({ puzzle }));

  const settings: SolveSettings = {
    solver: 'auto' as const,
    modelDirs: config.modelDirs,
    threads: config.threads,
    trace: false,
    format: 'pretty' as const,
    timeoutMs: config.timeoutMs,
  };
  const server = await startServer();
  try {
    if (!o.abuseOnly) await loadRun(server, o, config, puzzles, bodies, settings);
    await benchAbuse(server.url, bodies, config, o.abuseS);
  } finally {
    await server.stop();
  }
}

/** One at a time (bare solver, HTTP floor, /v1/solve), then `connections` clients for `durationS`: the table. */
async function loadRun(server: Server, o: Options, config: Config, puzzles: string[], bodies: string[], settings: SolveSettings): Promise<void> {
  const url = new URL('/v1/solve', server.url);
  const healthUrl = new URL('/healthz', server.url);
  // One at a time, interleaved so that background load hits all three alike: the bare solver
  // (what /v1/solve does for the body, without HTTP, in this process), GET /healthz (the HTTP
  // floor), and POST /v1/solve.
  const one = new Agent({ keepAlive: true, maxSockets: 1 });
  const bare: number[] = [];
  const health: number[] = [];
  const serial: number[] = [];
  let solver = '';
  for (let i = 0; i < 1_100; i++) {
    const t0 = performance.now();
    await solveParsed(parseTask(puzzles[i % puzzles.length]), settings);
    const t1 = performance.now();
    await new Promise<void>((resolve) => request(healthUrl, { agent: one }, (res) => res.resume().on('end', resolve)).end());
    const t2 = performance.now();
    const r = await post(one, url, bodies[i % bodies.length] as string);
    if (!r.ok) throw new Error('a request failed before the load');
    solver = r.solver ?? solver;
    if (i >= 100) {
      bare.push(t1 - t0);
      health.push(t2 - t1);
      serial.push(r.ms);
    }
  }
  one.destroy();
  for (const list of [bare, health, serial]) list.sort((a, b) => a - b);
  const before = await server.memory();

  const agent = new Agent({ keepAlive: true, maxSockets: o.connections });
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + o.durationS * 1000;
  const started = performance.now();
  const samples: { rssMb: number; heapMb: number }[] = [];
  const sampler = setInterval(() => void serverMemory(server.url).then((m) => samples.push(m)), 5_000);
  await Promise.all(
    Array.from({ length: o.connections }, async (_, c) => {
      for (let i = c; performance.now() < deadline; i += o.connections) {
        const r = await post(agent, url, bodies[i % bodies.length] as string);
        latencies.push(r.ms);
        if (!r.ok) errors += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  clearInterval(sampler);
  agent.destroy();
  const after = await server.memory();
  latencies.sort((a, b) => a - b);

  const rows = [
    ['bare solver, in process (POST /v1/solve body)', '1', String(bare.length), '-', quantile(bare, 0.5).toFixed(3), quantile(bare, 0.99).toFixed(3), '-'],
    ['GET /healthz, one at a time (HTTP floor)', '1', String(health.length), '-', quantile(health, 0.5).toFixed(3), quantile(health, 0.99).toFixed(3), '0'],
    ['POST /v1/solve, one at a time', '1', String(serial.length), '-', quantile(serial, 0.5).toFixed(3), quantile(serial, 0.99).toFixed(3), '0'],
    [
      `POST /v1/solve, ${o.durationS} s load`,
      String(o.connections),
      String(latencies.length),
      (latencies.length / elapsed).toFixed(0),
      quantile(latencies, 0.5).toFixed(3),
      quantile(latencies, 0.99).toFixed(3),
      String(errors),
    ],
  ];
  const header = ['measurement', 'conns', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'errors'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(' | ');
  console.log(`Gateway: POST /v1/solve, solver auto (answered by ${solver}), models in ${config.modelDirs.join(', ')}`);
  console.log([line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n'));
  const overhead = quantile(serial, 0.5) - quantile(bare, 0.5);
  console.log(
    `gateway overhead over the bare solver at p50: ${overhead.toFixed(3)} ms (of which the HTTP floor, GET /healthz: ${quantile(health, 0.5).toFixed(3)} ms)`,
  );
  const mb = (m: { rssMb: number; heapMb: number }) => `RSS ${m.rssMb.toFixed(1)} / heap ${m.heapMb.toFixed(1)}`;
  console.log(
    `server memory, MiB, after a full GC: before the load ${mb(before)}, after it ${mb(after)}; during the load (every 5 s, no GC forced): ${samples.map(mb).join(', ')}`,
  );
  console.log('');
}
