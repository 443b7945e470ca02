/**
 * The tasks the gateway offers: every built-in task and the learned task of each installed
 * model, in registry order. Listing the models registers their learned tasks (see
 * `scanModels`), so a model installed while the gateway runs shows up here, in the playground
 * and on `/v1/models` once the model list is read again.
 *
 * @example
 * offeredTasks(await deps.service.models()).map((t) => t.name); // ['sudoku', 'maze', 'arc', 'recolour-tiny']
 */
import { listTasks } from '../tasks/index.js';
import type { AnyTaskDefinition } from '../tasks/index.js';
import type { ModelEntry } from '../trm/index.js';

export function offeredTasks(models: readonly Pick<ModelEntry, 'manifest'>[]): AnyTaskDefinition[] {
  const installed = new Set(models.map((m) => m.manifest.task));
  return listTasks().filter((t) => t.origin === 'builtin' || installed.has(t.name));
}
