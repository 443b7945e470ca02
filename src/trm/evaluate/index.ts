/**
 * Evaluating TRM models: data files read through each task's `data`, accuracy and speed
 * (`evaluateModel`), halting curves (`recordSteps`, `haltingCurves`), and recording the
 * figures in a model's manifest. `trm-router eval` is a thin command over this.
 */
export * from './data.js';
export * from './evaluate.js';
export * from './halting-curves.js';
