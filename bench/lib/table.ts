/** Plain-text table and `RESULT <name> <value>` lines, the format every benchmark prints. */

export type Cell = string | number;

export function printTable(
  headers: string[],
  rows: Cell[][],
  out: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): void {
  const text = rows.map((row) => row.map((cell) => String(cell)));
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  out(line(headers));
  out(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of text) out(line(row));
}

/** Prints `RESULT <name> <value>` (machine-readable; one metric per line). */
export function printResult(name: string, value: number): void {
  process.stdout.write(`RESULT ${name} ${Number.isFinite(value) ? String(value) : 'NaN'}\n`);
}
