/**
 * Small pieces the task definitions share: a tool's text argument with limits a model can act
 * on, and finding where in a request a puzzle is described in words.
 */
import { z } from 'zod';

/** Longest text input a tool accepts (an ARC task with many 30x30 grids fits easily). */
export const MAX_TOOL_TEXT = 100_000;

/**
 * A tool argument that is text: not empty, not longer than `MAX_TOOL_TEXT`.
 *
 * @example
 * z.object({ input: textInput('input') });
 */
export function textInput(what: string): z.ZodString {
  return z
    .string({ error: `${what} must be text` })
    .min(1, { error: `${what} is empty` })
    .max(MAX_TOOL_TEXT, { error: `${what} is longer than ${MAX_TOOL_TEXT} characters: send one puzzle, without extra text` });
}

/** How often `pattern` (global) matches in `text`, and the span from its first to its last match. */
export function sentenceSpan(text: string, pattern: RegExp): { count: number; start: number; end: number } {
  let count = 0;
  let start = text.length;
  let end = 0;
  for (const m of text.matchAll(pattern)) {
    count++;
    start = Math.min(start, m.index);
    end = Math.max(end, m.index + m[0].length);
  }
  return { count, start, end };
}

/** Extends `[start, end)` to whole sentences (or lines). */
function toSentences(text: string, start: number, end: number): { start: number; end: number } {
  let s = start;
  while (s > 0 && !/[.!?\n]/.test(text.charAt(s - 1))) s--;
  let e = end;
  while (e < text.length && !/[.!?\n]/.test(text.charAt(e))) e++;
  if (e < text.length) e++;
  while (s < e && /\s/.test(text.charAt(s))) s++;
  return { start: s, end: e };
}

/** A prose description spanning the sentences of `evidence`. */
export function describedBy(
  text: string,
  evidence: { start: number; end: number },
  confidence: number,
  reason: string,
): { start: number; end: number; confidence: number; reason: string } {
  return { ...toSentences(text, evidence.start, evidence.end), confidence, reason };
}
