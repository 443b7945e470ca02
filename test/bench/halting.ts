/**
 * Halting curves of every shipped model on its own held-out data (models/<name>/heldout/*.jsonl):
 * accuracy against mean supervision steps for fixed 1..max, adaptive thresholds and the
 * verified stop, measured in one pass (the same code as `trm-router eval --curves`).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { chooseHalting, formatCurves, haltingCurves, listModels, loadModel, parseEvalData, recordSteps } from '../../src/trm/index.js';
import { REPO_ROOT } from '../support/paths.js';

function heldoutFiles(dir: string): string[] {
  try {
    return readdirSync(join(dir, 'heldout')).filter((f) => f.endsWith('.jsonl'));
  } catch {
    return [];
  }
}

export async function benchHalting(limit = 300): Promise<string> {
  const out: string[] = [];
  for (const entry of await listModels(join(REPO_ROOT, 'models'))) {
    const files = heldoutFiles(entry.dir);
    if (files.length === 0) {
      out.push(`${entry.manifest.name}: no held-out data in ${entry.dir}/heldout`);
      continue;
    }
    const model = await loadModel(entry.dir);
    for (const file of files) {
      const items = parseEvalData(readFileSync(join(entry.dir, 'heldout', file), 'utf8'), entry.manifest.task).slice(0, limit);
      const t0 = performance.now();
      const points = haltingCurves(await recordSteps(model, items));
      const seconds = (performance.now() - t0) / 1000;
      out.push(
        `${entry.manifest.name}${entry.manifest.precision === undefined ? '' : ` (${entry.manifest.precision})`} on ${file}, first ${items.length} puzzles (${seconds.toFixed(1)} s)`,
      );
      out.push(formatCurves(points, chooseHalting(points)), '');
    }
  }
  return out.length === 0 ? 'no models in models/' : out.join('\n');
}
