/**
 * The playground's script (`/assets/playground.js`), plain browser JavaScript (ES2020, no
 * framework, no build step): picks examples, calls `POST /v1/solve` with `view: true`, and
 * draws the puzzle, the grid after each TRM supervision step shaded by per-cell confidence, the
 * halting probability per step as a timeline, and the answer with the solver that gave it and
 * whether it verified. It replays the steps once after each solve.
 *
 * It knows no task by name: a board is drawn from its `style` (digits with givens and, when
 * `box` is set, box lines; characters with maze-style walls, start, goal and path; colour
 * swatches), an unverified answer carries the task's own `view.unverifiedLabel`, and the
 * example groups take the task titles of the page's task select (built from the registry).
 *
 * The task menu follows the puzzle text: an edit or a paste sets it to auto-detect at once (so a
 * solve never sends new text under an example's task), then to the task the gateway's router
 * (`POST /v1/route`, structure only) finds when it reads the whole text as one puzzle. A task
 * chosen by hand after the last paste or example stays chosen. Starting a run, and any error,
 * clears the previous run's answer, boards and step line.
 */

export const PLAYGROUND_JS = String.raw`
const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k === 'style') node.style.cssText = v;
    else node.setAttribute(k, String(v));
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
};

const state = { result: null, examples: [], timer: null, selected: 'answer', taskByHand: false, detectTimer: null, detectSeq: 0 };
const keyInput = $('api-key');
keyInput.value = sessionStorage.getItem('trm-router-key') || '';
keyInput.addEventListener('change', () => sessionStorage.setItem('trm-router-key', keyInput.value));

function apiHeaders() {
  const headers = { 'content-type': 'application/json' };
  if (keyInput.value.trim()) headers.authorization = 'Bearer ' + keyInput.value.trim();
  return headers;
}

async function loadExamples() {
  const res = await fetch('/playground/examples.json');
  state.examples = await res.json();
  const select = $('example');
  const groups = new Map();
  for (const ex of state.examples) {
    if (!groups.has(ex.task)) {
      const group = el('optgroup', { label: taskTitle(ex.task) });
      groups.set(ex.task, group);
      select.append(group);
    }
    groups.get(ex.task).append(el('option', { value: ex.id }, ex.title));
  }
  const wanted = new URLSearchParams(location.search).get('example');
  if (wanted && state.examples.some((e) => e.id === wanted)) {
    select.value = wanted;
    pick(wanted);
  }
}

/** A task's title as the page's task select shows it (the select is built from the registry). */
function taskTitle(name) {
  const option = Array.from($('task').options).find((o) => o.value === name);
  return option ? option.textContent : name;
}

function pick(id) {
  const ex = state.examples.find((e) => e.id === id);
  if (!ex) return;
  $('puzzle').value = ex.input;
  $('task').value = ex.task;
  state.taskByHand = false;
  cancelDetection();
}

$('example').addEventListener('change', (event) => pick(event.target.value));
$('task').addEventListener('change', () => { state.taskByHand = true; });
// A paste is new content: the menu follows it even if a task was chosen by hand for the old one.
$('puzzle').addEventListener('paste', () => { state.taskByHand = false; });
$('puzzle').addEventListener('input', () => {
  const text = $('puzzle').value;
  const example = state.examples.find((e) => e.id === $('example').value);
  if (example && example.input !== text) $('example').value = '';
  cancelDetection();
  if (state.taskByHand) return;
  $('task').value = 'auto';
  if (text.trim() !== '') state.detectTimer = setTimeout(() => detectTask(text), 250);
});

function cancelDetection() {
  if (state.detectTimer !== null) clearTimeout(state.detectTimer);
  state.detectTimer = null;
  state.detectSeq += 1;
  delete $('puzzle').dataset.detected;
}

/**
 * Asks the gateway's router what the text is (structure only, no LLM) and shows that task
 * when the whole text is one puzzle of a task the menu offers; otherwise the menu stays on
 * auto-detect and the solve detects. Sets data-detected on the text box when it has answered.
 */
async function detectTask(text) {
  const seq = state.detectSeq;
  let found = null;
  try {
    const res = await fetch('/v1/route', { method: 'POST', headers: apiHeaders(), body: JSON.stringify({ input: text, useLlm: false }) });
    if (res.ok) {
      const parts = (await res.json()).plan.parts;
      const grids = parts.filter((p) => p.kind === 'grid');
      const prose = parts.filter((p) => p.kind !== 'grid' && String(p.text || '').trim() !== '');
      const whole = grids.length === 1 && prose.length === 0 && text.slice(0, grids[0].start).trim() === '' && text.slice(grids[0].end).trim() === '';
      if (whole && Array.from($('task').options).some((o) => o.value === grids[0].task)) found = grids[0].task;
    }
  } catch {
    // detection only helps: the solve detects again
  }
  if (seq !== state.detectSeq) return; // the text or the choice changed meanwhile
  if (found !== null && !state.taskByHand) $('task').value = found;
  $('puzzle').dataset.detected = found || 'none';
}

function setStatus(stateName, ...children) {
  const status = $('status');
  status.dataset.state = stateName;
  status.replaceChildren(...children);
}

/** Forgets the last run: its answer, boards, step line and frame label. */
function clearResult() {
  stopReplay();
  state.result = null;
  $('timeline').replaceChildren();
  $('boards').replaceChildren();
  delete $('boards').dataset.showing;
  $('attempts').replaceChildren();
  $('rendered').textContent = '';
  $('frame-label').textContent = '';
  $('play').disabled = true;
}

async function solve() {
  if ($('solve').disabled) return; // a run is under way (Ctrl+Enter does not look at the button)
  clearResult();
  const puzzle = $('puzzle').value;
  if (puzzle.trim() === '') {
    setStatus('error', 'Paste a puzzle or pick an example first.');
    return;
  }
  const body = { puzzle, task: $('task').value, solver: $('solver').value, view: true };
  if ($('halt').value) body.halt = $('halt').value;
  const maxSteps = Number($('max-steps').value);
  if (Number.isInteger(maxSteps) && maxSteps > 0) body.maxSteps = maxSteps;
  const headers = apiHeaders();
  $('solve').disabled = true;
  setStatus('running', 'Solving…');
  try {
    const res = await fetch('/v1/solve', { method: 'POST', headers, body: JSON.stringify(body) });
    const json = await res.json().catch(() => ({ error: { code: 'http_' + res.status, message: res.statusText } }));
    if (!res.ok) {
      const err = json.error || {};
      clearResult();
      setStatus('error', el('strong', {}, (err.code || 'error') + ': '), err.message || 'request failed');
      return;
    }
    render(json);
  } catch (error) {
    clearResult();
    setStatus('error', 'Could not reach the gateway: ' + error);
  } finally {
    $('solve').disabled = false;
  }
}

$('solve').addEventListener('click', solve);
$('puzzle').addEventListener('keydown', (event) => { if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) solve(); });

function describe(p) {
  const parts = ['answered by ' + p.solver];
  if (p.steps !== undefined) parts.push(p.steps + ' TRM steps' + (p.haltedBy ? ', halted by ' + p.haltedBy : ''));
  if (p.searchNodes !== undefined) parts.push(p.searchNodes + ' search nodes');
  parts.push(p.latencyMs.toFixed(1) + ' ms');
  if (p.fallbackFrom && p.fallbackFrom.length) parts.push('after ' + p.fallbackFrom.join(', '));
  return parts.join(' · ');
}

function render(result) {
  state.result = result;
  const p = result.provenance;
  // an unverified answer of a task that cannot be verified is a prediction (warn); one that failed its verifier is bad
  const badge = result.verified
    ? el('span', { class: 'badge ok', 'data-testid': 'verified' }, 'verified')
    : el('span', { class: 'badge ' + (result.view.verifiable ? 'bad' : 'warn'), 'data-testid': 'verified' }, result.view.unverifiedLabel);
  setStatus('done', badge, el('span', { 'data-testid': 'answered-by' }, result.task + ' ' + describe(p)));
  $('attempts').replaceChildren(...result.view.attempts.map((a) => el('li', {}, a)));
  $('rendered').textContent = result.rendered;
  const timeline = $('timeline');
  timeline.replaceChildren();
  result.view.frames.forEach((frame, i) => {
    const button = el('button', { type: 'button', class: 'step' + (frame.verified ? ' verified' : ''), 'data-step': frame.step, 'data-halt': frame.haltProbability, title: 'step ' + frame.step + ': halting probability ' + frame.haltProbability + (frame.verified ? ', verified' : '') },
      el('span', { class: 'p' }, frame.haltProbability.toFixed(2)),
      el('span', { class: 'bar', style: 'height:' + Math.max(2, Math.round(frame.haltProbability * 50)) + 'px' }),
      el('span', { class: 'n' }, String(frame.step)));
    button.addEventListener('click', () => { stopReplay(); show(i); });
    timeline.append(button);
  });
  const final = el('button', { type: 'button', class: 'step final', 'data-step': 'answer', title: 'the answer' }, el('span', { class: 'p' }, result.verified ? '✓' : ''), el('span', { class: 'bar', style: 'height:50px' }), el('span', { class: 'n' }, 'answer'));
  final.addEventListener('click', () => { stopReplay(); show('answer'); });
  timeline.append(final);
  $('play').disabled = result.view.frames.length === 0;
  if (result.view.frames.length > 0) replay();
  else show('answer');
}

function stopReplay() {
  if (state.timer !== null) clearTimeout(state.timer);
  state.timer = null;
}

function replay() {
  stopReplay();
  const frames = state.result.view.frames;
  let i = 0;
  const tick = () => {
    if (i < frames.length) {
      show(i++);
      state.timer = setTimeout(tick, 350);
    } else {
      state.timer = null;
      show('answer');
    }
  };
  tick();
}
$('play').addEventListener('click', replay);

function show(which) {
  const result = state.result;
  state.selected = which;
  for (const button of $('timeline').querySelectorAll('.step')) {
    const mine = which === 'answer' ? button.dataset.step === 'answer' : button.dataset.step === String(result.view.frames[which].step);
    button.setAttribute('aria-pressed', mine ? 'true' : 'false');
  }
  const boards = [];
  const puzzles = result.view.puzzle;
  const answers = result.view.answer;
  puzzles.forEach((b, i) => boards.push(board(b, puzzles.length > 1 ? 'Test input ' + (i + 1) : 'Puzzle', null, 'puzzle')));
  if (which === 'answer') {
    answers.forEach((b, i) => boards.push(board(b, (answers.length > 1 ? 'Prediction ' + (i + 1) : 'Answer') + ' (' + result.provenance.solver + ')', null, 'answer')));
    $('frame-label').textContent = result.view.frames.length ? 'answer' : 'no TRM steps (' + result.provenance.solver + ' answered)';
    $('boards').dataset.showing = 'answer';
  } else {
    const f = result.view.frames[which];
    boards.push(board(f.board, 'Step ' + f.step + ' · halting probability ' + f.haltProbability.toFixed(2) + (f.verified ? ' · verified' : ''), f.confidence, 'frame', result.view.puzzle[0]));
    $('frame-label').textContent = 'step ' + f.step + ' of ' + result.view.frames.length + ' · halting probability ' + f.haltProbability.toFixed(2);
    $('boards').dataset.showing = 'step-' + f.step;
  }
  $('boards').replaceChildren(...boards);
}

/**
 * One board, drawn from its style: digits (givens bold, filled digits blue, a digit that
 * contradicts a given of the reference board marked, box lines when the board has a box),
 * characters (walls dark, start, goal, path), colours (swatches 0..9).
 */
function board(b, title, confidence, role, reference) {
  const style = b.style === 'digits' || b.style === 'colours' ? b.style : 'chars';
  const grid = el('div', { class: 'grid ' + style + (confidence ? ' shaded' : '') + (b.cols > 20 || b.rows > 20 ? ' small' : ''), 'data-testid': 'grid-' + role, 'data-style': style, 'data-rows': b.rows, 'data-cols': b.cols, style: 'grid-template-columns: repeat(' + b.cols + ', auto)' });
  for (let r = 0; r < b.rows; r++) {
    for (let c = 0; c < b.cols; c++) {
      const v = b.cells[r][c];
      const classes = ['cell'];
      if (style === 'digits') {
        classes.push(b.givens && b.givens[r][c] ? 'given' : v ? 'filled' : 'empty');
        if (reference && reference.givens && reference.givens[r][c] && reference.cells[r][c] !== v) classes.push('conflict');
      }
      if (b.box) {
        if ((c + 1) % b.box.cols === 0 && c + 1 < b.cols) classes.push('box-r');
        if ((r + 1) % b.box.rows === 0 && r + 1 < b.rows) classes.push('box-b');
      }
      const attrs = { class: classes.join(' '), 'data-v': v, 'data-r': r, 'data-c': c };
      if (confidence) {
        attrs['data-confidence'] = confidence[r][c];
        attrs.style = '--conf:' + confidence[r][c];
        attrs.title = 'confidence ' + confidence[r][c];
      }
      grid.append(el('div', attrs, style === 'chars' && (v === '#' || v === ' ') ? '' : v));
    }
  }
  return el('div', { class: 'board-wrap' }, el('h3', {}, title), grid);
}

loadExamples().catch((error) => setStatus('error', 'Could not load the examples: ' + error));
`;
