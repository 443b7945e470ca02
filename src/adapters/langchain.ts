/**
 * The solver tools for LangChain.js: `tool()` from `@langchain/core/tools` with the zod schema,
 * for `model.bindTools(...)`, LangGraph's `ToolNode` and `createAgent`. Called with a tool call,
 * a tool answers a `ToolMessage` whose `status` is `error` when the solve failed and whose
 * `artifact` is the structured `ToolOutcome`. Subpath `trm-router/adapters/langchain`.
 *
 * LangChain validates arguments before the tool runs and throws `ToolInputParsingException`
 * on a mismatch; agents (ToolNode, createAgent) turn that into an error message for the model.
 * `runLangChainToolCalls` does the same for hand-written loops.
 *
 * @example
 * import { ChatOpenAI } from '@langchain/openai';
 * const tools = langchainTools();
 * const model = new ChatOpenAI({ model: 'gpt-4.1-mini' }).bindTools(tools);
 * const reply = await model.invoke(messages);
 * messages.push(reply, ...(await runLangChainToolCalls(tools, reply.tool_calls ?? [])));
 */
import { ToolMessage } from '@langchain/core/messages';
import type { ToolCall } from '@langchain/core/messages/tool';
import { tool } from '@langchain/core/tools';
import type { DynamicStructuredTool, ToolRunnableConfig } from '@langchain/core/tools';
import type { z } from 'zod';
import type { ToolOutcome } from './tool-result.js';
import { toolContent } from './tool-result.js';
import { createTrmTools } from './tools.js';
import type { TrmToolkit, TrmToolsOptions } from './tools.js';

export { createTrmTools } from './tools.js';
export type { TrmToolkit, TrmToolsOptions } from './tools.js';

type Schema = z.ZodObject;

/** A LangChain tool over one solver tool, with its toolkit (for `runLangChainToolCalls`). */
export type TrmLangChainTool = DynamicStructuredTool<Schema> & { readonly toolkit: TrmToolkit };

function message(outcome: ToolOutcome, call: { id?: string | undefined; name: string }): ToolMessage {
  return new ToolMessage({
    content: toolContent(outcome),
    artifact: outcome,
    tool_call_id: call.id ?? '',
    name: call.name,
    status: outcome.isError ? 'error' : 'success',
  });
}

/**
 * The tools as LangChain structured tools.
 *
 * @example
 * const agent = createAgent({ model: 'openai:gpt-4.1-mini', tools: langchainTools({ solver: 'auto' }) });
 */
export function langchainTools(options: TrmToolkit | TrmToolsOptions = {}): TrmLangChainTool[] {
  const toolkit = 'execute' in options ? options : createTrmTools(options);
  return toolkit.tools.map((t) => {
    const schema: Schema = t.inputSchema; // one schema type for every tool
    const lc = tool(
      async (input: Record<string, unknown>, config?: ToolRunnableConfig) => {
        const outcome = await toolkit.execute(t.name, input, config?.signal === undefined ? {} : { signal: config.signal });
        // With a tool call: a ToolMessage carrying status and artifact; invoked directly: the text.
        return config?.toolCall === undefined ? toolContent(outcome) : message(outcome, config.toolCall);
      },
      { name: t.name, description: t.description, schema },
    );
    return Object.assign(lc, { toolkit }) as TrmLangChainTool;
  });
}

/**
 * Runs a model's tool calls (concurrently) and returns one `ToolMessage` each, never throwing:
 * arguments LangChain rejects become error messages naming every problem.
 *
 * @example
 * const reply = await model.invoke(messages);
 * messages.push(reply, ...(await runLangChainToolCalls(tools, reply.tool_calls ?? [])));
 */
export async function runLangChainToolCalls(
  tools: readonly TrmLangChainTool[],
  calls: readonly ToolCall[],
  options: { signal?: AbortSignal } = {},
): Promise<ToolMessage[]> {
  const fallback = tools[0]?.toolkit ?? createTrmTools();
  return Promise.all(
    calls.map(async (call) => {
      const lc = tools.find((t) => t.name === call.name);
      if (lc !== undefined) {
        try {
          const out: unknown = await lc.invoke({ ...call, type: 'tool_call' }, options.signal === undefined ? {} : { signal: options.signal });
          if (out instanceof ToolMessage) return out;
        } catch {
          // schema rejection (ToolInputParsingException) or an abort: the toolkit explains below
        }
      }
      const toolkit = lc?.toolkit ?? fallback;
      return message(await toolkit.execute(call.name, call.args, options.signal === undefined ? {} : { signal: options.signal }), call);
    }),
  );
}
