/**
 * OpenAI function tools: the official `openai` SDK calls the solvers in a multi-step tool loop.
 *
 *   npx tsx examples/openai-tools.ts          # offline: a scripted OpenAI-compatible server
 *   OPENAI_API_KEY=sk-... npx tsx examples/openai-tools.ts --live
 *
 * `--live` talks to the real API (or any OpenAI-compatible server through OPENAI_BASE_URL,
 * e.g. Ollama at http://127.0.0.1:11434/v1) with OPENAI_MODEL (default gpt-4.1-mini).
 * In your project: import { runOpenAIToolLoop } from 'trm-router/adapters/openai'.
 */
import { readFile } from 'node:fs/promises';
import OpenAI from 'openai';
import { runOpenAIToolLoop } from '../src/adapters/openai.js';
import { loadConfig } from '../src/config.js';
import { startScriptedLlmServer, step } from '../src/testing/index.js';

const sudoku = await readFile(new URL('./puzzles/sudoku-hard.txt', import.meta.url), 'utf8');
const live = process.argv.includes('--live');
const config = loadConfig();

// Offline, the "model" is a script: call solve_sudoku (first with a typo the tool rejects), then answer.
const server = live
  ? undefined
  : await startScriptedLlmServer({
      openai: [
        step.toolCalls([{ name: 'solve_sudoku', arguments: { puzzle: sudoku.trim().slice(0, 80) } }]),
        step.toolCalls([{ name: 'solve_sudoku', arguments: { puzzle: sudoku.trim() } }]),
        step.text('Here is the solved Sudoku; the solver verified it.'),
      ],
    });
const client = new OpenAI(
  server === undefined
    ? { apiKey: config.llm.openai.apiKey, ...(config.llm.openai.baseURL === undefined ? {} : { baseURL: config.llm.openai.baseURL }) }
    : { apiKey: 'offline', baseURL: server.openaiBaseURL },
);

const result = await runOpenAIToolLoop({
  client,
  model: live ? config.llm.openai.model : 'scripted-model',
  messages: [{ role: 'user', content: `Please solve this Sudoku:\n${sudoku}` }],
  maxSteps: 4,
  onStep: (s) => {
    for (const { call, outcome } of s.toolResults) {
      console.log(`model called ${call.name} -> ${outcome.isError ? `error (${outcome.error.code})` : 'solved'}`);
      console.log(
        outcome.text
          .split('\n')
          .map((l) => `    ${l}`)
          .join('\n'),
      );
    }
  },
});
console.log(`\nmodel: ${result.text}`);
console.log(`(${result.steps.length} model calls, finish: ${result.finishReason}, tokens in/out: ${result.usage.inputTokens}/${result.usage.outputTokens})`);
await server?.close();
