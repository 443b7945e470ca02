/**
 * Runs every example (offline, against the scripted LLM server) and fails if one fails.
 *
 *   npm run examples
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const EXAMPLES = ['library.ts', 'openai-tools.ts', 'anthropic-tools.ts', 'mcp-client.ts', 'ai-sdk-generate-text.ts', 'langchain-agent.ts', 'learned-task.ts'];

const failed: string[] = [];
for (const name of EXAMPLES) {
  console.log(`\n=== examples/${name} ${'='.repeat(Math.max(0, 60 - name.length))}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(name, import.meta.url))], {
    stdio: 'inherit',
    timeout: 120_000,
  });
  if (run.status !== 0) failed.push(`${name} (${run.signal ?? `exit ${String(run.status)}`})`);
}
console.log(failed.length === 0 ? `\nall ${EXAMPLES.length} examples ran` : `\nfailed: ${failed.join(', ')}`);
process.exitCode = failed.length === 0 ? 0 : 1;
