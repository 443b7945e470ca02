/**
 * What the words around a grid say: whether the request names a task ("sudoku", "maze",
 * "ARC"), whether it talks about something grid-shaped that is not a puzzle (a matrix, a
 * table, CSV, code, ASCII art), and whether the prose outside the grids asks for anything
 * beyond solving them (which makes a text part for the LLM).
 */
import { findTask, listTasks } from '../tasks/registry.js';

/** Words that say "solve a puzzle" without naming the task. */
const PUZZLE_WORDS = /\b(?:puzzles?|solve|solving|solution|fill in|find the path)\b/i;

/**
 * Words of grid-shaped things that are not puzzles. A task mention outweighs them ("my sudoku
 * solver has a bug with this grid" is still a sudoku).
 */
const NOT_A_PUZZLE =
  /\b(?:matrix|matrices|determinant|eigen\w*|transpose|inverse|invert|rank of|dot product|multiply|multiplication table|identity|csv|tsv|spreadsheet|excel|table|tables|columns?|dataframe|pandas|numpy|np\.array|revenue|sales|quarterly|budget|invoice|average|median|sum of|totals?|scores?|ascii art|banner|logo|drawing|draw|emoji|heatmap|pixels?|bitmap|image|histogram|chart|plot|bingo|lottery|phone|zip codes?|postcodes?|serial|isbn|barcode|checksum|timestamps?|dates?|temperatures?|coordinates|seating|calendar|schedule|timetable|hex ?dump|byte|bytes|binary|bits|adjacency|graph|distance|weights?|kernel|convolution|filter|tensor|vectors?|board game|dungeons?|roguelike|rogue-like|spawn|game levels?|level layout|tile ?maps?|tilesets?|dnd|d&d|floor ?plans?|tic[- ]tac[- ]toe|chess|connect four|minesweeper|crossword|wordle|kakuro|nonogram|game of life|cellular automat\w*|regex|function|class|def|return|import|const|println|printf|console\.log|compile|syntax|stack trace|traceback|exception|bug|unit test|id|ids|identifier|tracking|order number|account|delivery|shipment|parcel|reference number|ticket|pin codes?|passwords?)\b/i;

/** A negation and the one or two words after it: "not a sudoku", "this isn't a maze", "no puzzle here". */
const NEGATION = /\b(?:not|isn't|isnt|is not|no|never)\s+(?:an?\s+|the\s+)?([\w-]+(?:\s+[\w-]+)?)/gi;

/** Whether the request says the content is not a puzzle ("not a sudoku, just a matrix"): a negation before "puzzle" or a word that names a task. */
export function deniesPuzzle(text: string): boolean {
  for (const m of text.matchAll(NEGATION)) {
    const words = m[1] ?? '';
    const first = words.split(/\s+/)[0] ?? '';
    if (/^puzzles?$/i.test(first)) return true;
    if (listTasks().some((t) => t.routing.mentions.test(first) || t.routing.mentions.test(words))) return true;
  }
  return false;
}

/** Whether the request names `task` (a registered task's mention words). */
export function mentionsTask(text: string, task: string): boolean {
  return findTask(task)?.routing.mentions.test(text) ?? false;
}

/** Whether `word` names a registered task ("sudoku", "mazes", "arc"). */
function namesTask(word: string): boolean {
  return listTasks().some((t) => t.name === word || t.routing.mentions.test(word));
}

export function mentionsPuzzle(text: string): boolean {
  return PUZZLE_WORDS.test(text);
}

/** The first word that marks grid-shaped content as something other than a puzzle, if any (a word that names a registered task, such as a learned "nonogram" task, is no such cue). */
export function notAPuzzleCue(text: string): string | undefined {
  for (const m of text.matchAll(new RegExp(NOT_A_PUZZLE.source, 'gi'))) {
    if (!namesTask(m[0].toLowerCase())) return m[0];
  }
  return undefined;
}

/** Words that only ask to solve the puzzle(s) (or are filler), in lower case. */
const SOLVE_ONLY = new Set(
  (
    "a an the this that these those it its it's is are was be here here's there is below above following attached " +
    "please pls plz thanks thank thx you u can could would will you'd kindly help me us i i'm i've we my our your for of on " +
    "with and or to from in at by into as just quickly now today today's daily one another next new again also " +
    'solve solved solving solution solutions answer answers complete completed fill filled finish find found get give show ' +
    'return print output display write compute work out figure need want like try ' +
    'puzzle puzzles grid grids board task tasks problem problems challenge ' +
    'path route way shortest short shortest-path start starting begin goal end exit entrance s g cell cells ' +
    'hard easy tricky tough difficult evil expert medium beginner fiendish diabolical extreme classic 9x9 4x4 6x6 ' +
    'test input inputs example examples pair pairs predict prediction predicted rule transformation ' +
    "let's lets go ok okay hi hello hey dear sir madam " +
    "what what's do does done am stuck should take"
  ).split(/\s+/),
);

/** A cue that a sentence asks for something (an explanation, a fact, an opinion). */
const REQUEST_CUE =
  /\?|\b(?:why|how|what|who|whom|whose|when|where|which|explain|explaining|describe|tell|teach|compare|translate|summari[sz]e|list|rate|rank|estimate|hint|hints|tips?|strateg\w*|techniques?|history|histories|invent\w*|origin|rules?|meaning|difference|recommend|suggest|advice|opinion|story|poem|essay|email|joke|define|definition|count|verify|check|prove|walk me|step by step|steps|write|compose|create|draw|generate|design|calculate|convert|name|guess|also)\b/i;

/** Sentences of `text` (split at . ! ? and line breaks). */
export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** True when a sentence asks only to solve the puzzle, or is filler. */
export function isSolveOnly(sentence: string): boolean {
  const words = sentence
    .toLowerCase()
    .replace(/[`*_~#>()[\]{}"“”,;:!.?]/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '' && !/^\d+$/.test(w) && !/^[|+=\-/\\]+$/.test(w));
  return words.every((w) => SOLVE_ONLY.has(w) || namesTask(w));
}

/**
 * The sentences of the prose around the grids that ask for something beyond solving them;
 * empty when the prose only asks to solve (then no LLM is needed).
 *
 * @example
 * requestSentences('Solve this sudoku please.');                       // []
 * requestSentences('Solve it, then explain the hardest step.');        // ['Solve it, then explain the hardest step.']
 */
export function requestSentences(prose: string): string[] {
  return sentencesOf(prose).filter((s) => !isSolveOnly(s) && REQUEST_CUE.test(s));
}
