/**
 * The codec of a learned task, made from its spec: grids of the task's alphabet in any of the
 * notations a person writes (rows of integers, rows as strings, JSON, lines of text inside
 * prose), printed back in that alphabet, checked for form only (a learned task has no
 * verifier), and encoded with the generalised ARC encoding.
 *
 * @example
 * const codec = learnedCodec(spec);
 * const puzzle = codec.parse(['#..#', '#..#']);
 * codec.encode(puzzle).length; // N * N
 */
import { z } from 'zod';
import { InvalidInputError } from '../../core/errors.js';
import type { FormatStyle, Grid, TaskCodec, Verification, VerifyProblem } from '../../core/spec.js';
import { parseJsonish } from '../common/jsonish.js';
import { findMarkdownTables } from '../common/markdown-table.js';
import type { MarkdownTable } from '../common/markdown-table.js';
import { decodeLearnedGridCrop, decodeLearnedGridSized, encodeLearnedGrid } from './encode.js';
import { alphabetSize, canvasSide } from './spec.js';
import type { LearnedTaskSpec } from './spec.js';

/** A puzzle of a learned task: its input grid. */
export interface LearnedPuzzle {
  input: Grid;
}

/** A grid found in text, with its character span. */
interface FoundGrid {
  grid: Grid;
  start: number;
  end: number;
}

/** The words that name a learned task: its name with hyphens, spaces or underscores between the parts. */
export function learnedMentions(name: string): RegExp {
  const parts = name.split('-').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`\\b${parts.join('[-_ ]?')}\\b`, 'i');
}

export function learnedCodec(spec: LearnedTaskSpec): TaskCodec<LearnedPuzzle, Grid> {
  const K = alphabetSize(spec);
  const N = canvasSide(spec);
  const symbols = 'symbols' in spec.alphabet ? spec.alphabet.symbols : undefined;
  const mentions = learnedMentions(spec.name);
  const gridSchema = z
    .array(
      z
        .array(
          z
            .int()
            .min(0)
            .max(K - 1),
        )
        .min(1)
        .max(spec.maxGrid.cols),
    )
    .min(1)
    .max(spec.maxGrid.rows)
    .describe(`rows of colours 0..${K - 1}`);

  const cellValue = (cell: unknown, field: string, row: number, col: number): number => {
    let v: number | undefined;
    if (typeof cell === 'number' && Number.isInteger(cell)) v = symbols === undefined ? cell : undefined;
    else if (typeof cell === 'string') v = symbols === undefined ? (/^\d$/.test(cell) ? Number(cell) : undefined) : symbols.indexOf(cell);
    if (v === undefined || v < 0 || v >= K) {
      const allowed = symbols === undefined ? `colours 0..${K - 1}` : `the symbols ${symbols.join(' ')}`;
      throw new InvalidInputError(`${field} row ${row + 1}, column ${col + 1} is ${JSON.stringify(cell)}: ${spec.name} grids use ${allowed}`, {
        field,
        position: { row, col },
      });
    }
    return v;
  };

  /** The cells of one row written as text: separated by spaces (or commas for colours), or consecutive characters. */
  const rowCells = (text: string): string[] => {
    const t = text.trim();
    const separators = symbols === undefined ? /[\s,]+/ : /\s+/;
    return separators.test(t) ? t.split(separators).filter((c) => c !== '') : [...t];
  };

  const fromValue = (value: unknown, field: string): Grid => {
    if (typeof value === 'string') return fromText(value, field);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      // a structured request: the grid under `input` (a pair's), `grid` or `puzzle`
      const record = value as Record<string, unknown>;
      const key = ['input', 'grid', 'puzzle'].find((k) => record[k] !== undefined);
      if (key === undefined) throw new InvalidInputError(`${field} is an object without a grid: put the grid under "input", "grid" or "puzzle"`, { field });
      return fromValue(record[key], `${field}.${key}`);
    }
    if (!Array.isArray(value) || value.length === 0) {
      throw new InvalidInputError(`${field} must be a grid: an array of rows (integers or strings)`, { field });
    }
    const grid = value.map((row: unknown, r) => {
      const cells: unknown[] = typeof row === 'string' ? rowCells(row) : Array.isArray(row) ? row : [];
      if (cells.length === 0) throw new InvalidInputError(`${field} row ${r + 1} is empty or not a row`, { field, position: { row: r, col: 0 } });
      return cells.map((cell, c) => cellValue(cell, field, r, c));
    });
    checkShape(grid, field);
    return grid;
  };

  const checkShape = (grid: Grid, field: string): void => {
    const cols = grid[0]?.length ?? 0;
    const ragged = grid.findIndex((row) => row.length !== cols);
    if (ragged >= 0) {
      throw new InvalidInputError(`${field} row ${ragged + 1} has ${grid[ragged]?.length ?? 0} cells, row 1 has ${cols}: rows must be equally long`, {
        field,
        position: { row: ragged, col: 0 },
      });
    }
    if (grid.length > spec.maxGrid.rows || cols > spec.maxGrid.cols) {
      throw new InvalidInputError(`${field} is ${grid.length}x${cols}; ${spec.name} grids are at most ${spec.maxGrid.rows}x${spec.maxGrid.cols}`, { field });
    }
  };

  /** Whether a line reads as prose: a word of two or more letters that are not all symbols of the alphabet. */
  const isProse = (line: string): boolean =>
    (line.match(/[A-Za-z]{2,}/g) ?? []).some((word) => symbols === undefined || [...word].some((ch) => !symbols.includes(ch)));

  /** The body of a markdown table as a grid (the header line holds column labels), or null when a cell is not one of the alphabet. */
  const tableGrid = (table: MarkdownTable): Grid | null => {
    try {
      const grid = table.body.map((row, r) => row.map((cell, c) => cellValue(cell, 'input', r, c)));
      return grid.every((row) => row.length === grid[0]?.length) ? grid : null;
    } catch {
      return null;
    }
  };

  /** The largest grid written in `text`: JSON, a markdown table, or a block of consecutive lines of equally many cells of the alphabet. */
  const findGrid = (text: string): FoundGrid | null => {
    const table = findMarkdownTables(text)
      .map((t) => ({ grid: tableGrid(t), start: t.start, end: t.end }))
      .filter((t): t is FoundGrid => t.grid !== null)
      .sort((a, b) => b.grid.length * (b.grid[0]?.length ?? 0) - a.grid.length * (a.grid[0]?.length ?? 0))[0];
    if (table !== undefined) return table;
    const json = text.search(/\[\s*[[\d"]/);
    if (json >= 0) {
      const end = text.lastIndexOf(']') + 1;
      const parsed = parseJsonish(text.slice(json, end));
      try {
        if (parsed.ok) return { grid: fromValue(parsed.value, 'input'), start: json, end };
      } catch {
        // not a JSON grid of this task: look for lines
      }
    }
    let best: FoundGrid | null = null;
    let block: { rows: Grid; start: number; end: number } | null = null;
    const flush = (): void => {
      if (block !== null && block.rows.length > 0) {
        const area = block.rows.length * (block.rows[0]?.length ?? 0);
        const bestArea = best === null ? 0 : best.grid.length * (best.grid[0]?.length ?? 0);
        if (area > bestArea) best = { grid: block.rows, start: block.start, end: block.end };
      }
      block = null;
    };
    let offset = 0;
    for (const line of text.split('\n')) {
      const start = offset;
      offset += line.length + 1;
      let cells: number[] | null;
      try {
        const parts = line.trim() === '' ? [] : rowCells(line);
        cells = parts.length === 0 ? null : parts.map((cell, c) => cellValue(cell, 'input', 0, c));
      } catch {
        cells = null;
      }
      if (cells === null || (block !== null && cells.length !== (block.rows[0]?.length ?? 0))) flush();
      if (cells !== null) {
        block ??= { rows: [], start, end: start };
        block.rows.push(cells);
        block.end = start + line.trimEnd().length;
      }
    }
    flush();
    return best;
  };

  const fromText = (text: string, field: string): Grid => {
    const trimmed = text.trim();
    if (trimmed === '') throw new InvalidInputError(`${field} is empty`, { field });
    if (/^[[{]/.test(trimmed)) {
      // JSON or a code literal (trailing commas, Python lists), as a grid found inside prose reads
      const parsed = parseJsonish(trimmed);
      if (parsed.ok) return fromValue(parsed.value, field);
    }
    const [table, other] = findMarkdownTables(trimmed);
    if (table !== undefined && other === undefined && table.start === 0 && table.end === trimmed.length) {
      const grid = tableGrid(table);
      if (grid === null) return fromValue(table.body, field); // says which cell is wrong
      checkShape(grid, field);
      return grid;
    }
    // Text that is only rows (no words of prose) is read strictly: a bad cell is an error at its
    // row and column, never a row quietly left out. Text with prose around a grid is searched.
    const lines = trimmed.split(/\r?\n/).filter((l) => l.trim() !== '');
    if (!lines.some(isProse)) return fromValue(lines, field);
    const found = findGrid(text);
    if (found === null) {
      const how = symbols === undefined ? `rows of colours 0..${K - 1}` : `rows of the symbols ${symbols.join(' ')}`;
      throw new InvalidInputError(`No ${spec.name} grid found in ${field}: write the grid as ${how}, one row per line, or as JSON`, { field });
    }
    checkShape(found.grid, field);
    return found.grid;
  };

  const formatGrid = (grid: Grid, style: FormatStyle = 'pretty'): string => {
    if (style === 'line') return JSON.stringify(symbols === undefined ? grid : grid.map((row) => row.map((v) => symbols[v] ?? '?').join('')));
    return grid.map((row) => row.map((v) => (symbols === undefined ? String(v) : (symbols[v] ?? '?'))).join('')).join('\n');
  };

  const verify = (puzzle: LearnedPuzzle, solution: Grid): Verification => {
    const problems: VerifyProblem[] = [];
    const rows = Array.isArray(solution) ? solution.length : 0;
    const cols = rows > 0 && Array.isArray(solution[0]) ? solution[0].length : 0;
    if (rows === 0 || cols === 0) {
      problems.push({ kind: 'empty_grid', message: 'the answer is an empty grid' });
    } else {
      if (spec.sameSize && (rows !== puzzle.input.length || cols !== (puzzle.input[0]?.length ?? 0))) {
        problems.push({ kind: 'size', message: `the answer is ${rows}x${cols}, the input ${puzzle.input.length}x${puzzle.input[0]?.length ?? 0}` });
      }
      solution.forEach((row, r) => {
        if (row.length !== cols) problems.push({ kind: 'ragged', message: `row ${r + 1} has ${row.length} cells, row 1 has ${cols}` });
        row.forEach((v, c) => {
          if (!Number.isInteger(v) || v < 0 || v >= K) {
            problems.push({ kind: 'alphabet', message: `cell (${r + 1}, ${c + 1}) is not a colour of the task`, cells: [{ row: r, col: c }] });
          }
        });
      });
    }
    return { ok: problems.length === 0, strength: 'format', problems };
  };

  return {
    task: spec.name,
    description: spec.description,
    puzzleSchema: z.object({ input: gridSchema }),
    solutionSchema: gridSchema,
    detect(text) {
      if (!mentions.test(text)) return null;
      const found = findGrid(text);
      if (found === null) return null;
      const cols = found.grid[0]?.length ?? 0;
      return { score: 0.9, start: found.start, end: found.end, reason: `names ${spec.name} and holds a ${found.grid.length}x${cols} grid of its alphabet` };
    },
    parse: (input) => ({ input: fromValue(input, 'input') }),
    format: (puzzle, style) => formatGrid(puzzle.input, style),
    formatSolution: (solution, _puzzle, style) => formatGrid(solution, style),
    verify,
    tokens: { seqLen: N * N, vocabSize: K + 2, canvas: { rows: N, cols: N } },
    encode: (puzzle) => encodeLearnedGrid(puzzle.input, N),
    decode: (tokens, puzzle) =>
      spec.sameSize ? decodeLearnedGridSized(tokens, N, puzzle.input.length, puzzle.input[0]?.length ?? 0, K) : decodeLearnedGridCrop(tokens, N, K),
    exact: null,
    exactUnavailable: `${spec.name} is a learned task: it is known only by its examples, so only its TRM model answers it`,
  };
}
