/**
 * Look-alikes: grid-shaped text that is not a puzzle for any solver (multiplication tables,
 * CSVs, minesweeper boards, dungeon maps, crosswords, Game of Life patterns, seating charts,
 * number lists, matrices, calendars, ASCII art, board games, code, data tables, bitmaps),
 * generated with random parameters in the notations they come in, with or without prose.
 */
import type { Rng } from '../../../src/core/random.js';
import type { Split } from './cases.js';
import { fence } from './render.js';

export const LOOKALIKE_FAMILIES = [
  'multiplication-table',
  'csv',
  'minesweeper',
  'dungeon-map',
  'crossword',
  'game-of-life',
  'seating-chart',
  'number-list',
  'matrix',
  'calendar',
  'ascii-art',
  'board-game',
  'code-array',
  'data-table',
  'bitmap',
] as const;
export type LookalikeFamily = (typeof LOOKALIKE_FAMILIES)[number];

type Prose = Record<Split, string[]>;

/** The body with a line of prose before or after it, or alone (unless `always`). */
function say(rng: Rng, split: Split, prose: Prose, body: string, always = false): string {
  const options = prose[split];
  const choice = rng.int(options.length + (always ? 0 : 1));
  if (choice === options.length) return body; // no prose at all
  const line = options[choice] as string;
  return line.includes('{grid}') ? line.replace('{grid}', body) : rng.int(3) === 0 ? `${body}\n\n${line}` : `${line}\n${body}`;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const digits = (rng: Rng, n: number, lo: number, hi: number) => range(n).map(() => lo + rng.int(hi - lo + 1));

function table(rows: string[][], style: number): string {
  if (style === 0) return rows.map((r) => r.join(' ')).join('\n');
  if (style === 1) return rows.map((r) => r.join(',')).join('\n');
  if (style === 2) return rows.map((r) => r.join('\t')).join('\n');
  const width = Math.max(...rows.flat().map((c) => c.length));
  return rows.map((r) => r.map((c) => c.padStart(width)).join(' ')).join('\n');
}

function markdown(rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(rows[0] ?? []), `|${'---|'.repeat(rows[0]?.length ?? 0)}`, ...rows.slice(1).map(line)].join('\n');
}

// --- families -----------------------------------------------------------------------------------

function multiplicationTable(rng: Rng, split: Split): string {
  const n = 3 + rng.int(10);
  const header = rng.int(2) === 0;
  const rows = range(n).map((i) => range(n).map((j) => String((i + 1) * (j + 1))));
  const withHeader = header ? [['x', ...range(n).map((j) => String(j + 1))], ...rows.map((r, i) => [String(i + 1), ...r])] : rows;
  const body = rng.int(4) === 0 ? markdown(withHeader) : table(withHeader, rng.int(4));
  return say(
    rng,
    split,
    {
      tuning: ['Times table for homework:', 'Is this multiplication table right?', 'Here is the {n}x{n} table.'.replace(/\{n\}/g, String(n))],
      heldout: ['My son made this chart of products, any mistakes?', 'multiplication grid up to ' + String(n)],
    },
    body,
  );
}

function csv(rng: Rng, split: Split): string {
  const cols = rng.pick([4, 6, 9, 5, 7]);
  const rowsN = rng.pick([4, 6, 9, 8, 12]);
  const small = rng.int(2) === 0;
  const rows = range(rowsN).map(() => digits(rng, cols, small ? 0 : 10, small ? 9 : 999).map(String));
  const headers = rng
    .pick([
      ['id', 'q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8'],
      ['store', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'total'],
      ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'],
    ])
    .slice(0, cols);
  const withHeader = rng.int(3) === 0 ? rows : [headers, ...rows];
  const sep = rng.pick([',', ';', ', ']);
  const body = withHeader.map((r) => r.join(sep)).join('\n');
  return say(
    rng,
    split,
    {
      tuning: ["Here's my CSV export, what's the average of the third column?", 'data.csv:', 'Survey results (1-9 ratings):'],
      heldout: ['Can you chart this CSV?', 'Spreadsheet dump, which row has the highest total?'],
    },
    rng.int(4) === 0 ? fence(body, 'csv') : body,
  );
}

function minesweeper(rng: Rng, split: Split): string {
  const rows = rng.pick([8, 9, 9, 6, 10]);
  const cols = rng.pick([8, 9, 9, 6, 10]);
  const mines = new Set(range(rng.pick([6, 8, 10, 12])).map(() => rng.int(rows * cols)));
  const count = (r: number, c: number) => {
    let n = 0;
    for (let dr = -1; dr <= 1; dr++)
      for (let dc = -1; dc <= 1; dc++)
        if ((dr || dc) && r + dr >= 0 && r + dr < rows && c + dc >= 0 && c + dc < cols && mines.has((r + dr) * cols + c + dc)) n++;
    return n;
  };
  const zero = rng.pick(['.', '0', '_', ' ']);
  const hidden = rng.pick(['#', '?', '■']);
  const partial = rng.int(2) === 0;
  const grid = range(rows).map((r) =>
    range(cols).map((c) => {
      if (partial && (r + c) % 3 === 0 && rng.int(2) === 0) return hidden;
      if (mines.has(r * cols + c)) return partial ? hidden : '*';
      const n = count(r, c);
      return n === 0 ? zero : String(n);
    }),
  );
  const spaced = rng.int(2) === 0;
  const body = grid.map((r) => r.join(spaced ? ' ' : '')).join('\n');
  return say(
    rng,
    split,
    {
      tuning: ['Which squares are safe on this minesweeper board?', 'Minesweeper, stuck at this point:', 'Is this board consistent?'],
      heldout: ['mines are *, what is my next click?', 'My minesweeper game right now:'],
    },
    body,
  );
}

function dungeonMap(rng: Rng, split: Split): string {
  const rows = 7 + rng.int(8);
  const cols = 12 + rng.int(20);
  const grid = range(rows).map((r) => range(cols).map((c) => (r === 0 || c === 0 || r === rows - 1 || c === cols - 1 ? '#' : rng.int(7) === 0 ? '#' : '.')));
  const place = (ch: string) => {
    const r = 1 + rng.int(rows - 2);
    const c = 1 + rng.int(cols - 2);
    (grid[r] as string[])[c] = ch;
  };
  place('@');
  for (const ch of rng.shuffle(['>', '<', '$', '+', 'D', 'g', 'k', 'S', 'G', 'E', '!', '%', 'T']).slice(0, 2 + rng.int(4))) place(ch);
  const body = grid.map((r) => r.join('')).join('\n');
  return say(
    rng,
    split,
    {
      tuning: ["Here's the first level of my roguelike:", 'D&D dungeon map, where should I put the treasure?', 'level 3 layout'],
      heldout: ['Map of the cave for tonight’s session:', 'Does this dungeon level look balanced? @ is the player.'],
    },
    rng.int(3) === 0 ? fence(body, 'text') : body,
  );
}

function crossword(rng: Rng, split: Split): string {
  const n = rng.pick([5, 7, 9, 11, 13, 15]);
  const black = rng.pick(['#', '█', '*']);
  const white = rng.pick(['.', '_', ' ', 'letters']);
  const letters = 'ABCDEFGHIJKLMNOPRSTUW';
  const grid = range(n).map(() => range(n).map(() => ''));
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if ((grid[r] as string[])[c] !== '') continue;
      const isBlack = rng.int(6) === 0;
      const ch = isBlack ? black : white === 'letters' ? letters[rng.int(letters.length)] : white;
      (grid[r] as string[])[c] = ch as string;
      (grid[n - 1 - r] as string[])[n - 1 - c] = isBlack ? black : white === 'letters' ? (letters[rng.int(letters.length)] as string) : white;
    }
  }
  const spaced = rng.int(2) === 0;
  const body = grid.map((r) => r.join(spaced ? ' ' : '')).join('\n');
  return say(
    rng,
    split,
    {
      tuning: ['Help me fill in this crossword. 1 across: capital of France (5)', 'My crossword grid so far:', 'Crossword layout, is it symmetric?'],
      heldout: ['mini crossword I am making for my class', 'Here is the blank grid for the puzzle page'],
    },
    body,
  );
}

const LIFE_PATTERNS: string[][] = [
  ['.O.', '..O', 'OOO'],
  ['...', 'OOO', '...'],
  ['OO', 'OO'],
  ['.OO.', 'O..O', '.OO.'],
  ['..O...', 'O.O...', '.OO...', '......'],
  ['.O..', '..O.', 'OOO.', '....'],
];

function gameOfLife(rng: Rng, split: Split): string {
  let pattern = rng.pick(LIFE_PATTERNS);
  if (rng.int(2) === 0) {
    const n = rng.pick([4, 6, 8, 9, 10]);
    pattern = range(n).map(() =>
      range(n)
        .map(() => (rng.int(3) === 0 ? 'O' : '.'))
        .join(''),
    );
  }
  const [dead, alive] = rng.pick<[string, string]>([
    ['.', 'O'],
    ['.', '#'],
    ['.', '*'],
    ['0', '1'],
    ['-', 'X'],
    ['.', 'o'],
  ]);
  const spaced = rng.int(3) === 0;
  const body = pattern.map((row) => [...row].map((ch) => (ch === 'O' ? alive : dead)).join(spaced ? ' ' : '')).join('\n');
  return say(
    rng,
    split,
    {
      tuning: ['What does this look like after 4 generations?', 'Game of Life pattern:', 'Is this an oscillator?'],
      heldout: ['conway pattern, will it die out?', 'Next generation of this please:'],
    },
    body,
  );
}

function seatingChart(rng: Rng, split: Split): string {
  const rows = 4 + rng.int(6);
  const cols = 4 + rng.int(6);
  const style = rng.int(4);
  let body: string;
  if (style === 0) {
    body = range(rows)
      .map(
        (r) =>
          `Row ${String.fromCharCode(65 + r)}: ${range(cols)
            .map((c) => c + 1)
            .join(' ')}`,
      )
      .join('\n');
  } else if (style === 1) {
    body = range(rows)
      .map(() =>
        range(cols)
          .map(() => (rng.int(3) === 0 ? 'X' : 'O'))
          .join(' '),
      )
      .join('\n');
  } else if (style === 2) {
    const names = ['Ann', 'Bob', 'Cy', 'Dee', 'Eve', 'Fay', 'Gus', 'Hal', 'Ivy', 'Jo'];
    body = range(rows)
      .map(() =>
        range(Math.min(cols, 5))
          .map(() => rng.pick(names))
          .join(' | '),
      )
      .join('\n');
  } else {
    body = range(rows)
      .map((r) =>
        range(cols)
          .map((c) => String(r * cols + c + 1))
          .join(' '),
      )
      .join('\n');
  }
  return say(
    rng,
    split,
    {
      tuning: ['Seating plan for the wedding:', 'Which seats are still free? X is taken.', 'Classroom seating chart'],
      heldout: ['Theatre seats booked so far:', 'Here is where everyone sits at the gala'],
    },
    body,
  );
}

function numberList(rng: Rng, split: Split): string {
  const style = rng.int(6);
  let body: string;
  if (style === 0)
    body = range(4 + rng.int(6))
      .map(() => `555-${String(1000 + rng.int(9000))}`)
      .join('\n');
  else if (style === 1)
    body = range(3 + rng.int(6))
      .map(() => digits(rng, 6, 1, 49).join(' '))
      .join('\n');
  else if (style === 2)
    body = range(rng.pick([4, 6, 9]))
      .map(() => digits(rng, rng.pick([4, 6, 9]), 0, 9).join(''))
      .join('\n');
  else if (style === 3) body = JSON.stringify(range(rng.pick([4, 6, 9])).map(() => digits(rng, rng.pick([4, 5, 6, 9]), 0, 9).join('')));
  else if (style === 4)
    body = range(5 + rng.int(5))
      .map((i) => `${i + 1}. ${digits(rng, 1, 10, 999).join('')}`)
      .join('\n');
  else body = digits(rng, rng.pick([16, 36, 81]), 0, 9).join('');
  return say(
    rng,
    split,
    {
      tuning: ['Order numbers from last week:', 'Lottery draws this month', 'My PIN list (fake ones, for testing):', 'Can you sort these?', 'ids = {grid}'],
      heldout: ['Tracking numbers for my parcels:', 'Which of these numbers is prime?', 'Phone list for the team'],
    },
    body,
  );
}

function matrix(rng: Rng, split: Split): string {
  const n = rng.pick([2, 3, 4, 4, 5, 6, 9]);
  const kind = rng.int(4);
  const rows = range(n).map((r) =>
    range(n).map((c) => {
      if (kind === 0) return r === c ? 1 : 0;
      if (kind === 1) return rng.int(2);
      if (kind === 2) return rng.int(10) - (rng.int(4) === 0 ? 5 : 0);
      return rng.int(3) === 0 ? rng.int(n) + 1 : 0;
    }),
  );
  const style = rng.int(4);
  const body =
    style === 0
      ? rows.map((r) => r.join(' ')).join('\n')
      : style === 1
        ? JSON.stringify(rows)
        : style === 2
          ? fence(`A = np.array(${JSON.stringify(rows)})`, 'python')
          : `\\begin{bmatrix} ${rows.map((r) => r.join(' & ')).join(' \\\\ ')} \\end{bmatrix}`;
  return say(
    rng,
    split,
    {
      tuning: ["What's the determinant of this matrix?", 'Invert this:', 'Adjacency matrix of my graph:', 'Is this matrix symmetric?'],
      heldout: ['Compute the rank.', 'Eigenvalues of the following?', 'Multiply this by its transpose'],
    },
    body,
    true, // a bare sparse grid of small digits is written the way a Sudoku is: the words say it is a matrix
  );
}

function calendar(rng: Rng, split: Split): string {
  const start = rng.int(7);
  const days = rng.pick([28, 30, 31]);
  const cells = [...range(start).map(() => '  '), ...range(days).map((d) => String(d + 1).padStart(2))];
  const weeks: string[] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7).join(' '));
  const body = `Mo Tu We Th Fr Sa Su\n${weeks.join('\n')}`;
  return say(rng, split, { tuning: ['My calendar for March:', 'Which days are weekends here?'], heldout: ['cal output:', 'Shift schedule month view'] }, body);
}

function asciiArt(rng: Rng, split: Split): string {
  const ink = rng.pick(['#', '█', '*', '@']);
  const letters: Record<string, string[]> = {
    H: ['X   X', 'X   X', 'XXXXX', 'X   X', 'X   X'],
    I: ['XXXXX', '  X  ', '  X  ', '  X  ', 'XXXXX'],
    O: [' XXX ', 'X   X', 'X   X', 'X   X', ' XXX '],
    L: ['X    ', 'X    ', 'X    ', 'X    ', 'XXXXX'],
  };
  const word = rng.pick(['HI', 'HOLL', 'OIL', 'HI', 'LOL']);
  const rows = range(5).map((r) => [...word].map((ch) => (letters[ch] as string[])[r]).join('  '));
  const body = rows.map((r) => r.replace(/X/g, ink)).join('\n');
  const boxed = rng.int(3) === 0 ? `+${'-'.repeat(12)}+\n|  hello!    |\n+${'-'.repeat(12)}+` : body;
  return say(
    rng,
    split,
    {
      tuning: ['Banner for my README:', 'ASCII art I made', 'Make this banner bigger:'],
      heldout: ['Logo for the terminal app:', 'figlet output, can you center it?'],
    },
    boxed,
  );
}

function boardGame(rng: Rng, split: Split): string {
  const kind = rng.int(4);
  let body: string;
  if (kind === 0)
    body = range(3)
      .map(() =>
        range(3)
          .map(() => rng.pick(['X', 'O', '.']))
          .join(' '),
      )
      .join('\n');
  else if (kind === 1)
    body = [
      'r n b q k b n r',
      'p p p p . p p p',
      '. . . . . . . .',
      '. . . . p . . .',
      '. . . . P . . .',
      '. . . . . . . .',
      'P P P P . P P P',
      'R N B Q K B N R',
    ].join('\n');
  else if (kind === 2)
    body = range(6)
      .map((r) =>
        range(7)
          .map(() => (r < 3 ? '.' : rng.pick(['.', 'X', 'O'])))
          .join(' '),
      )
      .join('\n');
  else
    body = range(9)
      .map(() =>
        range(9)
          .map(() => rng.pick(['.', '.', '.', 'X', 'O']))
          .join(' '),
      )
      .join('\n');
  return say(
    rng,
    split,
    {
      tuning: ["What's my best move?", 'Tic-tac-toe, whose turn?', 'Position after 1. e4 e5'],
      heldout: ['Go board, who is ahead?', 'connect four game state:'],
    },
    body,
  );
}

function codeArray(rng: Rng, split: Split): string {
  const kind = rng.int(4);
  let body: string;
  if (kind === 0) body = fence(`kernel = [[1, 2, 1], [2, 4, 2], [1, 2, 1]]\nout = convolve(img, kernel)`, 'python');
  else if (kind === 1) {
    const n = rng.pick([4, 5, 6]);
    body = fence(
      `const adj = [\n${range(n)
        .map(() => `  [${digits(rng, n, 0, 1).join(', ')}],`)
        .join('\n')}\n];\nconsole.log(bfs(adj, 0));`,
      'js',
    );
  } else if (kind === 2) body = fence(`level = [\n  "##########",\n  "#..@.....#",\n  "#..$..>..#",\n  "##########",\n]`, 'python');
  else
    body = fence(
      `dp = [[0] * (n + 1) for _ in range(m + 1)]\nfor i in range(1, m + 1):\n    for j in range(1, n + 1):\n        dp[i][j] = dp[i-1][j] + dp[i][j-1]`,
      'python',
    );
  return say(
    rng,
    split,
    {
      tuning: ['Why does this crash?', 'Code review please:', 'This runs slowly, any idea?'],
      heldout: ['Refactor this for me:', 'What does this snippet print?'],
    },
    body,
  );
}

function dataTable(rng: Rng, split: Split): string {
  const cols = rng.pick([3, 4, 5]);
  const header = ['Name', 'Q1', 'Q2', 'Q3', 'Q4'].slice(0, cols);
  const names = ['North', 'South', 'East', 'West', 'Online', 'Retail'];
  const rows = range(3 + rng.int(4)).map((i) => [names[i % names.length] as string, ...digits(rng, cols - 1, 1, 9).map(String)]);
  return say(
    rng,
    split,
    { tuning: ['Sales by region (in millions):', 'Which quarter was best?'], heldout: ['Ratings table from the survey:', 'sum each row please'] },
    markdown([header, ...rows]),
  );
}

function bitmap(rng: Rng, split: Split): string {
  const n = rng.pick([4, 6, 8, 9]);
  const rows = range(n).map(() => digits(rng, n, 0, 1));
  const spaced = rng.int(2) === 0;
  const body = rows.map((r) => r.join(spaced ? ' ' : '')).join('\n');
  return say(
    rng,
    split,
    {
      tuning: ['Here is my 1-bit icon:', 'Bitmap of the letter, can you flip it?', 'pixel mask:'],
      heldout: ['monochrome sprite data', 'Rotate this image 90 degrees:'],
    },
    body,
  );
}

const MAKERS: Record<LookalikeFamily, (rng: Rng, split: Split) => string> = {
  'multiplication-table': multiplicationTable,
  csv,
  minesweeper,
  'dungeon-map': dungeonMap,
  crossword,
  'game-of-life': gameOfLife,
  'seating-chart': seatingChart,
  'number-list': numberList,
  matrix,
  calendar,
  'ascii-art': asciiArt,
  'board-game': boardGame,
  'code-array': codeArray,
  'data-table': dataTable,
  bitmap,
};

export function makeLookalike(family: LookalikeFamily, rng: Rng, split: Split): string {
  return MAKERS[family](rng, split);
}
