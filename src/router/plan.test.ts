import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../core/errors.js';
import { isSolveOnly, requestSentences } from './context.js';
import { registerLearnedTask } from '../tasks/registry.js';
import { planStructure, planToJson } from './plan.js';

const SUDOKU = '53..7....6..195....98....6.8...6...34..8.3..17...2...6.6....28....419..5....8..79';
const MAZE = ['#######', '#S    #', '# ### #', '#   #G#', '#######'].join('\n');
const kinds = (text: string) =>
  planStructure(text).parts.map((p) => (p.kind === 'grid' ? `${p.task}${p.invalid ? '!' : ''}${p.needsExtraction ? '?' : ''}` : 'text'));

describe('planStructure', () => {
  it('parses a bare grid locally, with no text part', () => {
    const [part] = planStructure(SUDOKU).parts;
    expect(part).toMatchObject({ kind: 'grid', task: 'sudoku', confidence: 1, source: 'structure', start: 0, end: 81 });
    expect(part?.kind === 'grid' && part.puzzle?.task).toBe('sudoku');
  });

  it('splits a mixed request into grid and text parts in text order', () => {
    const plan = planStructure(`Who invented sudoku? Also solve:\n${SUDOKU}\nand this maze:\n${MAZE}`);
    expect(plan.parts.map((p) => p.kind + (p.kind === 'grid' ? `:${p.task}` : ''))).toEqual(['text', 'grid:sudoku', 'grid:maze']);
    const text = plan.parts[0];
    expect(text?.kind === 'text' && text.text).toBe('Who invented sudoku?');
  });

  it('routes a grid that is conclusively a Sudoku despite a code word around it, but not a sparse 4x4 of zeros', () => {
    const rows = Array.from({ length: 9 }, (_, r) => `    '${SUDOKU.slice(r * 9, r * 9 + 9)}',`);
    expect(kinds(`My function gets this board, what's the answer?\n\`\`\`python\nrows = [\n${rows.join('\n')}\n]\n\`\`\``)).toContain('sudoku');
    expect(kinds('Compute the inverse of this matrix:\n0 1 0 3\n4 0 0 0\n0 0 0 4\n0 4 1 0')).toEqual(['text']);
  });

  it('does not count the declaration keyword that assigns the grid as a code word, but keeps other code words', () => {
    const board = ['```ts', 'const board = [', '  [0, 0, 3, 4],', '  [0, 3, 1, 0],', '  [0, 1, 0, 0],', '  [0, 4, 2, 0],', '];', '```'].join('\n');
    expect(kinds(board)).toEqual(['sudoku']);
    expect(kinds(board.replace('];', '];\nconsole.log(bfs(board, 0));'))).toEqual(['text']);
  });

  it('keeps a dungeon map with a start and an exit as text', () => {
    const map = ['##########', '#S.....#.#', '#.####.#.#', '#....#...#', '####.###.#', '#......#E#', '##########'].join('\n');
    expect(kinds(`Get from S to E:\n${map}`)).toEqual(['maze']);
    expect(kinds(`Dungeon level for my game:\n${map}\nIs the layout too easy?`)).toEqual(['text']);
  });

  it('routes one-line Sudokus alone on their lines in a message with a not-a-puzzle word, and a spreadsheet row of blanks', () => {
    const other = '..658.......7..4..3.54.....5.....912..9....7.72...8.64.9..5.....5...68.98.3..4..6';
    expect(kinds(`Compare the average time for these:\n\n1)\n${SUDOKU}\n\n2)\n${other}\n\nThanks!`)).toEqual(['text', 'sudoku', 'sudoku']);
    expect(kinds('hard one today\n,,,\n, , , 4\n4,,,2\n2,3,,')).toEqual(['sudoku']);
  });

  it('splits a numbered or dashed list of one-line Sudokus into one puzzle per line, but not a list of card numbers', () => {
    const other = '..658.......7..4..3.54.....5.....912..9....7.72...8.64.9..5.....5...68.98.3..4..6';
    expect(kinds(`Two for today:\n1. ${SUDOKU}\n2. ${other}`)).toEqual(['sudoku', 'sudoku']);
    expect(kinds(`- ${SUDOKU.replace(/\./g, '0')}\n- ${other.replace(/\./g, '0')}`)).toEqual(['sudoku', 'sudoku']);
    expect(kinds('Test cards:\n1. 4111111111111111\n2. 5555555555554444\n3. 4012888888881881')).toEqual(['text']);
  });

  it('splits grids one after another with only a blank line between them', () => {
    const other = '..658.......7..4..3.54.....5.....912..9....7.72...8.64.9..5.....5...68.98.3..4..6';
    const rows = (line: string) => Array.from({ length: 9 }, (_, r) => [...line.slice(r * 9, r * 9 + 9)].join(' ')).join('\n');
    expect(kinds(`Solve both:\n\n${rows(SUDOKU)}\n\n${rows(other)}`)).toEqual(['sudoku', 'sudoku']);
    const json = JSON.stringify(
      Array.from({ length: 9 }, (_, r) => other.slice(r * 9, r * 9 + 9)),
      null,
      2,
    );
    expect(kinds(`Solve these:\n\n${rows(SUDOKU)}\n\n${json}\n\n${rows(SUDOKU.replace('53', '35'))}`)).toEqual(['sudoku', 'sudoku', 'sudoku']);
  });

  it('keeps look-alikes as text and marks structurally plausible ones ambiguous', () => {
    expect(kinds('Compute the determinant of\n1 2 3 4\n3 4 1 2\n2 1 4 3\n4 3 2 1')).toEqual(['text']);
    const [part] = planStructure('1 . . 4\n. . 1 .\n. 1 . .\n4 . . 1\nwhat is this?').parts;
    expect(part?.kind).toBe('text');
  });

  it('reports a puzzle the user named but that does not parse as invalid, with the codec message', () => {
    const [part] = planStructure(`Solve this sudoku: ${SUDOKU.slice(0, 80)}`).parts;
    expect(part).toMatchObject({ kind: 'grid', task: 'sudoku', invalid: { code: 'invalid_input' } });
    expect(part?.kind === 'grid' && part.invalid?.message).toMatch(/80/);
  });

  it('marks a puzzle described in words for extraction', () => {
    expect(kinds('My sudoku: row 1 is 5 3 _ _ 7 _ _ _ _, row 2 is 6 _ _ 1 9 5 _ _ _, row 3 is _ 9 8 _ _ _ _ 6 _.')).toEqual(['sudoku?']);
  });

  it('refuses empty input, input over the size limit and too many puzzles before anything else', () => {
    expect(() => planStructure('   ')).toThrow(InvalidInputError);
    expect(() => planStructure('x'.repeat(101), { maxInputChars: 100 })).toThrow(/101 characters long; the limit is 100/);
    expect(() => planStructure(`${SUDOKU}\n\n${MAZE}`, { maxGridParts: 1 })).toThrow(/more than 1 puzzles/);
  });

  it('prints as JSON without the parsed puzzles', () => {
    const json = planToJson(planStructure(`Solve ${SUDOKU} and explain the first step.`));
    expect(json.parts.map((p) => p.kind)).toEqual(['text', 'grid']); // the sentence starts before the grid
    expect(json.parts[1]).not.toHaveProperty('puzzle');
    expect(json.parts[1]).toMatchObject({ task: 'sudoku', confidence: expect.any(Number) as number });
  });
});

describe('request sentences', () => {
  it.each([
    ['Solve this sudoku please, thanks!', true],
    ['Can you find the shortest path from S to G?', true],
    ['Solve it and explain the first deduction.', false],
    ['Who invented sudoku?', false],
  ])('%s -> solve only: %s', (sentence, only) => {
    expect(isSolveOnly(sentence)).toBe(only);
  });

  it('keeps only sentences that ask for something beyond the solve', () => {
    expect(requestSentences('I have been stuck for an hour. Solve it. Why is row 3 so hard?')).toEqual(['Why is row 3 so hard?']);
  });
});

// Last in the file: a learned task stays registered for the rest of the module (the registry has
// no way to forget one), and the tests above must see the built-in tasks only.
describe('planStructure with a learned task', () => {
  it('a word that usually means "not a puzzle" names the task once a learned task of that name is registered', () => {
    const text = 'Please solve this nonogram:\n0110\n1001\n0110';
    expect(kinds(text)).toEqual(['text']); // not registered: no codec detects it, and "nonogram" is a not-a-puzzle cue
    registerLearnedTask({
      name: 'nonogram',
      description: 'A learned nonogram-like grid task (test).',
      maxGrid: { rows: 6, cols: 6 },
      alphabet: { colours: 2 },
      sameSize: true,
      augmentations: [],
    });
    const [part] = planStructure(text).parts;
    expect(part).toMatchObject({ kind: 'grid', task: 'nonogram', source: 'structure' });
    expect(part?.kind === 'grid' && part.reason).not.toMatch(/speaks of "nonogram"/);
  });
});
