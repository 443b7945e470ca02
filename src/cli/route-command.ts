/**
 * `trm-router route "..."|- [--json] [--no-llm]`
 *
 * Prints the route plan of a request without solving anything: which parts are grid puzzles
 * (task, confidence, where, why) and which are text for the LLM. Structure decides; the LLM is
 * asked only about ambiguous grid-like regions, and only when one is configured.
 * `--json`: `{ "parts": [ { "kind": "grid" | "text", "task"?, "confidence", ... } ] }`.
 */
import { createRouterFromConfig, planToJson } from '../router/index.js';
import type { RoutePlan } from '../router/index.js';
import { readRequest } from './ask-command.js';
import { defineCommand, opt } from './command.js';
import { EXIT } from './io.js';

function describe(plan: RoutePlan): string {
  return plan.parts
    .map((part, i) => {
      const where = `chars ${part.start}-${part.end}`;
      if (part.kind === 'grid') {
        const flag = part.invalid !== undefined ? ', invalid' : part.needsExtraction === true ? ', needs LLM extraction' : '';
        return `${i + 1}. grid ${part.task} (confidence ${part.confidence}, ${part.source}${flag}, ${where}): ${part.reason}`;
      }
      const doubt = part.ambiguous === undefined ? '' : `; ambiguous: ${part.ambiguous.map((a) => `${a.task} ${a.score}`).join(', ')}`;
      return `${i + 1}. text (confidence ${part.confidence}, ${where}): ${part.reason}${doubt}\n   ${JSON.stringify(part.text.length > 200 ? `${part.text.slice(0, 197)}...` : part.text)}`;
    })
    .join('\n');
}

export const routeCommand = defineCommand({
  name: 'route',
  summary: 'print how a request would be routed (grid parts, text parts), without solving',
  positionals: { synopsis: '"..."|-' },
  usage: {
    description:
      'Prints how a request would be routed, without solving: grid parts (task, confidence, span,\n' +
      'reason; "needsExtraction" when a puzzle is described in words, "invalid" when it does not\n' +
      'parse) and text parts for the LLM ("ambiguous" lists grid-like regions left for the LLM to\n' +
      'classify). Reads standard input when the request is "-" or missing.',
    footer: 'Exit status: 0 routed, 2 bad input or usage, 1 any other failure.',
  },
  options: {
    json: opt.json('print {"parts": [{"kind": "grid"|"text", "task"?, "confidence", ...}]}'),
    'no-llm': opt.flag({ description: 'structure only, even if an LLM is configured' }),
    'models-dir': opt.modelsDir(),
  },
  async run({ values, positionals, io, config }) {
    const text = await readRequest(positionals, io);
    const router = createRouterFromConfig(config, { noLlm: values['no-llm'] });
    const { plan, usage } = await router.plan(text);
    io.stdout(values.json ? JSON.stringify(planToJson(plan)) + '\n' : `${describe(plan)}\n`);
    if (!values.json && usage.llmCalls > 0)
      io.stderr(`usage: ${usage.llmCalls} LLM call(s), ${usage.inputTokens} input / ${usage.outputTokens} output tokens\n`);
    return EXIT.ok;
  },
});
