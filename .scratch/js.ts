import { z } from 'zod';
import { sudoku } from '../src/tasks/sudoku/index.js';
import { maze } from '../src/tasks/maze/index.js';
import { arc } from '../src/tasks/arc/index.js';
for (const c of [sudoku, maze, arc]) { try { console.log(c.task, JSON.stringify(z.toJSONSchema(c.puzzleSchema as z.ZodType)).slice(0, 600)); } catch (e) { console.log(c.task, 'ERR', (e as Error).message); } }
