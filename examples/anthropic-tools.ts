/**
 * Anthropic tools: the official `@anthropic-ai/sdk` calls the solvers; `tool_use` blocks are run
 * in parallel and answered with `tool_result` blocks (`is_error` when the call was wrong).
 *
 *   npx tsx examples/anthropic-tools.ts       # offline: a scripted Anthropic-compatible server
 *   ANTHROPIC_API_KEY=sk-ant-... npx tsx examples/anthropic-tools.ts --live
 *
 * `--live` uses ANTHROPIC_MODEL (default claude-sonnet-4-5) and ANTHROPIC_BASE_URL if set.
 * In your project: import { runAnthropicToolLoop } from 'trm-router/adapters/anthropic'.
 */
import { readFile } from 'node:fs/promises';
import Anthropic from '@anthropic-ai/sdk';
import { runAnthropicToolLoop } from '../src/adapters/anthropic.js';
import { loadConfig } from '../src/config.js';
import { startScriptedLlmServer, step } from '../src/testing/index.js';

const maze = await readFile(new URL('./puzzles/maze.txt', import.meta.url), 'utf8');
const sudoku = await readFile(new URL('./puzzles/sudoku-grid.txt', import.meta.url), 'utf8');
const live = process.argv.includes('--live');
const config = loadConfig();

// Offline script: two tools at once (the maze sent as rows, the Sudoku as the user pasted it), then the answer.
const server = live
  ? undefined
  : await startScriptedLlmServer({
      anthropic: [
        step.toolCalls(
          [
            { name: 'solve_maze', arguments: { maze: maze.split('\n').filter((row) => row !== '') } },
            { name: 'solve_grid', arguments: { input: sudoku } },
          ],
          { text: 'I will use the solvers for both puzzles.' },
        ),
        step.text('The maze path is marked with o, and the Sudoku is solved and verified.'),
      ],
    });
const client = new Anthropic(
  server === undefined
    ? { apiKey: config.llm.anthropic.apiKey ?? null, ...(config.llm.anthropic.baseURL === undefined ? {} : { baseURL: config.llm.anthropic.baseURL }) }
    : { apiKey: 'offline', baseURL: server.anthropicBaseURL },
);

const result = await runAnthropicToolLoop({
  client,
  model: live ? config.llm.anthropic.model : 'scripted-model',
  system: 'You have exact solvers for grid puzzles. Use them instead of solving grids yourself.',
  messages: [{ role: 'user', content: `Solve this maze:\n${maze}\nand this:\n${sudoku}` }],
  maxSteps: 4,
  onStep: (s) => {
    for (const { call, outcome } of s.toolResults) {
      console.log(`tool_use ${call.name} -> ${outcome.isError ? 'is_error' : 'tool_result'}: ${outcome.text.split('\n')[0]}`);
    }
  },
});
const last = result.steps[0]?.toolResults.find((r) => r.call.name === 'solve_maze')?.outcome;
if (last !== undefined && !last.isError) console.log(last.result.rendered);
console.log(`\nmodel: ${result.text}`);
console.log(`(${result.steps.length} model calls, finish: ${result.finishReason})`);
await server?.close();
