/**
 * `trm-router ask "..."|- [--json] [--no-llm]`
 *
 * Runs the whole route on one request (from the arguments, or standard input with `-` or no
 * argument): grid parts to the local solvers, text parts to the configured LLM, one merged
 * answer on stdout (the solved grids verbatim), a summary of parts, provenance and usage on
 * stderr. With `--json`: the answer as JSON (`text`, `parts`, `usage`, `plan`, `notes`).
 */
import { InvalidInputError, verificationLabel } from '../core/index.js';
import { getTask } from '../tasks/index.js';
import { createRouterFromConfig, describeProvenance, planToJson } from '../router/index.js';
import type { RouterAnswer } from '../router/index.js';
import { defineCommand, opt } from './command.js';
import type { CliIo } from './io.js';
import { EXIT } from './io.js';

/** The request: the positional arguments joined by spaces, or standard input for `-` or none. */
export async function readRequest(positionals: readonly string[], io: CliIo): Promise<string> {
  const fromStdin = positionals.length === 0 || (positionals.length === 1 && positionals[0] === '-');
  const text = fromStdin ? await io.readStdin() : positionals.join(' ');
  if (text.trim() === '') throw new InvalidInputError(fromStdin ? 'The request (stdin) is empty' : 'The request is empty', { field: 'input' });
  return text;
}

function summary(answer: RouterAnswer): string {
  const lines = answer.parts.map((part, i) => {
    const what = part.kind === 'grid' ? `${part.task}, ${verificationLabel(getTask(part.task), part.verified)}` : 'text';
    return `part ${i + 1}: ${what} (${describeProvenance(part.provenance)})`;
  });
  const u = answer.usage;
  lines.push(`usage: ${u.llmCalls} LLM call(s), ${u.inputTokens} input / ${u.outputTokens} output tokens, ${u.trmSteps} TRM steps`);
  for (const note of answer.notes) lines.push(`note: ${note.message}`);
  return lines.join('\n');
}

export const askCommand = defineCommand({
  name: 'ask',
  summary: 'answer a request mixing puzzles and questions (solvers + LLM, one answer)',
  positionals: { synopsis: '"..."|-' },
  usage: {
    description:
      'Answers a request that may mix puzzles and questions: grids of every known task (in any supported\n' +
      'notation, in prose or code fences) go to the local solvers (a TRM model where one is installed,\n' +
      'verified, exact search as fallback); the rest goes to the configured LLM, which gets the solver\n' +
      'results as tool results. Solved grids are printed verbatim. Reads standard input when the request\n' +
      'is "-" or missing.',
    footer:
      'LLM: OPENAI_API_KEY / OPENAI_MODEL, OPENAI_BASE_URL (any OpenAI-compatible server), or\n' +
      'ANTHROPIC_API_KEY / ANTHROPIC_MODEL; several are tried in that order as fallbacks\n' +
      '(TRM_ROUTER_LLM_TIMEOUT_MS, TRM_ROUTER_LLM_MAX_RETRIES). Limits: TRM_ROUTER_MAX_INPUT_CHARS,\n' +
      'TRM_ROUTER_MAX_GRID_PARTS.\n\n' +
      'Exit status: 0 answered, 2 bad input or usage (empty, too long, too many puzzles), 1 any other failure.',
  },
  options: {
    json: opt.json('print {text, parts, usage, plan, notes}'),
    'no-llm': opt.flag({ description: 'do not call an LLM even if one is configured (text parts get a note)' }),
    'models-dir': opt.modelsDir(),
  },
  async run({ values, positionals, io, config }) {
    const text = await readRequest(positionals, io);
    const answer = await createRouterFromConfig(config, { noLlm: values['no-llm'] }).answer(text);
    if (values.json) {
      io.stdout(JSON.stringify({ ...answer, plan: planToJson(answer.plan) }) + '\n');
    } else {
      io.stdout(`${answer.text}\n`);
      io.stderr(`${summary(answer)}\n`);
    }
    return EXIT.ok;
  },
});
