/** Prints benchmark rows as an aligned text table (the only output format of `npm run bench`). */
export interface BenchRow {
  benchmark: string;
  items: number;
  perSecond: number;
  meanMs: number;
  p95Ms: number;
  note: string;
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

export function printTable(rows: BenchRow[]): string {
  const header = ['benchmark', 'items', 'items/s', 'mean ms', 'p95 ms', 'note'];
  const body = rows.map((r) => [r.benchmark, String(r.items), r.perSecond.toFixed(0), r.meanMs.toFixed(3), r.p95Ms.toFixed(3), r.note]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)].join('\n');
}
