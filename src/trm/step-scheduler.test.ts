import { describe, expect, it } from 'vitest';
import { StepScheduler } from './step-scheduler.js';

/** A clock that advances only when a step says so: every step "takes" 10 ms. */
function fakeClock(): { now: () => number; tick: () => void } {
  let t = 0;
  return { now: () => t, tick: () => void (t += 10) };
}

describe('StepScheduler', () => {
  it('runs one step at a time', async () => {
    const scheduler = new StepScheduler();
    let running = 0;
    let most = 0;
    const step = async (): Promise<void> => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 1));
      running -= 1;
    };
    await Promise.all(Array.from({ length: 6 }, (_, i) => scheduler.run({ i }, 1, step)));
    expect(most).toBe(1);
    expect(scheduler.stats.steps).toBe(6);
  });

  it('gives an owner serving more requests proportionally more turns: weight 8 against weight 1, 8 turns to 1', async () => {
    const clock = fakeClock();
    const scheduler = new StepScheduler({ now: clock.now });
    const order: string[] = [];
    const loop = async (name: string, weight: number, steps: number): Promise<void> => {
      const owner = { name };
      for (let i = 0; i < steps; i++) {
        await scheduler.run(owner, weight, () => {
          order.push(name);
          clock.tick();
          return Promise.resolve();
        });
      }
    };
    await Promise.all([loop('heavy', 1, 40), loop('many', 8, 40)]);
    const first = order.slice(0, 36);
    expect(first.filter((n) => n === 'many').length).toBeGreaterThanOrEqual(30);
    expect(first.filter((n) => n === 'heavy').length).toBeGreaterThanOrEqual(3);
    expect(order.length).toBe(80);
  });

  it('without contention an owner is never held back by its past', async () => {
    const clock = fakeClock();
    const scheduler = new StepScheduler({ now: clock.now });
    const owner = {};
    for (let i = 0; i < 5; i++) await scheduler.run(owner, 1, () => Promise.resolve(clock.tick()));
    expect(scheduler.stats).toEqual({ steps: 5, waited: 0 });
  });
});
