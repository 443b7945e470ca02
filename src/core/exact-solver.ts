import { NotSupportedError, SolverError, throwIfAborted } from './errors.js';
import type { Solver, TaskCodec } from './spec.js';

/**
 * Wraps a codec's exact solver as an async `Solver` with provenance and verification.
 *
 * @example
 * const solver = exactSolver(sudoku);
 * const { solution, provenance } = await solver.solve(sudoku.parse(text));
 */
export function exactSolver<P, S>(codec: TaskCodec<P, S>): Solver<P, S> {
  const exact = codec.exact;
  if (exact === null) {
    throw new NotSupportedError(`Task "${codec.task}" has no exact solver: ${codec.exactUnavailable ?? 'none exists'}`, { details: { task: codec.task } });
  }
  return {
    name: exact.name,
    kind: 'exact',
    task: codec.task,
    solve(puzzle, options = {}) {
      return Promise.resolve().then(() => {
        throwIfAborted(options.signal);
        const started = performance.now();
        const { solution, stats } = exact.solve(puzzle, { signal: options.signal });
        const verification = codec.verify(puzzle, solution);
        if (!verification.ok) {
          throw new SolverError(`Exact solver ${exact.name} returned a solution that fails verification`, {
            details: { task: codec.task, problems: verification.problems },
          });
        }
        const verified = verification.strength === 'full';
        return {
          solution,
          verified,
          provenance: {
            solver: exact.name,
            kind: 'exact',
            searchNodes: stats.nodes,
            verified,
            latencyMs: performance.now() - started,
          },
        };
      });
    },
  };
}
