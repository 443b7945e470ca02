/**
 * `detectMaze`: how much a piece of text looks like a maze, and where it is.
 */
import type { Detection } from '../../core/spec.js';
import { candidateCounts, findMazeCandidates } from './extract.js';
import type { MazeCandidate } from './extract.js';
import { MAZE_MAX_SIDE, MAZE_MIN_SIDE } from './types.js';
import { puzzleFromRows } from './build.js';
import { shortestPathLength } from './solve.js';

function trimmedLength(row: string): number {
  return row.replace(/[ \t]+$/, '').length;
}

function score(c: MazeCandidate): { score: number; reason: string } {
  const n = candidateCounts(c);
  const width = Math.max(...c.rows.map(trimmedLength));
  const reasons: string[] = [`${c.rows.length}x${width} ${c.kind === 'block' ? 'block of maze lines' : `${c.kind} maze`}`];
  let s = 0.2;
  if (n.starts === 1 && n.goals === 1) {
    s += 0.35;
    reasons.push('one S and one G');
  } else if (n.starts + n.goals > 0) {
    s += 0.1;
    reasons.push(`${n.starts} S and ${n.goals} G`);
  } else {
    reasons.push('no S or G');
  }
  const lengths = new Set(c.rows.map((row) => row.length));
  const trimmed = new Set(c.rows.map(trimmedLength));
  if (lengths.size === 1 || trimmed.size === 1) {
    s += 0.15;
    reasons.push('rectangular');
  }
  const wallShare = n.cells === 0 ? 0 : n.walls / n.cells;
  if (wallShare >= 0.15 && wallShare <= 0.85) s += 0.1;
  else reasons.push(`${Math.round(wallShare * 100)}% walls`);
  const first = c.rows[0] ?? '';
  const last = c.rows[c.rows.length - 1] ?? '';
  const bordered = /^#+$/.test(first.trimEnd()) && /^#+$/.test(last.trimEnd()) && c.rows.every((r) => r.startsWith('#'));
  if (c.fenced || c.kind !== 'block' || bordered) {
    s += 0.1;
    reasons.push(c.fenced ? 'in a code fence' : bordered ? 'wall border' : 'explicit rows');
  }
  if (c.rows.length >= 3 && width >= 3) s += 0.05;
  if (n.starts + n.goals === 0) s = Math.min(s, 0.45);
  if (c.rows.length < MAZE_MIN_SIDE || width < MAZE_MIN_SIDE) {
    s = Math.min(s, 0.15);
    reasons.push('too small');
  }
  if (c.rows.length > MAZE_MAX_SIDE || width > MAZE_MAX_SIDE) {
    s -= 0.2;
    reasons.push(`over ${MAZE_MAX_SIDE}x${MAZE_MAX_SIDE}`);
  }
  if (c.dirtyRows > 0) {
    s -= 0.2;
    reasons.push(`${c.dirtyRows} rows with other characters`);
  }
  if (c.alphabet !== undefined) reasons.push(`written with ${c.alphabet}`);
  return { score: Math.max(0, Math.min(1, Math.round(s * 100) / 100)), reason: reasons.join(', ') };
}

/**
 * Whether the structure alone settles it: a maze with one `S` and one `G` (walls `#`, `█` or
 * `1`), no stray characters, that parses and has a path from S to G. A maze with other letters
 * (a map with a spawn `S` and an exit `E`) is not: the words around it decide.
 */
function isConclusive(c: MazeCandidate): boolean {
  if (c.alphabet?.includes('start/goal') === true || c.dirtyRows > 0) return false;
  try {
    return shortestPathLength(puzzleFromRows(c.rows, { fromText: c.kind === 'block' })) !== null;
  } catch {
    return false;
  }
}

/**
 * Scores `text` as a maze: about 0.9 for a rectangular, `#`-bordered block (or fenced, JSON
 * or single-line maze) with one `S` and one `G`; at most 0.45 without `S` and `G` (a box or a
 * few `#` lines); `null` when nothing maze-like is there (prose, Sudoku digits, markdown headings
 * with words). The span covers the maze rows. A `#`/`S`/`G` maze with a path from S to G is
 * `conclusive`. Never throws.
 *
 * @example
 * detectMaze('Solve:\n#####\n#S G#\n#####'); // { score: 0.95, start: 7, end: 24, reason: '...' }
 * detectMaze('# Title\nSome prose.');       // null
 */
export function detectMaze(text: string): Detection | null {
  try {
    if (typeof text !== 'string' || text.length === 0) return null;
    let best: { detection: Detection; candidate: MazeCandidate } | null = null;
    for (const c of findMazeCandidates(text)) {
      const { score: s, reason } = score(c);
      if (s > 0 && (best === null || s > best.detection.score)) best = { detection: { score: s, start: c.start, end: c.end, reason }, candidate: c };
    }
    if (best === null) return null;
    return best.detection.score >= 0.7 && isConclusive(best.candidate) ? { ...best.detection, conclusive: true } : best.detection;
  } catch {
    return null;
  }
}
