import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/errors.js';
import { DEFAULT_PROMPTS_DIR, loadPrompts, PROMPT_VARIABLES } from './prompts.js';

describe('prompts', () => {
  it('loads every prompt from prompts/ and fills its variables', () => {
    const prompts = loadPrompts();
    const { system, user } = prompts.render('classify', { request: 'REQ {{task}}', candidates: '1 | sudoku | ...', tasks: '- fill-enclosed: fills areas' });
    expect(system).toMatch(/routing step/);
    expect(user).toContain('REQ {{task}}'); // a value is inserted as is, never re-expanded
    expect(user).toContain('1 | sudoku | ...');
    expect(user).toContain('- fill-enclosed: fills areas'); // the registered tasks, learned ones included
    expect(user.replace('REQ {{task}}', '')).not.toMatch(/\{\{/);
  });

  it('refuses a prompt file whose variables differ from the declared ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'prompts-'));
    for (const name of Object.keys(PROMPT_VARIABLES)) {
      writeFileSync(join(dir, `${name}.md`), readFileSync(join(DEFAULT_PROMPTS_DIR, `${name}.md`), 'utf8'));
    }
    writeFileSync(join(dir, 'placeholder.md'), '@@ user\n[puzzle {{number}}]\n');
    expect(() => loadPrompts(dir)).toThrow(ConfigError);
    expect(() => loadPrompts(dir)).toThrow(/unknown: number; unused: index, task/);
  });
});
