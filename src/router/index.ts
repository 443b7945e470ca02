/**
 * The router: detect -> classify/split -> extract -> solve -> merge, one `Answer` per request.
 * Subpath export `trm-router/router` (it loads the LLM SDKs, and the TRM runtime when solving).
 *
 * @example
 * import { createRouterFromConfig, planStructure } from 'trm-router/router';
 * planStructure(text).parts;                                   // the plan, from structure alone
 * const answer = await createRouterFromConfig(loadConfig()).answer(text);
 */
export * from './plan.js';
export * from './limits.js';
export { findCandidates, CANDIDATE_MIN_SCORE } from './candidates.js';
export type { Candidate } from './candidates.js';
export { mentionsTask, notAPuzzleCue, requestSentences } from './context.js';
export { describeProsePuzzle } from './prose.js';
export type { ProseDescription } from './prose.js';
export * from './prompts.js';
export * from './cache.js';
export * from './local-solvers.js';
export { classifyReplySchema, classifyRegions, extractPuzzle, solveWithLlm } from './llm-steps.js';
export type { ClassifyResult, LlmStepResult } from './llm-steps.js';
export { SOLVE_PUZZLE_TOOL, answerText } from './text-answer.js';
export * from './merge.js';
export * from './router.js';
export * from './from-config.js';
