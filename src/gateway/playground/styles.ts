/**
 * Styles of the playground and the docs page (`/assets/playground.css`). Cells are shaded by
 * the `--conf` custom property (0..1) the script sets from the model's per-cell confidence.
 */

export const PLAYGROUND_CSS = String.raw`
:root {
  --bg: #f7f7f5; --panel: #ffffff; --ink: #1d2330; --muted: #6b7280; --line: #d7dae0;
  --accent: #2563eb; --ok: #15803d; --bad: #b91c1c; --warn: #b45309;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg);
}
* { box-sizing: border-box; }
body { margin: 0; }
.top { display: flex; justify-content: space-between; align-items: baseline; padding: 12px 20px; border-bottom: 1px solid var(--line); background: var(--panel); flex-wrap: wrap; gap: 8px; }
.top h1 { font-size: 20px; margin: 0; }
.muted { color: var(--muted); font-weight: normal; }
a { color: var(--accent); }
.key input { width: 16em; max-width: 100%; }
.layout { display: grid; grid-template-columns: minmax(300px, 1fr) minmax(360px, 1.4fr); gap: 16px; padding: 16px 20px; }
@media (max-width: 900px) { .layout { grid-template-columns: minmax(0, 1fr); } }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 14px; min-width: 0; }
label { display: inline-flex; flex-direction: column; gap: 4px; font-size: 13px; min-width: 0; max-width: 100%; }
.row { display: flex; gap: 12px; flex-wrap: wrap; margin-bottom: 10px; }
.options { margin-top: 10px; }
select, input, textarea, button { font: inherit; font-size: 14px; }
/* a select is as wide as its longest option (an example's title) unless told otherwise */
select { max-width: 100%; }
textarea { width: 100%; font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size: 13px; line-height: 1.25; white-space: pre; border: 1px solid var(--line); border-radius: 6px; padding: 8px; }
button { background: var(--accent); color: white; border: 0; border-radius: 6px; padding: 8px 16px; cursor: pointer; }
button:disabled { background: #9ca3af; cursor: default; }
button.secondary { background: #e5e7eb; color: var(--ink); }
.status { padding: 8px 10px; border-radius: 6px; background: #f1f5f9; font-size: 14px; }
.status[data-state="error"] { background: #fee2e2; color: var(--bad); }
.status .badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-weight: 600; margin-right: 6px; }
.badge.ok { background: #dcfce7; color: var(--ok); }
.badge.bad { background: #fee2e2; color: var(--bad); }
.badge.warn { background: #fef3c7; color: var(--warn); }
.attempts { font-size: 13px; color: var(--muted); margin: 8px 0; padding-left: 20px; }
.timeline-bar { display: flex; gap: 10px; align-items: center; margin: 8px 0; }
.timeline { display: flex; gap: 4px; align-items: flex-end; min-height: 84px; overflow-x: auto; padding: 4px 0; border-bottom: 1px solid var(--line); }
.step { display: flex; flex-direction: column; align-items: center; justify-content: flex-end; gap: 2px; background: transparent; color: var(--ink); padding: 2px 4px; border-radius: 4px; min-width: 38px; height: 80px; }
.step .bar { width: 18px; background: var(--accent); border-radius: 3px 3px 0 0; min-height: 2px; }
.step .p { font-size: 10px; color: var(--muted); }
.step .n { font-size: 11px; }
.step.verified .bar { background: var(--ok); }
.step.final .bar { background: #111827; }
.step[aria-pressed="true"] { background: #dbeafe; outline: 1px solid var(--accent); }
.boards { display: flex; flex-wrap: wrap; gap: 16px; margin: 12px 0; }
.board-wrap { max-width: 100%; overflow-x: auto; }
.board-wrap h3 { font-size: 13px; margin: 0 0 6px; font-weight: 600; }
.grid { display: grid; gap: 0; border: 2px solid #111827; width: max-content; background: white; }
.cell { --conf: 1; width: 30px; height: 30px; display: flex; align-items: center; justify-content: center; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 16px; border: 1px solid #e5e7eb; }
.grid.small .cell { width: 14px; height: 14px; font-size: 9px; border-width: 0; }
/* a phone: less padding, and small cells that fit a 30-wide board in 390 px */
@media (max-width: 480px) {
  .layout { padding: 10px 8px; gap: 10px; } .top { padding: 10px 8px; } .panel { padding: 10px; }
  .grid.small .cell { width: 11px; height: 11px; font-size: 7px; }
}
.grid.shaded .cell { background: rgba(37, 99, 235, calc(0.08 + var(--conf) * 0.55)); }
.grid.shaded.chars .cell, .grid.shaded.colours .cell { opacity: calc(0.35 + var(--conf) * 0.65); }
.digits .cell.given { font-weight: 700; color: #111827; }
.digits .cell.filled { color: var(--accent); }
.digits .cell.conflict { color: var(--bad); text-decoration: underline wavy; }
.grid .cell.box-r { border-right: 2px solid #111827; }
.grid .cell.box-b { border-bottom: 2px solid #111827; }
.chars .cell[data-v="#"] { background: #1f2937; }
.chars .cell[data-v="S"] { background: #16a34a; color: white; }
.chars .cell[data-v="G"] { background: #dc2626; color: white; }
.chars .cell[data-v="o"] { background: #f59e0b; }
.chars .cell[data-v="?"] { background: #a855f7; }
.colours .cell { border: 1px solid #374151; }
.colours .cell[data-v="0"] { background: #000000; } .colours .cell[data-v="1"] { background: #0074d9; }
.colours .cell[data-v="2"] { background: #ff4136; } .colours .cell[data-v="3"] { background: #2ecc40; }
.colours .cell[data-v="4"] { background: #ffdc00; } .colours .cell[data-v="5"] { background: #aaaaaa; }
.colours .cell[data-v="6"] { background: #f012be; } .colours .cell[data-v="7"] { background: #ff851b; }
.colours .cell[data-v="8"] { background: #7fdbff; } .colours .cell[data-v="9"] { background: #870c25; }
.colours .cell { color: transparent; }
.legend { display: flex; gap: 8px; align-items: center; font-size: 12px; }
.legend .scale { width: 120px; height: 10px; background: linear-gradient(to right, rgba(37,99,235,0.08), rgba(37,99,235,0.63)); border-radius: 3px; }
pre { background: #f8fafc; border: 1px solid var(--line); border-radius: 6px; padding: 8px; overflow: auto; font-size: 12px; }
.docs main { max-width: 980px; margin: 0 auto; padding: 16px 20px; }
.op { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; margin: 12px 0; }
.op h2 { font-size: 16px; margin: 0 0 6px; }
.method { display: inline-block; min-width: 52px; text-align: center; border-radius: 4px; padding: 1px 6px; color: white; font-size: 12px; }
.method.get { background: var(--ok); } .method.post { background: var(--accent); }
.error { color: var(--bad); }
`;
