/**
 * The JSON Schemas sent to OpenAI (strict function tools, chat and Responses) and Anthropic
 * (plain and strict tools) follow each provider's rules, are valid JSON Schema, and agree with
 * the zod schema they come from on what a model may send.
 */
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { anthropicTools } from '../src/adapters/anthropic.js';
import { strictJsonSchema, toolJsonSchema } from '../src/adapters/json-schema.js';
import { openaiChatTools, openaiResponsesTools } from '../src/adapters/openai.js';
import { availableTools, createTrmTools } from '../src/adapters/tools.js';
import { getTask, registerLearnedTask } from '../src/tasks/index.js';
import { anthropicViolations, openaiStrictViolations } from './support/tool-schema-rules.js';
import type { Schema } from './support/tool-schema-rules.js';

const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true });

// A learned task's tool goes through the same checks as the built-in ones.
registerLearnedTask({
  name: 'schema-check',
  description: 'Recolours every 1 to 2 (a learned task used to check tool schemas).',
  maxGrid: { rows: 5, cols: 5 },
  alphabet: { colours: 3 },
  sameSize: true,
  augmentations: [],
});
const learned = getTask('schema-check');
/** The built-in tools, then a learned task's, then solve_grid: every kind of tool schema. */
const TOOLS = [
  ...availableTools([]).filter((t) => t.name !== 'solve_grid'),
  { name: learned.tool.name, description: learned.tool.description, inputSchema: learned.tool.input, task: learned.name },
  ...availableTools([]).filter((t) => t.name === 'solve_grid'),
];
const toolkit = { ...createTrmTools(), tools: TOOLS };
const SCHEMAS = Object.fromEntries(TOOLS.map((t) => [t.name, t.inputSchema]));
const TOOL_NAMES = TOOLS.map((t) => t.name);
type ToolName = string;

const CLASSIC = '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79';
const MAZE = ['#####', '#S  #', '### #', '#G  #', '#####'];
const GRID = [
  [0, 7, 7],
  [7, 7, 7],
];

/** What models send: accepted by zod and by the plain JSON Schema alike. */
const VALID: Record<ToolName, unknown[]> = {
  solve_sudoku: [{ puzzle: CLASSIC }, { puzzle: ['53..7....', '6..195...'] }, { puzzle: [[5, 3, 0, null, '.', 0, 0, 0, 0]] }],
  solve_maze: [{ maze: MAZE.join('\n') }, { maze: MAZE }],
  solve_arc: [
    { train: [{ input: GRID, output: GRID }], test: [{ input: GRID }] },
    { train: [{ input: '077\n777', output: GRID }], test: [{ input: GRID }], task_id: '007bbfb7' },
    { train: [{ input: GRID, output: GRID }], test: [{ input: GRID }], task_id: null },
  ],
  solve_grid: [{ input: CLASSIC }, { input: CLASSIC, task: 'sudoku' }, { input: CLASSIC, task: null }],
  solve_schema_check: [
    {
      grid: [
        [0, 1],
        [1, 2],
      ],
    },
    { grid: ['01', '12'] },
    { grid: '01\n12' },
  ],
};

/** Malformed: rejected by zod and by the plain JSON Schema alike. */
const INVALID: Record<ToolName, unknown[]> = {
  solve_sudoku: [{}, { puzzle: 42 }, { puzzle: [[10]] }, { puzzle: Array(10).fill('123') }, { puzzle: '' }],
  solve_maze: [{ maze: 7 }, { maze: ['#'] }, { maze: Array(31).fill('#') }],
  solve_arc: [
    { train: [], test: [{ input: GRID }] },
    { train: [{ input: GRID }], test: [{ input: GRID }] },
    { train: [{ input: [[1.5]], output: GRID }], test: [{ input: GRID }] },
    { train: [{ input: GRID, output: GRID }], test: [{ input: Array(31).fill([1]) }] },
  ],
  solve_grid: [{ input: '' }, { input: CLASSIC, task: 'chess' }, { text: CLASSIC }],
  solve_schema_check: [{}, { grid: 7 }, { grid: [] }, { grid: Array(6).fill('01') }],
};

/** A strict-mode call sends every property (null for the optional ones). */
function withNulls(name: ToolName, args: unknown): unknown {
  const a = args as Record<string, unknown>;
  if (name === 'solve_arc') return { task_id: null, ...a };
  if (name === 'solve_grid') return { task: null, ...a };
  return a;
}

describe('OpenAI strict function tools', () => {
  it('the rules checker catches what strict mode rejects (so the checks below can fail)', () => {
    const bad = { type: 'object', properties: { a: { type: 'string', minLength: 1 }, b: {} }, required: ['a'] };
    expect(openaiStrictViolations({ name: 'bad tool', parameters: bad, strict: true })).toEqual([
      'name bad tool does not match /^[a-zA-Z0-9_-]{1,64}$/',
      '$: additionalProperties must be false',
      '$: property "b" is not required',
      '$.properties.a: keyword "minLength" is not supported in strict mode',
      '$.properties.b: schema without a type (accepts anything)',
    ]);
  });

  it('chat-completions tools follow the strict rules', () => {
    const tools = openaiChatTools(toolkit);
    expect(tools.map((t) => t.function.name)).toEqual([...TOOL_NAMES]);
    for (const t of tools) {
      expect(t.type).toBe('function');
      expect(openaiStrictViolations({ name: t.function.name, parameters: t.function.parameters as Schema, strict: t.function.strict })).toEqual([]);
    }
  });

  it('Responses-API tools follow the strict rules', () => {
    for (const t of openaiResponsesTools(toolkit)) {
      expect(t.type).toBe('function');
      expect(openaiStrictViolations({ name: t.name, parameters: t.parameters as Schema, strict: t.strict })).toEqual([]);
    }
  });

  it('keeps the limits as words in the descriptions', () => {
    const sudoku = openaiChatTools(toolkit).find((t) => t.function.name === 'solve_sudoku')!;
    expect(JSON.stringify(sudoku.function.parameters)).toMatch(/at most 9 items/);
    expect(JSON.stringify(sudoku.function.parameters)).not.toMatch(/maxItems|minLength/);
  });

  it('non-strict tools keep the full schema when asked', () => {
    const [t] = openaiChatTools(toolkit, { strict: false });
    expect(t?.function.strict).toBe(false);
    expect(JSON.stringify(t?.function.parameters)).toMatch(/maxItems/);
  });
});

describe('Anthropic tools', () => {
  it('the rules checker catches what Anthropic rejects', () => {
    expect(anthropicViolations({ name: 'x', description: 'd', input_schema: { anyOf: [{ type: 'object' }] } })).toEqual([
      'input_schema: type must be object',
      'input_schema: anyOf is not allowed at the top level',
    ]);
    expect(
      anthropicViolations({ name: 'x', description: 'd', input_schema: { type: 'object', properties: { a: { type: 'integer', maximum: 3 } } }, strict: true }),
    ).toEqual([
      '$: additionalProperties must be false',
      '$: property "a" is not required',
      '$.properties.a: keyword "maximum" is not supported by strict tools',
    ]);
  });

  it('plain tools follow the rules, with required fields listed', () => {
    const tools = anthropicTools(toolkit);
    expect(tools.map((t) => t.name)).toEqual([...TOOL_NAMES]);
    for (const t of tools) {
      expect(anthropicViolations({ ...t, input_schema: t.input_schema })).toEqual([]);
      expect(t.input_schema.required?.length).toBeGreaterThan(0);
    }
  });

  it('strict tools follow the strict-tool rules', () => {
    for (const t of anthropicTools(toolkit, { strict: true })) {
      expect(t.strict).toBe(true);
      expect(anthropicViolations({ ...t, input_schema: t.input_schema, strict: true })).toEqual([]);
    }
  });
});

describe('JSON Schema and zod agree', () => {
  for (const name of TOOL_NAMES) {
    const zod = SCHEMAS[name]!;
    const plain = ajv.compile(toolJsonSchema(zod));
    const strict = ajv.compile(strictJsonSchema(toolJsonSchema(zod)));

    it(`${name}: what models send is accepted by zod, the plain and the strict schema`, () => {
      for (const args of VALID[name] ?? []) {
        expect(zod.safeParse(args).success, JSON.stringify(args)).toBe(true);
        expect(plain(args), JSON.stringify(plain.errors)).toBe(true);
        expect(strict(withNulls(name, args)), JSON.stringify(strict.errors)).toBe(true);
      }
    });

    it(`${name}: malformed arguments are rejected by zod and the plain schema`, () => {
      for (const args of INVALID[name] ?? []) {
        expect(zod.safeParse(args).success, JSON.stringify(args)).toBe(false);
        expect(plain(args), JSON.stringify(args)).toBe(false);
      }
    });
  }
});
