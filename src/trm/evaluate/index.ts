/**
 * Evaluating TRM models: data files read through each task's `data`, accuracy and speed
 * (`evaluateModel`), ARC pass@1 and pass@2 with augmentation voting (`evaluateArc`), halting
 * curves (`recordSteps`, `haltingCurves`), and recording the figures in a model's manifest. `trm-router eval` is a thin command over this.
 */
export * from './data.js';
export * from './evaluate.js';
export * from './halting-curves.js';
export * from './arc.js';
export { writeAccuracyEntry } from './record.js';
