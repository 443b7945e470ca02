/**
 * Finding every grid-like region of a request with the task codecs' own detectors: the best
 * detection is taken, its span blanked out, and detection runs again, so a request with a
 * Sudoku and a maze (or two Sudokus) yields one candidate each. Each candidate is then scored
 * and parsed with the other candidates blanked, exactly as its codec reads it in context.
 */
import { InvalidInputError } from '../core/errors.js';
import { detectTasks, findTask, parseTask } from '../tasks/registry.js';
import type { AnyPuzzle } from '../tasks/registry.js';

/** A grid-like region of the request. */
export interface Candidate {
  task: string;
  start: number;
  end: number;
  /** The codec's detection score with the other candidates blanked out. */
  score: number;
  reason: string;
  /** The codec says the structure alone settles it (`Detection.conclusive`). */
  conclusive?: boolean;
  /** The puzzle, when the codec parses the region. */
  puzzle?: AnyPuzzle;
  /** Why the codec rejects the region, when it does. */
  error?: InvalidInputError;
}

/** Weakest detection that still counts as a candidate (below it, the text is only text). */
export const CANDIDATE_MIN_SCORE = 0.25;

/** Replaces `[start, end)` by spaces, keeping line breaks, so offsets and lines stay put. */
export function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + text.slice(start, end).replace(/[^\n\r]/g, ' ') + text.slice(end);
}

function blankAll(text: string, spans: readonly { start: number; end: number }[]): string {
  return spans.reduce((t, s) => blank(t, s.start, s.end), text);
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

type Span = { task: string; start: number; end: number };

/**
 * A region the codec rejects may hold several puzzles (a list of one-line Sudokus reads as one
 * block of lines): the task's `routing.split` says where each one is.
 */
function splitRegions(text: string, spans: Span[]): Span[] {
  return spans.flatMap((span) => {
    const routing = findTask(span.task)?.routing;
    return routing?.split === undefined ? [span] : routing.split(text, span.start, span.end).map((r) => ({ task: span.task, ...r }));
  });
}

/**
 * Every candidate region in `text`, in text order, at most `limit` of them.
 *
 * @example
 * findCandidates('Solve 53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79 please');
 * // [{ task: 'sudoku', start: 6, end: 87, score: 0.85, puzzle: { task: 'sudoku', puzzle: {...} } }]
 */
export function findCandidates(text: string, limit = 16): Candidate[] {
  const spans: Span[] = [];
  let masked = text;
  for (let i = 0; i < limit; i++) {
    const best = detectTasks(masked).find((d) => d.score >= CANDIDATE_MIN_SCORE && d.end > d.start);
    if (best === undefined) break;
    spans.push({ task: best.task, start: best.start, end: best.end });
    masked = blank(masked, best.start, best.end);
  }
  const regions = splitRegions(text, spans);
  return regions
    .map((span) => {
      const others = regions.filter((s) => s !== span);
      const alone = blankAll(text, others);
      const detection = detectTasks(alone).find((d) => d.task === span.task && overlaps(d, span));
      const candidate: Candidate = {
        task: span.task,
        start: detection?.start ?? span.start,
        end: detection?.end ?? span.end,
        score: detection?.score ?? CANDIDATE_MIN_SCORE,
        reason: detection?.reason ?? 'detected next to another grid',
        ...(detection?.conclusive === true ? { conclusive: true } : {}),
      };
      try {
        candidate.puzzle = parseTask(alone, span.task);
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw error;
        candidate.error = error;
      }
      return candidate;
    })
    .sort((a, b) => a.start - b.start);
}
