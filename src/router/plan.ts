/**
 * The route plan: which parts of a request are grid puzzles (for a solver) and which are text
 * (for the LLM), built from structure alone. High-confidence grids are parsed locally; grid-like
 * regions whose context does not settle it are marked `ambiguous` for the LLM to classify (and
 * stay text without one); puzzles described in words are grid parts that need extraction.
 *
 * @example
 * planStructure('Solve this and tell me who invented sudoku:\n53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79');
 * // { parts: [{ kind: 'text', ... }, { kind: 'grid', task: 'sudoku', confidence: 1, source: 'structure', ... }] }
 */
import { InvalidInputError } from '../core/errors.js';
import type { TaskName } from '../core/spec.js';
import type { AnyPuzzle } from '../tasks/registry.js';
import { blank, findCandidates } from './candidates.js';
import type { Candidate } from './candidates.js';
import { deniesPuzzle, mentionsPuzzle, mentionsTask, notAPuzzleCue, requestSentences } from './context.js';
import { checkInputSize, DEFAULT_LIMITS } from './limits.js';
import type { RouterLimits } from './limits.js';
import { describeProsePuzzle } from './prose.js';
import { findTask } from '../tasks/registry.js';

/** A grid-like region that structure alone does not settle. */
export interface AmbiguousRegion {
  task: TaskName;
  start: number;
  end: number;
  /** Confidence that it is a puzzle, 0..1. */
  score: number;
  reason: string;
  /** The puzzle as the codec parses it (used if the LLM says it is one). */
  puzzle?: AnyPuzzle;
}

export interface GridPlanPart {
  kind: 'grid';
  task: TaskName;
  /** 0..1 that this is a puzzle of `task`. */
  confidence: number;
  start: number;
  end: number;
  /** `structure`: detected and parsed locally; `prose`: described in words; `llm`: the LLM classified it. */
  source: 'structure' | 'prose' | 'llm';
  reason: string;
  /** Described in words: the LLM must extract it into the task's schema. */
  needsExtraction?: boolean;
  /** It looks like a puzzle of `task` but does not parse: the answer reports why. */
  invalid?: { code: string; message: string; details: Record<string, unknown> };
  /** The parsed puzzle (absent for `needsExtraction` and `invalid` parts). */
  puzzle?: AnyPuzzle;
}

export interface TextPlanPart {
  kind: 'text';
  confidence: number;
  start: number;
  end: number;
  /** What the LLM is asked: the request sentences (or the whole request when it has no grid). */
  text: string;
  reason: string;
  /** Grid-like regions left in this text, for the LLM to classify. */
  ambiguous?: AmbiguousRegion[];
}

export type PlanPart = GridPlanPart | TextPlanPart;

export interface RoutePlan {
  parts: PlanPart[];
}

/** Thresholds on a candidate's confidence (its detection score adjusted by context). */
export const THRESHOLDS = {
  /** At or above: a grid part, parsed locally, no LLM. */
  grid: 0.7,
  /** At or above (and below `grid`): ambiguous, the LLM decides; text without an LLM. */
  ambiguous: 0.3,
} as const;

const round = (x: number): number => Math.round(Math.max(0, Math.min(1, x)) * 1000) / 1000;

/** The candidate's confidence in context, and why. */
function judge(c: Candidate, prose: string): { confidence: number; why: string } {
  if (deniesPuzzle(prose)) return { confidence: round(c.score - 0.35), why: `${c.reason}; but the request says it is not a puzzle` };
  const named = mentionsTask(prose, c.task);
  const cue = notAPuzzleCue(prose);
  if (named && cue !== undefined) return { confidence: round(c.score), why: `${c.reason}; the request names ${c.task} and speaks of "${cue}"` };
  if (named) return { confidence: round(c.score + 0.15), why: `${c.reason}; the request names ${c.task}` };
  if (cue !== undefined && c.conclusive === true) {
    return { confidence: round(c.score - 0.1), why: `${c.reason}; the request speaks of "${cue}", but the grid itself is conclusive` };
  }
  if (cue !== undefined) return { confidence: round(c.score - 0.35), why: `${c.reason}; but the request speaks of "${cue}"` };
  if (mentionsPuzzle(prose)) return { confidence: round(c.score + 0.05), why: `${c.reason}; the request asks to solve` };
  return { confidence: round(c.score), why: c.reason };
}

/** Keywords that declare a variable in code (`const board = [...]`, `int grid[9][9] = {...}`). */
const DECLARATION = /^(\s*)((?:(?:const|let|var|final|static|int|char|auto|val)\s+)+)([A-Za-z_$][\w$]*(?:\s*\[\w*\])*\s*(?::\s*[^=]+)?=\s*)$/;

/**
 * The prose without the keywords of a declaration that assigns the candidate's grid (`const`
 * in `const board = [...]`): they wrap the grid, they are not the request speaking of code.
 * The name assigned stays (`matrix = [...]` still says what the grid is).
 */
function withoutDeclaration(prose: string, c: Candidate): string {
  const lineStart = prose.lastIndexOf('\n', c.start - 1) + 1;
  const match = DECLARATION.exec(prose.slice(lineStart, c.start));
  if (match === null) return prose;
  const at = lineStart + (match[1] ?? '').length;
  return blank(prose, at, at + (match[2] ?? '').length);
}

/** Whether a region the codec rejects was meant as a puzzle (the task says: a maze needs at least an S or a G). */
function attempted(c: Candidate, text: string): boolean {
  return findTask(c.task)?.routing.attempted?.(text.slice(c.start, c.end)) ?? true;
}

/** The grid parts and ambiguous regions of a request, before the text part is made. */
export interface Regions {
  grids: GridPlanPart[];
  ambiguous: AmbiguousRegion[];
}

/**
 * Candidates judged in context, and puzzles described in words.
 *
 * @example
 * const { grids, ambiguous } = findRegions(text);
 */
export function findRegions(text: string, limits: RouterLimits = DEFAULT_LIMITS): Regions {
  const candidates = findCandidates(text, limits.maxGridParts + 1);
  const prose = candidates.reduce((t, c) => blank(t, c.start, c.end), text);
  const grids: GridPlanPart[] = [];
  const ambiguous: AmbiguousRegion[] = [];
  for (const c of candidates) {
    const { confidence, why } = judge(c, withoutDeclaration(prose, c));
    const base = { kind: 'grid' as const, task: c.task, confidence, start: c.start, end: c.end, source: 'structure' as const };
    if (c.puzzle !== undefined && confidence >= THRESHOLDS.grid) {
      grids.push({ ...base, reason: why, puzzle: c.puzzle });
    } else if (
      c.puzzle !== undefined &&
      confidence >= THRESHOLDS.ambiguous &&
      (findTask(c.task)?.routing.ambiguousNeedsStructure !== true || c.score >= THRESHOLDS.grid)
    ) {
      ambiguous.push({ task: c.task, start: c.start, end: c.end, score: confidence, reason: why, puzzle: c.puzzle });
    } else if (c.error !== undefined && c.score >= THRESHOLDS.ambiguous && mentionsTask(prose, c.task) && !deniesPuzzle(prose) && attempted(c, text)) {
      grids.push({ ...base, reason: `${why}; it does not parse`, invalid: { code: c.error.code, message: c.error.message, details: c.error.details } });
    }
  }
  const rest = grids.reduce((t, g) => blank(t, g.start, g.end), text);
  const described = describeProsePuzzle(rest, new Set(grids.map((g) => g.task)));
  if (described !== null) {
    grids.push({
      kind: 'grid',
      task: described.task,
      confidence: described.confidence,
      start: described.start,
      end: described.end,
      source: 'prose',
      reason: described.reason,
      needsExtraction: true,
    });
  }
  return { grids, ambiguous };
}

/**
 * The plan from regions: the grid parts, and a text part when the prose asks for more than the
 * solutions (or there is no grid, or an ambiguous region is left in the text). Throws
 * `InvalidInputError` when there are more puzzles than `maxGridParts`.
 */
export function assemblePlan(text: string, regions: Regions, limits: RouterLimits = DEFAULT_LIMITS): RoutePlan {
  const { grids, ambiguous } = regions;
  if (grids.filter((g) => g.invalid === undefined).length > limits.maxGridParts) {
    throw new InvalidInputError(`The request holds more than ${limits.maxGridParts} puzzles; send at most ${limits.maxGridParts} at a time`, {
      field: 'input',
      details: { limit: limits.maxGridParts, setting: 'TRM_ROUTER_MAX_GRID_PARTS' },
    });
  }
  const rest = grids.reduce((t, g) => blank(t, g.start, g.end), text);
  const parts: PlanPart[] = [...grids];
  const text_ = textPart(text, rest, grids.length, ambiguous);
  if (text_ !== undefined) parts.push(text_);
  return { parts: parts.sort((a, b) => a.start - b.start) };
}

/**
 * The plan for `text` from structure alone (no LLM). Throws `InvalidInputError` for empty
 * input and input beyond the size limits.
 */
export function planStructure(text: string, limits: Partial<RouterLimits> = {}): RoutePlan {
  const l = { ...DEFAULT_LIMITS, ...limits } satisfies RouterLimits;
  checkInputSize(text, l);
  return assemblePlan(text, findRegions(text, l), l);
}

function textPart(text: string, rest: string, gridCount: number, ambiguous: AmbiguousRegion[]): TextPlanPart | undefined {
  const extra = ambiguous.length === 0 ? {} : { ambiguous };
  const doubt = ambiguous.reduce((m, a) => Math.max(m, a.score), 0);
  if (gridCount === 0) {
    const trimmed = text.trim();
    if (trimmed === '') return undefined;
    const start = text.indexOf(trimmed);
    const reason =
      ambiguous.length === 0 ? 'no puzzle found: free text' : `grid-like content that may not be a puzzle (${ambiguous.map((a) => a.task).join(', ')})`;
    return { kind: 'text', confidence: round(1 - doubt), start, end: start + trimmed.length, text: trimmed, reason, ...extra };
  }
  const asks = requestSentences(rest);
  if (asks.length === 0 && ambiguous.length === 0) return undefined;
  const first = asks[0] === undefined ? -1 : rest.indexOf(asks[0]);
  const lastSentence = asks[asks.length - 1];
  const last = lastSentence === undefined ? -1 : rest.lastIndexOf(lastSentence) + lastSentence.length;
  const start = first >= 0 ? first : (ambiguous[0]?.start ?? 0);
  const end = last >= 0 ? last : (ambiguous[ambiguous.length - 1]?.end ?? text.length);
  const body = asks.length > 0 ? asks.join(' ') : rest.replace(/\s+/g, ' ').trim();
  return {
    kind: 'text',
    confidence: round(asks.length > 0 ? 0.9 : 1 - doubt),
    start,
    end,
    text: body,
    reason: asks.length > 0 ? 'asks for more than the solution' : 'grid-like content left as text',
    ...extra,
  };
}

/**
 * The plan as JSON for printing (`trm-router route --json`): every part without the parsed
 * puzzles (which can be large), `{ "parts": [{ "kind", "task"?, "confidence", ... }] }`.
 */
export function planToJson(plan: RoutePlan): { parts: Record<string, unknown>[] } {
  return {
    parts: plan.parts.map((part) => {
      if (part.kind === 'grid') {
        const { puzzle: _puzzle, ...rest } = part;
        return rest;
      }
      const { ambiguous, ...rest } = part;
      return ambiguous === undefined ? rest : { ...rest, ambiguous: ambiguous.map(({ puzzle: _p, ...a }) => a) };
    }),
  };
}
