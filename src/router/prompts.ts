/**
 * Prompt templates live as files in `prompts/` (none in code): `<name>.md`, with an optional
 * leading `<!-- ... -->` comment that documents them, and `@@ system` / `@@ user` sections.
 * Variables are `{{name}}`; rendering fails on a missing or unknown variable, so a prompt and
 * its caller cannot drift apart silently.
 *
 * @example
 * const prompts = loadPrompts();                        // the package's prompts/ folder
 * const { system, user } = prompts.render('classify', { request, candidates });
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../core/errors.js';

/** The prompts the router uses, with the variables each one takes. */
export const PROMPT_VARIABLES = {
  classify: ['request', 'candidates', 'tasks'],
  extract: ['task', 'description', 'schema', 'request'],
  'solve-arc': ['train', 'test', 'count'],
  answer: ['request', 'parts'],
  placeholder: ['index', 'task'],
} as const satisfies Record<string, readonly string[]>;

export type PromptName = keyof typeof PROMPT_VARIABLES;
export type PromptVariables<N extends PromptName> = Record<(typeof PROMPT_VARIABLES)[N][number], string>;

export interface RenderedPrompt {
  system: string;
  user: string;
}

export interface PromptLibrary {
  render<N extends PromptName>(name: N, variables: PromptVariables<N>): RenderedPrompt;
}

/** The package's `prompts/` folder (next to `src/` and `dist/`). */
export const DEFAULT_PROMPTS_DIR = fileURLToPath(new URL('../../prompts/', import.meta.url));

interface Template {
  system: string;
  user: string;
  variables: Set<string>;
}

function parseTemplate(name: string, source: string): Template {
  const body = source.replace(/^\s*<!--[\s\S]*?-->\s*/, '');
  const sections: Record<string, string> = {};
  let current: string | undefined;
  for (const line of body.split('\n')) {
    const header = /^@@\s*(system|user)\s*$/.exec(line);
    if (header?.[1] !== undefined) {
      current = header[1];
      sections[current] = '';
    } else if (current !== undefined) {
      sections[current] += `${line}\n`;
    }
  }
  const user = sections.user?.trim();
  if (user === undefined || user === '') throw new ConfigError(`Prompt ${name} has no "@@ user" section`, [{ field: name, message: 'missing @@ user' }]);
  const system = sections.system?.trim() ?? '';
  const variables = new Set([...`${system}\n${user}`.matchAll(/\{\{\s*([a-zA-Z_][\w-]*)\s*\}\}/g)].map((m) => m[1] as string));
  return { system, user, variables };
}

/**
 * Reads and checks every prompt in `dir` (each must use exactly its declared variables).
 * Throws `ConfigError` naming the prompt file when one is missing or malformed.
 */
export function loadPrompts(dir: string = DEFAULT_PROMPTS_DIR): PromptLibrary {
  const templates = new Map<string, Template>();
  for (const [name, declared] of Object.entries(PROMPT_VARIABLES)) {
    const path = `${dir.replace(/\/?$/, '/')}${name}.md`;
    let source: string;
    try {
      source = readFileSync(path, 'utf8');
    } catch (error) {
      throw new ConfigError(`Prompt file ${path} cannot be read`, [{ field: name, message: 'missing prompt file' }], { cause: error });
    }
    const template = parseTemplate(name, source);
    const unknown = [...template.variables].filter((v) => !(declared as readonly string[]).includes(v));
    const unused = declared.filter((v) => !template.variables.has(v));
    if (unknown.length + unused.length > 0) {
      throw new ConfigError(`Prompt ${path} does not match its variables (unknown: ${unknown.join(', ') || '-'}; unused: ${unused.join(', ') || '-'})`, [
        { field: name, message: 'variables differ from the declared ones' },
      ]);
    }
    templates.set(name, template);
  }
  return {
    render(name, variables) {
      const template = templates.get(name) as Template;
      const values = variables as Record<string, string>;
      const fill = (text: string): string => text.replace(/\{\{\s*([a-zA-Z_][\w-]*)\s*\}\}/g, (_, key: string) => values[key] ?? '');
      return { system: fill(template.system), user: fill(template.user) };
    },
  };
}
