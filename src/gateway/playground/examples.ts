/**
 * The playground's examples (served as `/playground/examples.json`): each offered task's own
 * `examples` (see `TaskDefinition.examples`), in registry order, tagged with the task's name.
 * The gateway keeps no copy of them: a task that brings examples shows them.
 *
 * @example
 * playgroundExamples(listTasks()).map((e) => `${e.task}: ${e.title}`);
 */
import type { AnyTaskDefinition } from '../../tasks/index.js';

export interface PlaygroundExample {
  id: string;
  /** The task's name (registry). */
  task: string;
  title: string;
  /** The puzzle as a user would paste it. */
  input: string;
}

/** The examples of `tasks`, in their order. */
export function playgroundExamples(tasks: readonly AnyTaskDefinition[]): PlaygroundExample[] {
  return tasks.flatMap((t) => (t.examples ?? []).map((e) => ({ id: e.id, task: t.name, title: e.title, input: e.input })));
}
