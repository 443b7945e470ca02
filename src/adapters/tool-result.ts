/**
 * What a tool call returns: a structured result (solution, verified, provenance, steps) or a
 * structured error the model can correct from, each with a short text rendering. Adapters map
 * these onto their wire formats (`is_error`, `isError`, tool messages); nothing here throws.
 *
 * @example
 * const outcome = await toolkit.execute('solve_sudoku', { puzzle: '...' });
 * if (outcome.isError) console.log(outcome.error.code, outcome.error.issues);
 * else console.log(outcome.result.rendered);
 */
import type { z } from 'zod';
import { describeProvenance, isTrmRouterError } from '../core/index.js';
import type { ErrorCode, Provenance } from '../core/index.js';
import { findTask } from '../tasks/index.js';
import type { SolveOutcome } from '../trm/index.js';

/** A solved puzzle, as JSON. */
export interface ToolSuccess {
  ok: true;
  task: string;
  /** The solution (JSON value of the task's solution schema). */
  solution: unknown;
  /** The solution drawn by the task codec (a grid, a maze with its path). */
  rendered: string;
  /** True only when a full verifier accepted the solution (never for ARC or learned tasks). */
  verified: boolean;
  /** TRM supervision steps, or exact-search nodes; `null` when neither applies. */
  steps: number | null;
  provenance: Provenance;
}

/** One problem with the arguments, located by a dotted path (`puzzle.3.10`). */
export interface ToolIssue {
  path: string;
  message: string;
}

/** Why a call failed, and what to do about it. */
export interface ToolErrorBody {
  ok: false;
  /** A stable code: the toolkit's error codes plus `unknown_tool` and `invalid_arguments`. */
  code: ErrorCode | 'unknown_tool' | 'invalid_arguments' | 'internal';
  message: string;
  /** The offending argument (for invalid input). */
  field?: string;
  /** The offending cell, zero-based, where a grid problem has one. */
  position?: { row: number; col: number };
  /** Every schema problem, for `invalid_arguments`. */
  issues?: ToolIssue[];
  /** One sentence on how to call the tool correctly. */
  hint: string;
}

/** The outcome of one tool call. `text` is what a model reads; the rest is for programs. */
export type ToolOutcome =
  { isError: false; tool: string; result: ToolSuccess; text: string } | { isError: true; tool: string; error: ToolErrorBody; text: string };

/** Turns a solve into a success outcome with its text rendering. */
export function successOutcome(tool: string, solved: SolveOutcome): Extract<ToolOutcome, { isError: false }> {
  const p = solved.provenance;
  const result: ToolSuccess = {
    ok: true,
    task: solved.task,
    solution: solved.solution,
    rendered: solved.rendered,
    verified: solved.verified,
    steps: p.steps ?? p.searchNodes ?? null,
    provenance: p,
  };
  const task = findTask(solved.task);
  const status = solved.verified ? 'solved and verified' : `answered, ${task?.unverifiedLabel ?? 'NOT verified'},`;
  const text = `${task?.title ?? solved.task} ${status} by ${describeProvenance(p, { latency: false })}.\n${solved.rendered}`;
  return { isError: false, tool, result, text };
}

/** Builds an error outcome; the text names the code, the place and the fix. */
export function errorOutcome(tool: string, body: Omit<ToolErrorBody, 'ok'>): Extract<ToolOutcome, { isError: true }> {
  const error: ToolErrorBody = { ok: false, ...body };
  const lines = [`Error (${error.code}) from ${tool}: ${error.message}`];
  for (const issue of error.issues ?? []) lines.push(`- ${issue.path === '' ? '(arguments)' : issue.path}: ${issue.message}`);
  if (error.position !== undefined) lines.push(`At row ${error.position.row + 1}, column ${error.position.col + 1}.`);
  lines.push(error.hint);
  return { isError: true, tool, error, text: lines.join('\n') };
}

/** The error outcome for arguments that failed the tool's zod schema. */
export function schemaErrorOutcome(tool: string, error: z.ZodError, args: unknown, hint: string): Extract<ToolOutcome, { isError: true }> {
  const issues = describeIssues(error.issues, args);
  return errorOutcome(tool, {
    code: 'invalid_arguments',
    message: `The arguments do not match the ${tool} schema (${issues.length} problem${issues.length === 1 ? '' : 's'})`,
    issues,
    hint,
  });
}

/** The error outcome for anything a solve threw (bad grid, unsolvable, no model, timeout...). */
export function thrownErrorOutcome(tool: string, thrown: unknown, hint: string): Extract<ToolOutcome, { isError: true }> {
  if (isTrmRouterError(thrown)) {
    const d = thrown.details;
    const position = d.position as { row: number; col: number } | undefined;
    return errorOutcome(tool, {
      code: thrown.code,
      message: thrown.message,
      ...(typeof d.field === 'string' ? { field: d.field } : {}),
      ...(position === undefined ? {} : { position }),
      hint: thrown.code === 'invalid_input' ? hint : (HINTS[thrown.code] ?? hint),
    });
  }
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return errorOutcome(tool, { code: 'internal', message, hint: 'This is a fault in the tool, not in your arguments; do not retry the same call.' });
}

const HINTS: Partial<Record<ErrorCode, string>> = {
  unsolvable: 'The puzzle as given has no solution: check that the givens were copied correctly.',
  not_supported: 'This tool cannot answer this puzzle; answer it yourself, or tell the user what is missing.',
  timeout: 'The solver ran out of time; do not retry the same call.',
  aborted: 'The call was cancelled.',
  model_load: 'The solver model could not be loaded; this is a setup problem, not your arguments.',
};

type Issue = z.core.$ZodIssue;

/**
 * Flattens zod issues into located messages. A missing argument says "required"; for a union,
 * the branch the value's type matched explains the problem (a too-long row, a bad cell), not
 * "expected string, got array".
 */
export function describeIssues(issues: readonly Issue[], args: unknown, prefix: PropertyKey[] = []): ToolIssue[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code !== 'unrecognized_keys' && valueAt(args, path) === undefined) {
      return [{ path: dotted(path), message: `required: ${issue.message}` }];
    }
    if (issue.code === 'invalid_union') {
      const branches = issue.errors.filter((branch) => !branch.every((i) => i.code === 'invalid_type' && i.path.length === 0));
      const only = branches[0];
      if (branches.length === 1 && only !== undefined) return describeIssues(only, args, path);
    }
    if (issue.code === 'unrecognized_keys') {
      return [{ path: dotted(path), message: `unknown argument${issue.keys.length === 1 ? '' : 's'} ${issue.keys.join(', ')}` }];
    }
    return [{ path: dotted(path), message: issue.message }];
  });
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value;
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

function dotted(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.');
}

/**
 * What a model reads back from a tool call in a plain-text channel (an OpenAI tool message, an
 * Anthropic `tool_result`): the text rendering, then the structured result or error as JSON
 * (without `rendered`, which the text already shows).
 *
 * @example
 * messages.push({ role: 'tool', tool_call_id: call.id, content: toolContent(outcome) });
 */
export function toolContent(outcome: ToolOutcome): string {
  if (outcome.isError) return `${outcome.text}\n\n${JSON.stringify(outcome.error)}`;
  const { rendered: _shown, ...rest } = outcome.result;
  return `${outcome.text}\n\n${JSON.stringify(rest)}`;
}
