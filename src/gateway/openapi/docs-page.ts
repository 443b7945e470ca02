/**
 * `GET /docs`: a small page that reads `/openapi.json` and lists every operation with its
 * request and response schemas and a curl example. Plain HTML and JS served by the gateway
 * (`/assets/docs.js`), nothing from a CDN.
 *
 * @example
 * app.get('/docs', (c) => c.html(DOCS_HTML));
 */

export const DOCS_HTML = String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>trm-router API</title>
<link rel="stylesheet" href="/assets/playground.css">
</head>
<body class="docs">
<header class="top">
  <h1>trm-router <span class="muted">API</span></h1>
  <nav><a href="/">Playground</a> · <a href="/openapi.json">openapi.json</a></nav>
</header>
<main id="docs"><p class="muted">Loading /openapi.json…</p></main>
<script type="module" src="/assets/docs.js"></script>
</body>
</html>
`;

export const DOCS_JS = String.raw`
const main = document.getElementById('docs');
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const child of children) node.append(child);
  return node;
};
const resolve = (doc, schema) => {
  if (schema && typeof schema.$ref === 'string') return doc.components.schemas[schema.$ref.split('/').pop()] ?? schema;
  return schema;
};
const example = (path, method) => {
  if (method !== 'post') return 'curl -s ' + location.origin + path;
  const bodies = {
    '/v1/solve': { puzzle: '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79' },
    '/v1/route': { input: 'Solve this and tell me who invented sudoku: 53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79' },
    '/v1/chat/completions': { model: 'trm-router', messages: [{ role: 'user', content: 'Solve 53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79' }] },
    '/v1/messages': { model: 'trm-router', max_tokens: 1024, messages: [{ role: 'user', content: 'Solve 53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79' }] },
    '/mcp': { jsonrpc: '2.0', id: 1, method: 'tools/list' },
  };
  const extra = path === '/mcp' ? " -H 'accept: application/json, text/event-stream'" : '';
  return 'curl -s ' + location.origin + path + " -H 'content-type: application/json'" + extra + " -d '" + JSON.stringify(bodies[path] ?? {}) + "'";
};
try {
  const doc = await (await fetch('/openapi.json')).json();
  main.replaceChildren(el('p', {}, doc.info.description));
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const section = el('section', { class: 'op', id: (method + path).replace(/[^a-z0-9]+/gi, '-') });
      section.append(el('h2', {}, el('span', { class: 'method ' + method }, method.toUpperCase()), ' ', el('code', {}, path), ' ', el('span', { class: 'muted' }, op.summary)));
      if (op.description) section.append(el('p', {}, op.description));
      if (op.security) section.append(el('p', { class: 'muted' }, 'Needs an API key: Authorization: Bearer KEY, or x-api-key: KEY.'));
      const body = op.requestBody?.content?.['application/json']?.schema;
      if (body) section.append(el('details', {}, el('summary', {}, 'Request body'), el('pre', {}, JSON.stringify(resolve(doc, body), null, 2))));
      for (const [status, response] of Object.entries(op.responses)) {
        const schema = response.content?.['application/json']?.schema;
        section.append(el('details', {}, el('summary', {}, status + ' ' + response.description), el('pre', {}, schema ? JSON.stringify(resolve(doc, schema), null, 2) : '(text)')));
      }
      section.append(el('pre', { class: 'example' }, example(path, method)));
      main.append(section);
    }
  }
} catch (error) {
  main.replaceChildren(el('p', { class: 'error' }, 'Could not load /openapi.json: ' + error));
}
`;
