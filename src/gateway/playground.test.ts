import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { testGatewayOptions } from '../../test/support/gateway.js';
import { listTasks, parseTask } from '../tasks/index.js';
import { createGateway, playgroundExamples, playgroundHtml } from './index.js';
import type { PlaygroundExample } from './index.js';
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

  it('GET /favicon.ico answers 200 with a 16x16 32-bit icon, open like the page itself', async () => {
    const locked = createGateway(testGatewayOptions({ apiKeys: ['k-one'] }));
    const res = await locked.request('/favicon.ico');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/x-icon');
    expect(res.headers.get('cache-control')).toContain('max-age');
    const ico = Buffer.from(await res.arrayBuffer());
    expect(ico.length).toBe(6 + 16 + 40 + 16 * 16 * 4 + 16 * 4);
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, 1]); // reserved, icon, one image
    expect([ico.readUInt8(6), ico.readUInt8(7), ico.readUInt16LE(12)]).toEqual([16, 16, 32]);
    expect(ico.readUInt32LE(14) + ico.readUInt32LE(18)).toBe(ico.length); // the image runs to the end of the file
    expect([ico.readUInt32LE(22), ico.readInt32LE(26), ico.readInt32LE(30)]).toEqual([40, 16, 32]); // BITMAPINFOHEADER: XOR + AND rows
    const alpha = (x: number, y: number) => ico.readUInt8(62 + ((15 - y) * 16 + x) * 4 + 3);
    expect([alpha(0, 0), alpha(8, 8)]).toEqual([0, 255]); // a transparent margin around an opaque tile
    expect((await createGateway(testGatewayOptions({ playground: false })).request('/favicon.ico')).status).toBe(404); // no pages, no icon
  });

  it('its scripts are valid JavaScript', () => {
    // Compiled, not run: the playground script as a classic script, the docs one (top-level await) in an async wrapper.
    expect(() => new Script(PLAYGROUND_JS)).not.toThrow();
    expect(() => new Script(`(async () => {\n${DOCS_JS}\n})`)).not.toThrow();
    expect(() => new Script('const x = ;')).toThrow(SyntaxError);
  });

  it("serves the tasks' own examples in registry order; each parses as the task it is filed under", async () => {
    const served = (await (await app.request('/playground/examples.json')).json()) as PlaygroundExample[];
    const builtin = listTasks().filter((t) => t.origin === 'builtin');
    expect(served).toEqual(builtin.flatMap((t) => (t.examples ?? []).map((e) => ({ id: e.id, task: t.name, title: e.title, input: e.input }))));
    expect(served).toEqual(playgroundExamples(builtin));
    expect(new Set(served.map((e) => e.task))).toEqual(new Set(builtin.filter((t) => (t.examples ?? []).length > 0).map((t) => t.name)));
    expect(served.length).toBeGreaterThan(builtin.length);
    for (const example of served) expect(parseTask(example.input, 'auto').task, example.id).toBe(example.task);
  });

  it('builds the task select and the notation notes from the registry, escaping what manifests declare', async () => {
    const html = await (await app.request('/')).text();
    const options = [...html.matchAll(/<select id="task"[^>]*>([\s\S]*?)<\/select>/g)][0]![1]!;
    const values = [...options.matchAll(/<option value="([^"]*)">([^<]*)<\/option>/g)].map((m) => [m[1], m[2]]);
    expect(values).toEqual([
      ['auto', 'auto-detect'],
      ...listTasks()
        .filter((t) => t.origin === 'builtin')
        .map((t) => [t.name, t.title]),
    ]);
    for (const t of listTasks().filter((d) => d.origin === 'builtin'))
      expect(html).toContain(t.notation.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    const hostile = playgroundHtml([{ name: 'x"><script>alert(1)</script>', title: '<b>T</b>', notation: 'a & b' }]);
    expect(hostile).not.toContain('<script>alert');
    expect(hostile).toContain('<option value="x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">&lt;b&gt;T&lt;/b&gt;</option>');
    expect(hostile).toContain('(a &amp; b)');
  });

  it('the script names no task: boards are drawn from their style, labels come from the view', () => {
    expect(PLAYGROUND_JS).not.toMatch(/['"`](?:sudoku|maze|arc)['"`]/i);
    expect(PLAYGROUND_JS).toContain('view.unverifiedLabel');
    expect(PLAYGROUND_JS).toContain('b.style');
    expect(PLAYGROUND_JS).toContain('b.box');
  });
});
