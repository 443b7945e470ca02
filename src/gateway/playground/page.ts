/**
 * The playground page (GET /): plain HTML; its script and styles are served by the gateway
 * from `/assets/`, nothing from a CDN, no build step. The task choices and the notes on what
 * a puzzle looks like come from the task registry when the page is rendered (learned tasks
 * of the installed models included).
 *
 * @example
 * app.get('/', async (c) => c.html(playgroundHtml(offeredTasks(await service.models()))));
 */

/** What the page shows of a task. */
export interface PageTask {
  name: string;
  title: string;
  /** What its input looks like (`a Sudoku (81 digits or a 9-line grid)`). */
  notation: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text (or an attribute value) safe inside HTML: manifests name learned tasks, so nothing is trusted. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

/** The page for these tasks, in this order. */
export function playgroundHtml(tasks: readonly PageTask[]): string {
  const options = tasks.map((t) => `<option value="${escapeHtml(t.name)}">${escapeHtml(t.title)}</option>`).join('');
  const notations = tasks.map((t) => escapeHtml(t.notation)).join(' · ');
  return String.raw`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>trm-router playground</title>
<link rel="stylesheet" href="/assets/playground.css">
</head>
<body>
<header class="top">
  <h1>trm-router <span class="muted">playground</span></h1>
  <nav>
    <a href="/docs">API docs</a> ·
    <label class="key">API key <input id="api-key" type="password" autocomplete="off" placeholder="only if the gateway needs one" data-testid="api-key"></label>
  </nav>
</header>
<main class="layout">
  <section class="panel input-panel" aria-label="Puzzle">
    <div class="row">
      <label>Example
        <select id="example" data-testid="example"><option value="">(paste your own)</option></select>
      </label>
    </div>
    <label for="puzzle">Puzzle <span class="muted" data-testid="notations">(${notations})</span></label>
    <textarea id="puzzle" data-testid="puzzle" spellcheck="false" rows="14" placeholder="Paste a puzzle, or pick an example"></textarea>
    <div class="row options">
      <label>Task
        <select id="task" data-testid="task">
          <option value="auto">auto-detect</option>${options}
        </select>
      </label>
      <label>Solver
        <select id="solver" data-testid="solver">
          <option value="auto">auto (TRM, verified, exact fallback)</option><option value="trm">TRM only</option><option value="exact">exact search</option>
        </select>
      </label>
      <label>Halting
        <select id="halt" data-testid="halt">
          <option value="">model default</option><option value="adaptive">adaptive (Q head)</option><option value="fixed">fixed (all steps)</option><option value="verified">verified</option>
        </select>
      </label>
      <label>Max steps <input id="max-steps" type="number" min="1" max="256" placeholder="model" data-testid="max-steps"></label>
    </div>
    <button id="solve" type="button" data-testid="solve">Solve</button>
  </section>
  <section class="panel output-panel" aria-label="Answer">
    <div id="status" class="status" data-testid="status" data-state="idle">Pick an example or paste a puzzle, then Solve.</div>
    <ol id="attempts" class="attempts" data-testid="attempts"></ol>
    <div class="timeline-bar">
      <button id="play" type="button" data-testid="play" disabled>▶ Replay steps</button>
      <span id="frame-label" class="muted" data-testid="frame-label"></span>
    </div>
    <div id="timeline" class="timeline" data-testid="timeline" aria-label="Supervision steps"></div>
    <div id="boards" class="boards" data-testid="boards"></div>
    <div class="legend"><span>confidence</span><span class="scale"></span><span class="muted">low → high</span></div>
    <details><summary>Answer as text</summary><pre id="rendered" data-testid="rendered"></pre></details>
  </section>
</main>
<script type="module" src="/assets/playground.js"></script>
</body>
</html>
`;
}
