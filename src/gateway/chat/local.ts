/**
 * The chat endpoints without an upstream of their wire format: the router answers the user's
 * last message (grid parts solved locally; text parts by the configured LLM of the other
 * format, or a note saying how to configure one), so grid-only requests are answered with no
 * LLM at all.
 *
 * @example
 * const reply = await localReply(deps, 'Solve: 53..7....6..195....', signal);
 * reply.text; // 'Puzzle 1: Sudoku, verified (...)\n```\n...'
 */
import { InvalidInputError } from '../../core/errors.js';
import type { Usage } from '../../core/spec.js';
import type { GatewayDeps } from '../context.js';

export interface LocalReply {
  text: string;
  usage: Usage;
  /** The `trm_router` field of the reply: solved parts and the router's notes. */
  extension: { parts: unknown[]; notes: unknown[]; upstream: null };
}

export async function localReply(deps: GatewayDeps, text: string, signal: AbortSignal | undefined): Promise<LocalReply> {
  if (text.trim() === '') {
    throw new InvalidInputError('The last message must be a user message with text (no upstream LLM is configured to continue other turns)', {
      field: 'messages',
    });
  }
  const answer = await deps.router.answer(text, signal === undefined ? {} : { signal });
  const parts = answer.parts.map((p) =>
    p.kind === 'grid'
      ? { kind: 'grid', task: p.task, verified: p.verified, solution: p.solution, rendered: p.rendered, provenance: p.provenance }
      : { kind: 'text', text: p.text, provenance: p.provenance },
  );
  return { text: answer.text, usage: answer.usage, extension: { parts, notes: answer.notes, upstream: null } };
}
