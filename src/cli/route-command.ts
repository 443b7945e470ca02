/**
 * `trm-router route "..."|- [--json] [--no-llm]`
 *
 * Prints the route plan of a request without solving anything: which parts are grid puzzles
 * (task, confidence, where, why) and which are text for the LLM. Structure decides; the LLM is
 * asked only about ambiguous grid-like regions, and only when one is configured.
 * `--json`: `{ "parts": [ { "kind": "grid" | "text", "task"?, "confidence", ... } ] }`.
 */
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { createRouterFromConfig, planToJson } from '../router/index.js';
import type { RoutePlan } from '../router/index.js';
import { readRequest } from './ask-command.js';
import type { CliIo } from './io.js';
import { EXIT, reportCommandError } from './io.js';

export const ROUTE_USAGE = `Usage: trm-router route "REQUEST" | - [options]

Prints how a request would be routed, without solving: grid parts (task, confidence, span,
reason; "needsExtraction" when a puzzle is described in words, "invalid" when it does not
parse) and text parts for the LLM ("ambiguous" lists grid-like regions left for the LLM to
classify). Reads standard input when REQUEST is "-" or missing.

Options:
  --json        print {"parts": [{"kind": "grid"|"text", "task"?, "confidence", ...}]}
  --no-llm      structure only, even if an LLM is configured
  -h, --help    this help

Exit status: 0 routed, 2 bad input or usage, 1 any other failure.`;

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

/** Runs the command; returns the exit status. Never throws. */
export async function runRouteCommand(argv: string[], io: CliIo, config: Config): Promise<number> {
  let json = argv.includes('--json');
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean', default: false },
        'no-llm': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    json = values.json;
    if (values.help) {
      io.stdout(ROUTE_USAGE + '\n');
      return EXIT.ok;
    }
    const text = await readRequest(positionals, io);
    const router = createRouterFromConfig(config, { noLlm: values['no-llm'] });
    const { plan, usage } = await router.plan(text);
    io.stdout(json ? JSON.stringify(planToJson(plan)) + '\n' : `${describe(plan)}\n`);
    if (!json && usage.llmCalls > 0) io.stderr(`usage: ${usage.llmCalls} LLM call(s), ${usage.inputTokens} input / ${usage.outputTokens} output tokens\n`);
    return EXIT.ok;
  } catch (error) {
    return reportCommandError(io, 'route', error, json);
  }
}
