/**
 * The prose around generated grids: what people write before and after a puzzle they paste.
 * Two disjoint sets: `tuning` (the cases the detection was tuned on) and `heldout` (only for
 * the held-out cases, never seen while tuning). `{n}` is the Sudoku size, `{start}`/`{goal}`
 * the maze's letters, `{task}` the learned task's name.
 */
import type { Split } from './cases.js';

export interface ProseSet {
  intro: string[];
  outro: string[];
  /** Sentences a grid sits between, in the middle of a message. */
  middle: [string, string][];
}

type Kind = 'sudoku' | 'maze' | 'arc' | 'learned' | 'several';

const TUNING: Record<Kind, ProseSet> = {
  sudoku: {
    intro: [
      'Can you solve this sudoku?',
      'Quick {n}x{n} one for my kid:',
      'Stuck on this one, any help?',
      'Please solve:',
      "Here's today's puzzle:",
      "My daughter brought this home from school and she's stuck:",
      'sudoku',
      'Solve this please',
      'This is from the newspaper this morning.',
      'Help me fill in the blanks:',
      'hard one today',
      'Here is the grid:',
      'ok try this one',
      'Puzzle #12:',
      'What is the solution to this?',
      '{n}x{n}:',
    ],
    outro: [
      'Thanks!',
      "What's the answer?",
      'Also, how long should this take a beginner?',
      "I've been at it for an hour.",
      'thx',
      'Is there only one solution?',
    ],
    middle: [
      ['I was doing puzzles on the train and got stuck on', 'I think the top left corner is the hard part.'],
      ['My friend sent me', 'and said it is impossible. Is it?'],
      ['Solve', 'and show the grid.'],
      ['The puzzle is', 'thanks in advance.'],
      ['Here it is:', 'Let me know if you need anything else.'],
    ],
  },
  maze: {
    intro: [
      'Find the shortest path from {start} to {goal}:',
      'Solve this maze',
      'How do I get from start to finish here?',
      'Here is a maze:',
      'Can you route through this?',
      'maze:',
      'Path from {start} to {goal} please',
      'Help my robot get out of this maze.',
      'What is the shortest route?',
      'Shortest path please.',
    ],
    outro: ['Thanks!', 'How many steps is it?', 'Mark the path with o.', 'Is there more than one shortest path?'],
    middle: [
      ['My kid drew a maze:', 'Can you find the way out?'],
      ['Find the path in', 'and tell me the length.'],
      ['Here is the maze', 'where {start} is the start and {goal} is the goal.'],
    ],
  },
  arc: {
    intro: [
      'Solve this ARC task:',
      "What's the output for the test input?",
      'Here is an ARC-AGI puzzle:',
      'Predict the test output:',
      'Can you figure out the rule and solve it?',
      'ARC task below.',
      'Solve:',
    ],
    outro: ['Thanks!', 'Explain the rule too.', 'What is the transformation?'],
    middle: [
      ['I am stuck on this ARC task', 'what does the test output look like?'],
      ['Here is the task', 'please solve it.'],
    ],
  },
  learned: {
    intro: ['Run {task} on this grid:', '{task} please:', 'Apply {task} to:', 'Solve this {task} grid', '{task}:', 'Can you do {task} for this input?'],
    outro: ['Thanks!', 'What comes out?', ''],
    middle: [
      ['Use {task} on', 'and show me the output.'],
      ['Here is a {task} input:', 'thanks.'],
    ],
  },
  several: {
    intro: ['Two puzzles for you.', 'Solve all of these:', 'A few puzzles from my book:', 'Here are my puzzles for today.'],
    outro: ['Thanks!', 'Which one is hardest?'],
    middle: [],
  },
};

const HELDOUT: Record<Kind, ProseSet> = {
  sudoku: {
    intro: [
      "Got this from a puzzle book, can't crack it:",
      'My grandma wants the answer to this one',
      'Solve the following sudoku.',
      'anyone? been staring at this for ages',
      '{n}x{n} sudoku, blanks are empty cells:',
      'Could you finish this grid for me?',
      "Here's one from the app I'm using:",
      'need the solution pls',
      'Tried everything on this one.',
      'Below is a puzzle I found.',
      'Work this out for me:',
      'Here you go:',
      'My son and I are stuck on this {n}x{n}:',
      'Daily puzzle:',
    ],
    outro: ['Cheers.', 'Does it have a unique solution?', 'No rush.', 'Can you also explain the first step?', 'ty!'],
    middle: [
      ['On my flight I tried', 'but gave up halfway.'],
      ['Please complete', 'and check that every box is right.'],
      ['This one', 'has me beat.'],
    ],
  },
  maze: {
    intro: [
      'My son drew this labyrinth, can you solve it?',
      'Route me through this one:',
      'Which way out?',
      'Shortest route from {start} to {goal}?',
      'A little maze for you:',
      'Navigate this grid from {start} to {goal}.',
      'find a path',
    ],
    outro: ['Cheers.', 'Draw the route please.', 'How long is the shortest path?'],
    middle: [
      ['Here is the labyrinth from the game:', 'can you find the shortest way?'],
      ['Trace a path through', 'from {start} to {goal}.'],
    ],
  },
  arc: {
    intro: [
      'From the ARC eval set:',
      'Abstraction and reasoning puzzle below.',
      'Figure out the transformation and apply it to the test grid:',
      'What should the test output be?',
      'ARC-AGI task',
    ],
    outro: ['Cheers.', 'And describe the rule in one sentence.'],
    middle: [['Could you solve the ARC task', 'for me?']],
  },
  learned: {
    intro: ['Use the {task} model on the following:', 'Here is a {task} input, what is the output?', 'Please run {task}:', '{task} this one'],
    outro: ['Cheers.', ''],
    middle: [['Run the {task} task on', 'please.']],
  },
  several: {
    intro: ['A couple of puzzles:', 'Solve both, please.', 'Here are today’s puzzles.'],
    outro: ['Cheers.'],
    middle: [],
  },
};

export function proseFor(split: Split, kind: Kind): ProseSet {
  return (split === 'tuning' ? TUNING : HELDOUT)[kind];
}

export function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}
