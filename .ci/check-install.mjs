// Run from a fresh project that installed trm-router (see as-dependency.sh): checks what a
// consumer gets. Exits non-zero with the reason on the first failure.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const app = process.argv[2] ?? process.cwd();
const pkg = JSON.parse(readFileSync(join(app, 'node_modules', 'trm-router', 'package.json'), 'utf8'));
const subpaths = Object.keys(pkg.exports).filter((s) => s !== './package.json');
const fail = (message) => {
  console.error(`FAIL: ${message}`);
  process.exit(1);
};

// 1. every subpath export imports from plain ESM JavaScript (resolved from the app, as a user's code would be)
const probe = join(app, 'probe.mjs');
writeFileSync(
  probe,
  subpaths.map((s, i) => `import * as m${i} from '${s === '.' ? 'trm-router' : `trm-router/${s.slice(2)}`}';`).join('\n') +
    `\nconsole.log([${subpaths.map((_, i) => `Object.keys(m${i}).length`).join(', ')}].join(' '));\n`,
);
const counts = execFileSync(process.execPath, [probe], { cwd: app, encoding: 'utf8' }).trim().split(' ').map(Number);
subpaths.forEach((s, i) => {
  if (!(counts[i] > 0)) fail(`${s} exports nothing`);
});
console.log(`ok: ${subpaths.length} subpath exports import from ESM JavaScript`);

// 2. a TypeScript file importing them type-checks with moduleResolution node16 and bundler
const ts = [
  "import { parseTask, getTask, taskNames } from 'trm-router';",
  "import type { Config } from 'trm-router/config';",
  "import { loadConfig } from 'trm-router/config';",
  "import { createTrmTools } from 'trm-router/adapters';",
  "import { openaiChatTools } from 'trm-router/adapters/openai';",
  "import { anthropicTools } from 'trm-router/adapters/anthropic';",
  "import { aiSdkTools } from 'trm-router/adapters/ai-sdk';",
  "import { langchainTools } from 'trm-router/adapters/langchain';",
  "import { createMcpServer } from 'trm-router/mcp';",
  "import { createGateway } from 'trm-router/gateway';",
  "import { createRouter } from 'trm-router/router';",
  "import { loadModel, solveParsed, defaultModelDirs } from 'trm-router/trm';",
  "import { createOpenAiProvider } from 'trm-router/llm';",
  "import { startScriptedLlmServer } from 'trm-router/testing';",
  "import { sudoku } from 'trm-router/tasks/sudoku';",
  "import { maze } from 'trm-router/tasks/maze';",
  "import { arc } from 'trm-router/tasks/arc';",
  "import { listTasks } from 'trm-router/tasks';",
  "import { isTrmRouterError } from 'trm-router/core';",
  'const config: Config = loadConfig({});',
  "const parsed = parseTask('53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79');",
  'const names: string[] = [...taskNames(), getTask(parsed.task).title, ...listTasks().map((t) => t.name), sudoku.task, maze.task, arc.task];',
  'const toolkit = createTrmTools({ modelDirs: config.modelDirs });',
  'const all = [openaiChatTools(toolkit), anthropicTools(toolkit), aiSdkTools(toolkit), langchainTools(toolkit), createMcpServer({ toolkit }), createGateway({ modelDirs: defaultModelDirs() }), createRouter({}), createOpenAiProvider, startScriptedLlmServer, loadModel, solveParsed, isTrmRouterError];',
  'export const checked: number = names.length + all.length;',
].join('\n');
writeFileSync(join(app, 'check.ts'), ts + '\n');
for (const resolution of ['node16', 'bundler']) {
  const module = resolution === 'node16' ? 'node16' : 'esnext';
  writeFileSync(
    join(app, `tsconfig.${resolution}.json`),
    JSON.stringify({
      compilerOptions: { target: 'es2022', module, moduleResolution: resolution, strict: true, noEmit: true, skipLibCheck: true, types: ['node'] },
      files: ['check.ts'],
    }),
  );
  try {
    execFileSync(join(app, 'node_modules', '.bin', 'tsc'), ['-p', `tsconfig.${resolution}.json`], { cwd: app, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    fail(`check.ts does not type-check with moduleResolution ${resolution}:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  }
  console.log(`ok: the subpath exports type-check with moduleResolution ${resolution}`);
}

// 3. `npx trm-router solve` answers with the packaged TRM models, not the exact fallback
const npx = (args, options = {}) => execFileSync('npx', ['--no-install', 'trm-router', ...args], { cwd: app, encoding: 'utf8', ...options });
for (const file of ['sudoku-grid.txt', 'maze-30x30.txt']) {
  const out = JSON.parse(npx(['solve', file, '--json']));
  const p = out.provenance;
  if (p.kind !== 'trm' || out.verified !== true || p.fallbackFrom !== undefined)
    fail(`${file}: expected a verified answer of a packaged TRM model, got ${JSON.stringify(p)}`);
  console.log(`ok: npx trm-router solve ${file}: ${p.solver}, ${p.steps} steps, verified`);
}
const listed = JSON.parse(npx(['models', '--json']));
const models = listed.models ?? listed;
if (!Array.isArray(models) || models.length < 2 || models.some((m) => m.origin !== 'package'))
  fail(`trm-router models: expected the packaged models with origin "package", got ${JSON.stringify(listed)}`);
console.log(`ok: trm-router models lists ${models.map((m) => m.name).join(', ')} from the package`);

// 4. the installed gateway serves a TRM solve over HTTP
const port = await new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port: p } = s.address();
    s.close(() => resolve(p));
  });
});
// the installed bin itself (not through npx, whose child would outlive a kill)
const server = spawn(join(app, 'node_modules', '.bin', 'trm-router'), ['serve', '--port', String(port)], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'] });
let log = '';
server.stdout.on('data', (c) => (log += c));
server.stderr.on('data', (c) => (log += c));
try {
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 100) fail(`the gateway did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const res = await fetch(`${base}/v1/solve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ puzzle: readFileSync(join(app, 'sudoku-grid.txt'), 'utf8') }),
  });
  const body = await res.json();
  if (res.status !== 200 || body.provenance?.kind !== 'trm' || body.verified !== true) fail(`POST /v1/solve: ${res.status} ${JSON.stringify(body)}`);
  console.log(`ok: the installed gateway answered POST /v1/solve with ${body.provenance.solver}, verified`);
} finally {
  server.kill('SIGTERM');
}
