/**
 * The gateway under load, in its own process (so its memory is its own):
 *   node --expose-gc --import tsx test/bench/gateway-server.ts
 * Serves `createGateway` on 127.0.0.1 (any free port) with the configured models folder, compute
 * caps, solver queue and input limits, no rate limit, and request logs serialised but not written; prints {"url"} once listening and
 * runs until SIGTERM. Each line `mem` on stdin is answered with {"rssMb", "heapMb"} after a full
 * garbage collection (with --expose-gc), so before/after figures are not GC timing noise.
 */
import { createInterface } from 'node:readline';
import { loadConfig } from '../../src/config.js';
import { createGateway, createJsonLogger, serveGateway } from '../../src/gateway/index.js';

const config = loadConfig();
const app = createGateway({
  modelDirs: config.modelDirs,
  threads: config.threads,
  rateLimit: false,
  compute: config.gateway.compute,
  solveQueue: config.gateway.solveQueue,
  limits: config.router,
  logger: createJsonLogger({ level: 'info', write: () => undefined }),
  mcp: false,
});
const running = await serveGateway(app, { host: '127.0.0.1', port: 0, shutdownGraceMs: 1_000 });
console.log(JSON.stringify({ url: running.url }));
const gc = (globalThis as { gc?: () => void }).gc;
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() !== 'mem') return;
  gc?.();
  const m = process.memoryUsage();
  console.log(JSON.stringify({ rssMb: m.rss / 2 ** 20, heapMb: m.heapUsed / 2 ** 20, gc: gc !== undefined }));
});
process.once('SIGTERM', () => void running.close().then(() => process.exit(0)));
