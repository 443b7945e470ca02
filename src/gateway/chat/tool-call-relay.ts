/**
 * Streamed tool calls of an OpenAI(-compatible) upstream, relayed as they come. A call is told
 * apart by its name, which may arrive in pieces and is whole once its arguments start: a call to
 * one of the gateway's solver tools is kept back (the gateway runs it), a call to a client tool is
 * passed on then under the client's own index, and each later argument delta the moment the
 * upstream sends it. At the end of the upstream's stream, `done()` passes on calls that never had
 * arguments and gives both lists whole.
 *
 * @example
 * const relay = new ToolCallRelay(ours, (delta) => chunk({ tool_calls: [delta] }));
 * for (const d of choice.delta.tool_calls ?? []) await relay.add(d);
 * const { mine, theirs } = await relay.done();
 */
import type { ChatCompletionChunk, ChatCompletionMessageFunctionToolCall } from 'openai/resources/chat/completions';

interface Entry {
  id: string;
  name: string;
  args: string;
  /** The client's index; `null` for the gateway's own tools; `undefined` until the name is known. */
  client: number | null | undefined;
}

export class ToolCallRelay {
  private readonly calls = new Map<number, Entry>();
  private next = 0;

  /** `ours`: the gateway's tool names; `send`: writes one `tool_calls` delta to the client. */
  constructor(
    private readonly ours: ReadonlySet<string>,
    private readonly send: (delta: Record<string, unknown>) => Promise<void>,
  ) {}

  /** Takes one upstream tool-call delta and passes on what the client should see of it. */
  async add(d: ChatCompletionChunk.Choice.Delta.ToolCall): Promise<void> {
    let e = this.calls.get(d.index);
    if (e === undefined) {
      e = { id: '', name: '', args: '', client: undefined };
      this.calls.set(d.index, e);
    }
    e.id ||= d.id ?? '';
    const args = d.function?.arguments ?? '';
    e.name += d.function?.name ?? '';
    e.args += args;
    if (e.client === undefined) {
      // the name may come in pieces: it is whole once the arguments start (or the stream ends)
      if (args !== '') await this.classify(e);
      return;
    }
    if (e.client !== null && args !== '') await this.send({ index: e.client, function: { arguments: args } });
  }

  /** Decides whose call `e` is by its whole name; a client's call is passed on with what it has so far. */
  private async classify(e: Entry): Promise<void> {
    e.client = this.ours.has(e.name) ? null : this.next++;
    if (e.client !== null) await this.send({ index: e.client, id: e.id, type: 'function', function: { name: e.name, arguments: e.args } });
  }

  /** The calls whole, in upstream order: the gateway's (`mine`) and the client's (`theirs`). */
  async done(): Promise<{ mine: ChatCompletionMessageFunctionToolCall[]; theirs: ChatCompletionMessageFunctionToolCall[] }> {
    for (const [, e] of [...this.calls.entries()].sort(([a], [b]) => a - b)) if (e.client === undefined) await this.classify(e);
    const whole = (e: Entry): ChatCompletionMessageFunctionToolCall => ({ id: e.id, type: 'function', function: { name: e.name, arguments: e.args } });
    const entries = [...this.calls.entries()].sort(([a], [b]) => a - b).map(([, e]) => e);
    return { mine: entries.filter((e) => e.client === null).map(whole), theirs: entries.filter((e) => typeof e.client === 'number').map(whole) };
  }
}
