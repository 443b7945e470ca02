/**
 * `POST /v1/solve`: one puzzle in any notation (`task: "auto"` detects it), solved with the
 * chosen solver; with `view: true` the answer carries the display grids and one frame per TRM
 * step (what the playground animates).
 *
 * @example
 * curl -s localhost:8787/v1/solve -H 'content-type: application/json' \
 *   -d '{"puzzle": "53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79"}'
 */
import type { Hono } from 'hono';
import { InvalidInputError } from '../../core/errors.js';
import { inputTooLong } from '../../core/json-depth.js';
import { parseTask } from '../../tasks/index.js';
import type { AnyPuzzle } from '../../tasks/index.js';
import type { GatewayDeps } from '../context.js';
import type { GatewayEnv } from '../env.js';
import { readBody } from '../errors.js';
import { solveRequestSchema } from '../schemas.js';

export function solveRoutes(app: Hono<GatewayEnv>, deps: GatewayDeps): void {
  app.post('/v1/solve', async (c) => {
    await deps.service.models(); // listing the installed models registers their learned tasks (a model added while running too)
    const body = await readBody(c, solveRequestSchema());
    checkPuzzleSize(body.puzzle, c.var.inputLimits.maxInputChars);
    const parsed = parsePuzzle(body.puzzle, body.task);
    const outcome = await deps.service.solve(
      parsed,
      {
        solver: body.solver,
        trace: body.trace,
        view: body.view,
        format: body.format,
        ...(body.model === undefined ? {} : { model: body.model }),
        ...(body.halt === undefined ? {} : { halt: body.halt }),
        ...(body.maxSteps === undefined ? {} : { maxSteps: body.maxSteps }),
        ...(body.explore === undefined ? {} : { explore: body.explore }),
      },
      { signal: c.var.signal },
    );
    return c.json(outcome);
  });
}

/** Refuses a puzzle longer than `limit` characters (text, or a grid or task as JSON) before any parser sees it. */
function checkPuzzleSize(puzzle: unknown, limit: number): void {
  const error = inputTooLong(puzzle, limit, 'puzzle');
  if (error !== undefined) throw error;
}

/**
 * The request's puzzle parsed as its task. A codec names what it rejects after its own input
 * (`input`, `input.test.0`); on this endpoint that is the request's `puzzle` field.
 */
function parsePuzzle(puzzle: unknown, task: string): AnyPuzzle {
  try {
    return parseTask(puzzle, task);
  } catch (error) {
    if (!(error instanceof InvalidInputError) || error.field === undefined || !/^input(\.|$)/.test(error.field)) throw error;
    throw new InvalidInputError(error.message, {
      field: error.field.replace(/^input/, 'puzzle'),
      details: { ...error.details, task },
      ...(error.position === undefined ? {} : { position: error.position }),
      ...(error.positions === undefined ? {} : { positions: error.positions }),
      cause: error,
    });
  }
}
