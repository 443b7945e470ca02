/** Prints benchmark rows as an aligned text table (the only output format of `npm run bench`). */
export interface BenchRow {
  benchmark: string;
  items: number;
  perSecond: number;
  meanMs: number;
  p95Ms: number;
  note: string;
  /** Items per second of this process's CPU time (`measureBest` only). */
  cpuPerSecond?: number;
}

export function measure(benchmark: string, count: number, run: (i: number) => string | void): BenchRow {
  const times: number[] = [];
  let note = '';
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    note = run(i) ?? note;
    times.push(performance.now() - t0);
  }
  const total = performance.now() - started;
  times.sort((a, b) => a - b);
  return {
    benchmark,
    items: count,
    perSecond: (count / total) * 1000,
    meanMs: total / count,
    p95Ms: times[Math.min(times.length - 1, Math.floor(times.length * 0.95))] ?? 0,
    note,
  };
}

/**
 * `measure` run `repeats` times, keeping the fastest run: on a shared machine the slower runs
 * measure the other work as much as ours. `run` sees `i` from 0 again on each repeat. The note
 * adds the rate per second of this process's CPU time, which the machine's load barely moves.
 */
export function measureBest(benchmark: string, count: number, repeats: number, run: (i: number) => string | void): BenchRow {
  let best: BenchRow | undefined;
  let bestCpu = 0;
  for (let r = 0; r < repeats; r++) {
    const cpu = process.cpuUsage();
    const row = measure(benchmark, count, run);
    const used = process.cpuUsage(cpu);
    bestCpu = Math.max(bestCpu, count / ((used.user + used.system) / 1e6));
    if (best === undefined || row.perSecond > best.perSecond) best = row;
  }
  const row = best as BenchRow;
  return { ...row, cpuPerSecond: bestCpu, note: `${row.note}${row.note === '' ? '' : '; '}best of ${repeats}, ${bestCpu.toFixed(0)}/s of CPU time` };
}

export function printTable(rows: BenchRow[]): string {
  const header = ['benchmark', 'items', 'items/s', 'mean ms', 'p95 ms', 'note'];
  const body = rows.map((r) => [r.benchmark, String(r.items), r.perSecond.toFixed(0), r.meanMs.toFixed(3), r.p95Ms.toFixed(3), r.note]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)].join('\n');
}
