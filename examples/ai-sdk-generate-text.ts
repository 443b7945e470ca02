/**
 * Vercel AI SDK: `generateText` with the solver tools (`tool()` objects with zod `inputSchema`)
 * and `@ai-sdk/openai`, stopping after at most four steps.
 *
 *   npx tsx examples/ai-sdk-generate-text.ts  # offline: a scripted OpenAI-compatible server
 *   OPENAI_API_KEY=sk-... npx tsx examples/ai-sdk-generate-text.ts --live
 *
 * `--live` uses OPENAI_MODEL (default gpt-4.1-mini); any AI SDK provider works the same way
 * (e.g. `anthropic('claude-sonnet-4-5')` from @ai-sdk/anthropic).
 * In your project: import { aiSdkTools } from 'trm-router/adapters/ai-sdk'.
 */
import { createOpenAI } from '@ai-sdk/openai';
import { generateText, stepCountIs } from 'ai';
import { aiSdkTools } from '../src/adapters/ai-sdk.js';
import type { ToolOutcome } from '../src/adapters/index.js';
import { loadConfig } from '../src/config.js';
import { startScriptedLlmServer, step } from '../src/testing/index.js';

const maze = ['#########', '#S  #   #', '# # # # #', '# #   # #', '# ##### #', '#      G#', '#########'];
const live = process.argv.includes('--live');
const config = loadConfig();

const server = live
  ? undefined
  : await startScriptedLlmServer({
      openai: [step.toolCalls([{ name: 'solve_maze', arguments: { maze } }]), step.text('The shortest path is drawn with o marks above.')],
    });
const openai = createOpenAI(server === undefined ? { apiKey: config.llm.openai.apiKey } : { apiKey: 'offline', baseURL: server.openaiBaseURL });

const result = await generateText({
  model: openai.chat(live ? config.llm.openai.model : 'scripted-model'),
  tools: aiSdkTools({ solver: 'auto' }),
  stopWhen: stepCountIs(4),
  prompt: `Find the shortest path from S to G:\n${maze.join('\n')}`,
});
for (const s of result.steps) {
  for (const r of s.toolResults) {
    const outcome = r.output as ToolOutcome; // what the tool returned; the model read outcome.text
    console.log(`tool ${r.toolName} -> ${outcome.isError ? 'error' : 'ok'}\n${outcome.text}\n`);
  }
}
console.log(`model: ${result.text}`);
console.log(`(${result.steps.length} steps, tokens in/out: ${result.totalUsage.inputTokens ?? 0}/${result.totalUsage.outputTokens ?? 0})`);
await server?.close();
