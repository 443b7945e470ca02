import { describe, expect, it } from 'vitest';
import { ToolCallRelay } from './tool-call-relay.js';

const relayOf = () => {
  const sent: Record<string, unknown>[] = [];
  const relay = new ToolCallRelay(new Set(['solve_sudoku']), (delta) => {
    sent.push(delta);
    return Promise.resolve();
  });
  return { relay, sent };
};

describe('ToolCallRelay', () => {
  it('keeps back a gateway tool whose name arrives in pieces, and passes a client call on delta by delta', async () => {
    const { relay, sent } = relayOf();
    await relay.add({ index: 0, id: 'c0', function: { name: 'solve_' } });
    await relay.add({ index: 0, function: { name: 'sudoku' } });
    await relay.add({ index: 0, function: { arguments: '{"puzzle":' } });
    await relay.add({ index: 0, function: { arguments: '"..."}' } });
    await relay.add({ index: 1, id: 'c1', function: { name: 'get_', arguments: '' } });
    await relay.add({ index: 1, function: { name: 'weather' } });
    await relay.add({ index: 1, function: { arguments: '{"city":' } });
    await relay.add({ index: 1, function: { arguments: '"Oslo"}' } });
    expect(sent).toEqual([
      { index: 0, id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{"city":' } },
      { index: 0, function: { arguments: '"Oslo"}' } },
    ]);
    const { mine, theirs } = await relay.done();
    expect(mine).toEqual([{ id: 'c0', type: 'function', function: { name: 'solve_sudoku', arguments: '{"puzzle":"..."}' } }]);
    expect(theirs).toEqual([{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }]);
  });

  it('passes on at the end a client call that never had arguments', async () => {
    const { relay, sent } = relayOf();
    await relay.add({ index: 0, id: 'c0', function: { name: 'ping' } });
    expect(sent).toEqual([]);
    const { theirs } = await relay.done();
    expect(sent).toEqual([{ index: 0, id: 'c0', type: 'function', function: { name: 'ping', arguments: '' } }]);
    expect(theirs).toHaveLength(1);
  });
});
