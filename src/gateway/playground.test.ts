import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { testGatewayOptions } from '../../test/support/gateway.js';
import { parseTask } from '../tasks/index.js';
import { PLAYGROUND_EXAMPLES, createGateway } from './index.js';
import { DOCS_JS } from './openapi/docs-page.js';
import { PLAYGROUND_JS } from './playground/script.js';

const app = createGateway(testGatewayOptions());

describe('playground page', () => {
  it('GET / serves the page with a same-origin Content-Security-Policy', async () => {
    const res = await app.request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await res.text();
    expect(html).toContain('<script type="module" src="/assets/playground.js">');
    expect(html).toContain('data-testid="timeline"');
  });

  it('loads nothing from elsewhere: no absolute URL in the page, script or styles', async () => {
    for (const path of ['/', '/docs', '/assets/playground.js', '/assets/playground.css', '/assets/docs.js']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(await res.text(), path).not.toMatch(/(https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
    }
  });

  it('its scripts are valid JavaScript', () => {
    // Compiled, not run: the playground script as a classic script, the docs one (top-level await) in an async wrapper.
    expect(() => new Script(PLAYGROUND_JS)).not.toThrow();
    expect(() => new Script(`(async () => {\n${DOCS_JS}\n})`)).not.toThrow();
    expect(() => new Script('const x = ;')).toThrow(SyntaxError);
  });

  it('every example parses as the task it is filed under, and all three tasks have one', async () => {
    const served = (await (await app.request('/playground/examples.json')).json()) as typeof PLAYGROUND_EXAMPLES;
    expect(served).toEqual(PLAYGROUND_EXAMPLES);
    expect(new Set(served.map((e) => e.task))).toEqual(new Set(['sudoku', 'maze', 'arc']));
    for (const example of served) expect(parseTask(example.input, 'auto').task, example.id).toBe(example.task);
  });
});
