/**
 * The providers' rules for tool schemas, as checks that list every violation (empty = accepted).
 *
 * OpenAI strict function calling (Structured Outputs, "Supported schemas"): the root is an
 * object (not `anyOf`); every object has `additionalProperties: false` and lists every property
 * in `required` (optional fields are nullable instead); only supported keywords appear; at most
 * 5 levels of object nesting and 100 properties (the original, stricter limits); function names
 * match `^[a-zA-Z0-9_-]{1,64}$`.
 *
 * Anthropic tools: names match `^[a-zA-Z0-9_-]{1,64}$`; `input_schema` is `type: "object"` with
 * no `oneOf`/`allOf`/`anyOf` at its top level; only JSON Schema keywords; every `required`
 * name is a property. Strict tools additionally: closed objects, every property required, no
 * numeric or string constraints, no array constraints other than `minItems` 0 or 1.
 *
 * The subset our strict schemas use (`ALLOWED_STRICT`) is inside both providers' documented
 * supported lists.
 */

export type Schema = Record<string, unknown>;

export const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** Keywords both OpenAI strict mode and Anthropic strict tools document as supported. */
export const ALLOWED_STRICT = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'anyOf',
  'enum',
  'const',
  'description',
  'title',
  '$ref',
  '$defs',
]);

/** The JSON Schema (draft-07 / 2020-12) vocabulary: anything else is not a schema keyword. */
const JSON_SCHEMA_KEYWORDS = new Set([
  ...ALLOWED_STRICT,
  '$id',
  '$comment',
  'definitions',
  'default',
  'examples',
  'readOnly',
  'writeOnly',
  'deprecated',
  'allOf',
  'oneOf',
  'not',
  'if',
  'then',
  'else',
  'format',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'contains',
  'prefixItems',
  'minProperties',
  'maxProperties',
  'patternProperties',
  'propertyNames',
  'dependentRequired',
  'dependentSchemas',
]);

const SCHEMA_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);

interface Visit {
  node: Schema;
  path: string;
  /** Objects above and including this node. */
  depth: number;
}

function isRecord(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every subschema with its path. */
function walk(root: Schema): Visit[] {
  const out: Visit[] = [];
  const visit = (node: Schema, path: string, depth: number): void => {
    const d = node.type === 'object' ? depth + 1 : depth;
    out.push({ node, path, depth: d });
    if (isRecord(node.properties)) for (const [k, v] of Object.entries(node.properties)) if (isRecord(v)) visit(v, `${path}.properties.${k}`, d);
    if (isRecord(node.items)) visit(node.items, `${path}.items`, d);
    for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
      const list = node[key];
      if (Array.isArray(list)) list.forEach((v, i) => isRecord(v) && visit(v, `${path}.${key}.${i}`, d));
    }
    for (const key of ['$defs', 'definitions'] as const) {
      const defs = node[key];
      if (isRecord(defs)) for (const [k, v] of Object.entries(defs)) if (isRecord(v)) visit(v, `${path}.${key}.${k}`, depth);
    }
  };
  visit(root, '$', 0);
  return out;
}

function typesOf(node: Schema): string[] {
  return Array.isArray(node.type) ? (node.type as string[]) : typeof node.type === 'string' ? [node.type] : [];
}

/** Problems common to every node: known types, no empty schema. */
function nodeProblems({ node, path }: Visit): string[] {
  const problems: string[] = [];
  for (const t of typesOf(node)) if (!SCHEMA_TYPES.has(t)) problems.push(`${path}: unknown type ${t}`);
  const typed = node.type !== undefined || node.anyOf !== undefined || node.$ref !== undefined || node.enum !== undefined || node.const !== undefined;
  if (!typed && node.oneOf === undefined && node.allOf === undefined) problems.push(`${path}: schema without a type (accepts anything)`);
  if (isRecord(node.properties) && Array.isArray(node.required)) {
    for (const r of node.required as string[]) if (!(r in node.properties)) problems.push(`${path}: required "${r}" is not a property`);
  }
  return problems;
}

/** Closed objects with every property required. */
function strictObjectProblems({ node, path }: Visit): string[] {
  if (node.type !== 'object' && node.properties === undefined) return [];
  const problems: string[] = [];
  if (node.additionalProperties !== false) problems.push(`${path}: additionalProperties must be false`);
  const keys = isRecord(node.properties) ? Object.keys(node.properties) : [];
  const required = Array.isArray(node.required) ? (node.required as string[]) : [];
  for (const k of keys) if (!required.includes(k)) problems.push(`${path}: property "${k}" is not required`);
  return problems;
}

/** Violations of OpenAI's strict function-calling rules (empty: accepted). */
export function openaiStrictViolations(tool: { name: string; parameters: Schema; strict?: boolean | null }): string[] {
  const problems: string[] = [];
  if (!TOOL_NAME.test(tool.name)) problems.push(`name ${tool.name} does not match ${String(TOOL_NAME)}`);
  if (tool.strict !== true) problems.push('strict is not true');
  const root = tool.parameters;
  if (root.type !== 'object') problems.push('$: the root must be type object');
  if (root.anyOf !== undefined) problems.push('$: the root must not be anyOf');
  const visits = walk(root);
  let properties = 0;
  for (const v of visits) {
    problems.push(...nodeProblems(v), ...strictObjectProblems(v));
    for (const key of Object.keys(v.node)) if (!ALLOWED_STRICT.has(key)) problems.push(`${v.path}: keyword "${key}" is not supported in strict mode`);
    if (v.depth > 5) problems.push(`${v.path}: more than 5 levels of object nesting`);
    if (isRecord(v.node.properties)) properties += Object.keys(v.node.properties).length;
  }
  if (properties > 100) problems.push(`more than 100 properties (${properties})`);
  return problems;
}

/** Violations of Anthropic's tool rules (empty: accepted); `strict` adds strict-tool rules. */
export function anthropicViolations(tool: { name: string; description?: string; input_schema: Schema; strict?: boolean }): string[] {
  const problems: string[] = [];
  if (!TOOL_NAME.test(tool.name)) problems.push(`name ${tool.name} does not match ${String(TOOL_NAME)}`);
  if (tool.description === undefined || tool.description.trim() === '') problems.push('no description');
  const root = tool.input_schema;
  if (root.type !== 'object') problems.push('input_schema: type must be object');
  for (const key of ['oneOf', 'allOf', 'anyOf']) if (key in root) problems.push(`input_schema: ${key} is not allowed at the top level`);
  for (const v of walk(root)) {
    problems.push(...nodeProblems(v));
    for (const key of Object.keys(v.node)) if (!JSON_SCHEMA_KEYWORDS.has(key)) problems.push(`${v.path}: "${key}" is not a JSON Schema keyword`);
    if (tool.strict === true) {
      problems.push(...strictObjectProblems(v));
      for (const key of Object.keys(v.node)) if (!ALLOWED_STRICT.has(key)) problems.push(`${v.path}: keyword "${key}" is not supported by strict tools`);
    }
  }
  return problems;
}
