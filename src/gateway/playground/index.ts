/**
 * The playground and the docs pages: `GET /` (the playground), `GET /docs` (the API reference
 * from `/openapi.json`), their script and styles under `/assets/`, and the examples. Everything
 * is served by the gateway from strings in this folder: it works offline, with no build step.
 * A Content-Security-Policy allows only the gateway's own origin.
 *
 * @example
 * playgroundRoutes(app); // GET / on the gateway
 */
import type { Context, Hono } from 'hono';
import type { GatewayEnv } from '../env.js';
import { DOCS_HTML, DOCS_JS } from '../openapi/docs-page.js';
import { PLAYGROUND_EXAMPLES } from './examples.js';
import { PLAYGROUND_HTML } from './page.js';
import { PLAYGROUND_JS } from './script.js';
import { PLAYGROUND_CSS } from './styles.js';

export { PLAYGROUND_EXAMPLES } from './examples.js';
export type { PlaygroundExample } from './examples.js';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function playgroundRoutes(app: Hono<GatewayEnv>): void {
  const page = (html: string) => (c: Context<GatewayEnv>) => {
    c.header('content-security-policy', CSP);
    c.header('x-content-type-options', 'nosniff');
    return c.html(html);
  };
  app.get('/', page(PLAYGROUND_HTML));
  app.get('/docs', page(DOCS_HTML));
  const asset = (body: string, type: string) => (c: Context<GatewayEnv>) =>
    c.body(body, 200, { 'content-type': type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
  app.get('/assets/playground.js', asset(PLAYGROUND_JS, 'text/javascript; charset=utf-8'));
  app.get('/assets/docs.js', asset(DOCS_JS, 'text/javascript; charset=utf-8'));
  app.get('/assets/playground.css', asset(PLAYGROUND_CSS, 'text/css; charset=utf-8'));
  app.get('/playground/examples.json', (c) => c.json(PLAYGROUND_EXAMPLES));
}
