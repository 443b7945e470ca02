/**
 * The playground and the docs pages: `GET /` (the playground), `GET /docs` (the API reference
 * from `/openapi.json`), their script and styles under `/assets/`, the examples and the icon
 * (`/favicon.ico`, drawn in `favicon.ts`). Everything is served by the gateway from this
 * folder's code: it works offline, with no build step.
 * A Content-Security-Policy allows only the gateway's own origin. The page's task choices and
 * the examples come from the task registry on each request (see `offeredTasks`).
 *
 * @example
 * playgroundRoutes(app, deps); // GET / on the gateway
 */
import type { Context, Hono } from 'hono';
import type { GatewayDeps } from '../context.js';
import type { GatewayEnv } from '../env.js';
import { offeredTasks } from '../offered-tasks.js';
import { DOCS_HTML, DOCS_JS } from '../openapi/docs-page.js';
import { playgroundExamples } from './examples.js';
import { FAVICON_ICO, FAVICON_TYPE } from './favicon.js';
import { playgroundHtml } from './page.js';
import { PLAYGROUND_JS } from './script.js';
import { PLAYGROUND_CSS } from './styles.js';

export { playgroundExamples } from './examples.js';
export type { PlaygroundExample } from './examples.js';
export { playgroundHtml } from './page.js';
export type { PageTask } from './page.js';

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function playgroundRoutes(app: Hono<GatewayEnv>, deps: Pick<GatewayDeps, 'service'>): void {
  const html = (c: Context<GatewayEnv>, body: string) => {
    c.header('content-security-policy', CSP);
    c.header('x-content-type-options', 'nosniff');
    return c.html(body);
  };
  const tasks = async () => offeredTasks(await deps.service.models());
  app.get('/', async (c) => html(c, playgroundHtml(await tasks())));
  app.get('/docs', (c) => html(c, DOCS_HTML));
  const asset = (body: string, type: string) => (c: Context<GatewayEnv>) =>
    c.body(body, 200, { 'content-type': type, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
  app.get('/assets/playground.js', asset(PLAYGROUND_JS, 'text/javascript; charset=utf-8'));
  app.get('/assets/docs.js', asset(DOCS_JS, 'text/javascript; charset=utf-8'));
  app.get('/assets/playground.css', asset(PLAYGROUND_CSS, 'text/css; charset=utf-8'));
  app.get('/favicon.ico', (c) =>
    c.body(FAVICON_ICO, 200, { 'content-type': FAVICON_TYPE, 'cache-control': 'public, max-age=86400', 'x-content-type-options': 'nosniff' }),
  );
  app.get('/playground/examples.json', async (c) => c.json(playgroundExamples(await tasks())));
}
