/**
 * A learned task as an LLM tool: the model folder of a task taught with `trm-router learn`
 * declares the task, the toolkit offers `solve_<name>`, and an LLM (the official `openai` SDK)
 * calls it. By default it uses the learned task shipped in the package (fill-enclosed); after
 * the README's walk-through, point it at your own:
 *
 *   npx tsx examples/learned-task.ts                                   # the shipped fill-enclosed model
 *   npx tsx examples/learned-task.ts --models-dir my-models --task fill-small
 *
 * Offline, the "LLM" is the scripted server (it calls the tool with the first held-out input of
 * the model, then answers); `--live` talks to OPENAI_* as in openai-tools.ts.
 * In your project: import { createTrmTools } from 'trm-router/adapters'.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import OpenAI from 'openai';
import { runOpenAIToolLoop } from '../src/adapters/openai.js';
import { createTrmTools } from '../src/adapters/index.js';
import { loadConfig } from '../src/config.js';
import { getTask } from '../src/tasks/index.js';
import { defaultModelDirs, scanModels } from '../src/trm/index.js';
import { startScriptedLlmServer, step } from '../src/testing/index.js';

const { values } = parseArgs({
  options: { 'models-dir': { type: 'string', multiple: true }, task: { type: 'string', default: 'fill-enclosed' }, live: { type: 'boolean', default: false } },
});
const modelDirs = defaultModelDirs(values['models-dir'] ?? []);
const config = loadConfig();

// The model folder declares the task: scanning the folders registers it, and its held-out pairs give an input.
const entry = scanModels(modelDirs).models.find((e) => e.manifest.task === values.task);
if (entry === undefined)
  throw new Error(`No model of the learned task ${values.task} in ${modelDirs.join(', ')}: run the README's "teach trm-router a new grid task" first`);
const task = getTask(values.task);
const heldOutFile = (await readdir(join(entry.dir, 'heldout'))).filter((f) => f.endsWith('.jsonl')).sort()[0] ?? '';
const heldOut = (await readFile(join(entry.dir, 'heldout', heldOutFile), 'utf8')).split('\n').find((l) => l.trim() !== '');
const example = JSON.parse(heldOut ?? '{}') as { input: number[][]; output: number[][] };
const grid = example.input.map((row) => row.join(''));
console.log(`learned task ${task.name} (model ${entry.manifest.name}): ${task.codec.description}\ntool ${task.tool.name}, input:\n${grid.join('\n')}\n`);

const toolkit = createTrmTools({ modelDirs });
const server = values.live
  ? undefined
  : await startScriptedLlmServer({
      openai: [
        step.toolCalls([{ name: task.tool.name, arguments: { grid } }]),
        step.text(`Here is the grid after ${task.name}, as the learned model predicts it.`),
      ],
    });
const client = new OpenAI(
  server === undefined
    ? { apiKey: config.llm.openai.apiKey, ...(config.llm.openai.baseURL === undefined ? {} : { baseURL: config.llm.openai.baseURL }) }
    : { apiKey: 'offline', baseURL: server.openaiBaseURL },
);
let answered = false;
const result = await runOpenAIToolLoop({
  client,
  toolkit,
  model: values.live ? config.llm.openai.model : 'scripted-model',
  messages: [{ role: 'user', content: `Apply ${task.name} to this grid:\n${grid.join('\n')}` }],
  maxSteps: 3,
  onStep: (s) => {
    for (const { call, outcome } of s.toolResults) {
      console.log(`model called ${call.name} -> ${outcome.isError ? `error (${outcome.error.code})` : 'answered'}`);
      console.log(
        outcome.text
          .split('\n')
          .map((l) => `    ${l}`)
          .join('\n'),
      );
      if (!outcome.isError && outcome.result.provenance.model === entry.manifest.name) {
        answered = true;
        const right = JSON.stringify(outcome.result.solution) === JSON.stringify(example.output);
        console.log(`    (held-out label: the model's answer is ${right ? 'right' : 'wrong'})`);
      }
    }
  },
});
console.log(`\nmodel: ${result.text}`);
await server?.close();
if (!answered) process.exitCode = 1;
