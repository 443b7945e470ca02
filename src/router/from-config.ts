/**
 * The router the configuration describes: the LLM chain from the keys and base URLs (none when
 * no key is set), the TRM models folder and threads, the size limits and the solve deadline.
 *
 * @example
 * const router = createRouterFromConfig(loadConfig());
 */
import type { Config } from '../config.js';
import { createLlmFromConfig } from '../llm/from-config.js';
import type { LlmFromConfigOptions } from '../llm/from-config.js';
import { createRouter } from './router.js';
import type { Router, RouterOptions } from './router.js';

/**
 * @example
 * const answer = await createRouterFromConfig(loadConfig(), { noLlm: true }).answer(text);
 */
export function createRouterFromConfig(config: Config, overrides: RouterOptions & { llmOptions?: LlmFromConfigOptions; noLlm?: boolean } = {}): Router {
  const { llmOptions, noLlm, ...rest } = overrides;
  const llm = noLlm === true ? undefined : createLlmFromConfig(config, llmOptions);
  return createRouter({
    modelDirs: config.modelDirs,
    threads: config.threads,
    solveTimeoutMs: config.timeoutMs,
    limits: config.router,
    ...(llm === undefined ? {} : { llm }),
    ...rest,
  });
}
