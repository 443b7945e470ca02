/**
 * Markdown (pipe) tables in text: a header line, a delimiter line (`|---|:-:|`) and body lines,
 * each split into trimmed cells. Shared by the tasks whose grids people paste as tables; each
 * task decides what the cells mean (and whether the header line is a row of the grid). Never
 * throws.
 *
 * @example
 * findMarkdownTables('| | |\n|---|---|\n| 1 | . |\n| . | 2 |')[0]?.body; // [['1', '.'], ['.', '2']]
 */

export interface MarkdownTable {
  /** Span of the whole table (header to last body line). */
  start: number;
  end: number;
  /** The header line's cells. */
  header: string[];
  /** The body lines' cells, one array per line. */
  body: string[][];
}

const DELIMITER = /^\s*\|?\s*:?-{1,}:?\s*(?:\|\s*:?-{1,}:?\s*)*\|?\s*$/;

/** The cells of a table line, or undefined when the line is not one (no pipe). */
export function tableCells(line: string): string[] | undefined {
  const trimmed = line.trim();
  if (!trimmed.includes('|')) return undefined;
  const inner = trimmed.replace(/^\|/, '').replace(/\|$/, '');
  return inner.split('|').map((cell) => cell.trim());
}

/**
 * Every markdown table in `text`, in text order. A table needs a header line, a delimiter line
 * with as many columns, and at least one body line.
 */
export function findMarkdownTables(text: string): MarkdownTable[] {
  const lines: { text: string; start: number }[] = [];
  let offset = 0;
  for (const raw of text.split('\n')) {
    lines.push({ text: raw.replace(/\r$/, ''), start: offset });
    offset += raw.length + 1;
  }
  const tables: MarkdownTable[] = [];
  for (let i = 0; i + 2 < lines.length; i++) {
    const head = lines[i] as { text: string; start: number };
    const delimiter = lines[i + 1] as { text: string; start: number };
    const header = tableCells(head.text);
    if (header === undefined || !DELIMITER.test(delimiter.text) || !delimiter.text.includes('-')) continue;
    const columns = tableCells(delimiter.text)?.length ?? 0;
    if (columns !== header.length) continue;
    const body: string[][] = [];
    let j = i + 2;
    for (; j < lines.length; j++) {
      const cells = tableCells((lines[j] as { text: string }).text);
      if (cells === undefined) break;
      body.push(cells);
    }
    if (body.length === 0) continue;
    const last = lines[j - 1] as { text: string; start: number };
    const lead = head.text.length - head.text.trimStart().length;
    tables.push({ start: head.start + lead, end: last.start + last.text.trimEnd().length, header, body });
    i = j - 1;
  }
  return tables;
}
