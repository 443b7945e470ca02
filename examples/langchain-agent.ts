/**
 * LangChain.js: the solvers as `tool()`s from @langchain/core bound to `ChatOpenAI`, in a small
 * agent loop (LangGraph's ToolNode or `createAgent` from `langchain` take the same tools).
 *
 *   npx tsx examples/langchain-agent.ts       # offline: a scripted OpenAI-compatible server
 *   OPENAI_API_KEY=sk-... npx tsx examples/langchain-agent.ts --live
 *
 * `--live` uses OPENAI_MODEL (default gpt-4.1-mini) and OPENAI_BASE_URL if set.
 * In your project: import { langchainTools, runLangChainToolCalls } from 'trm-router/adapters/langchain'.
 */
import { readFile } from 'node:fs/promises';
import { AIMessage, HumanMessage } from '@langchain/core/messages';
import type { BaseMessage } from '@langchain/core/messages';
import { ChatOpenAI } from '@langchain/openai';
import { langchainTools, runLangChainToolCalls } from '../src/adapters/langchain.js';
import { loadConfig } from '../src/config.js';
import { startScriptedLlmServer, step } from '../src/testing/index.js';

const sudoku = await readFile(new URL('./puzzles/sudoku-grid.txt', import.meta.url), 'utf8');
const live = process.argv.includes('--live');
const config = loadConfig();

// Offline script: a malformed call first (the agent gets an error message back), then a good one.
const server = live
  ? undefined
  : await startScriptedLlmServer({
      openai: [
        step.toolCalls([{ name: 'solve_sudoku', arguments: { puzzle: 530070000 } }]),
        step.toolCalls([{ name: 'solve_sudoku', arguments: { puzzle: sudoku } }]),
        step.text('Solved: the first row is 5 3 4 6 7 8 9 1 2.'),
      ],
    });
const openai = live ? config.llm.openai : { apiKey: 'offline', baseURL: server?.openaiBaseURL, model: 'scripted-model' };

const tools = langchainTools({ solver: 'auto' });
const model = new ChatOpenAI({ model: openai.model, apiKey: openai.apiKey, configuration: { baseURL: openai.baseURL } }).bindTools(tools);
const messages: BaseMessage[] = [new HumanMessage(`Please solve:\n${sudoku}`)];
for (let turn = 0; turn < 4; turn++) {
  const reply = await model.invoke(messages);
  messages.push(reply);
  const calls = reply instanceof AIMessage ? (reply.tool_calls ?? []) : [];
  if (calls.length === 0) break;
  for (const message of await runLangChainToolCalls(tools, calls)) {
    console.log(`tool ${message.name ?? ''} -> ToolMessage status=${message.status ?? ''}\n${message.text.split('\n\n')[0] ?? ''}\n`);
    messages.push(message);
  }
}
console.log(`model: ${messages.at(-1)?.text ?? ''}`);
await server?.close();
