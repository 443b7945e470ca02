import { describe, expect, it } from 'vitest';
import {
  AbortedError,
  ConfigError,
  ERROR_CODES,
  InvalidInputError,
  ModelLoadError,
  NotSupportedError,
  ProviderError,
  SolverError,
  TimeoutError,
  TrmRouterError,
  UnsolvableError,
  isTrmRouterError,
  throwIfAborted,
} from './errors.js';

describe('error hierarchy', () => {
  const samples: [TrmRouterError, string, number][] = [
    [new InvalidInputError('bad', { field: 'grid', position: { row: 1, col: 2 } }), 'invalid_input', 400],
    [new UnsolvableError('none'), 'unsolvable', 422],
    [new NotSupportedError('no'), 'not_supported', 501],
    [new ModelLoadError('gone', { modelPath: 'models/x' }), 'model_load', 500],
    [new SolverError('oops'), 'solver', 500],
    [new ProviderError('openai', 'down'), 'provider', 502],
    [new TimeoutError('slow', 100), 'timeout', 504],
    [new AbortedError(), 'aborted', 499],
    [new ConfigError('env', [{ field: 'X', message: 'bad' }]), 'invalid_config', 500],
  ];

  it.each(samples)('%s has a stable code and HTTP status', (error, code, status) => {
    expect(error).toBeInstanceOf(TrmRouterError);
    expect(error).toBeInstanceOf(Error);
    expect(isTrmRouterError(error)).toBe(true);
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.name).toBe(error.constructor.name);
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ code, message: error.message });
  });

  it('covers every declared code', () => {
    expect(new Set(samples.map(([e]) => e.code))).toEqual(new Set(ERROR_CODES));
  });

  it('keeps the offending field and cell of invalid input', () => {
    const error = new InvalidInputError('digit 0 out of range', { field: 'grid', position: { row: 3, col: 4 } });
    expect(error.field).toBe('grid');
    expect(error.position).toEqual({ row: 3, col: 4 });
    expect(error.toJSON().details).toEqual({ field: 'grid', position: { row: 3, col: 4 } });
  });

  it('wraps a foreign error as cause', () => {
    const sdkError = new Error('429 Too Many Requests');
    const error = new ProviderError('openai', 'rate limited', { cause: sdkError });
    expect(error.cause).toBe(sdkError);
    expect(error.details).toEqual({ provider: 'openai' });
  });

  it('throwIfAborted throws AbortedError only for an aborted signal', () => {
    const controller = new AbortController();
    expect(() => throwIfAborted(controller.signal)).not.toThrow();
    controller.abort(new Error('user'));
    expect(() => throwIfAborted(controller.signal)).toThrow(AbortedError);
    expect(() => throwIfAborted(undefined)).not.toThrow();
  });
});
