/**
 * The CSV import's file level: the text encodings it reads and the problems that refuse a whole file, as data the
 * UI words in the viewer's language (`POST /api/workspaces/:id/districts/import`, docs/API.md "Import").
 */
import { z } from 'zod/mini';

/**
 * Encodings the import reads, detected from the bytes (never from a declared charset): `utf-8-bom` / `utf-16le` /
 * `utf-16be` by their byte-order mark; `utf-8` when the bytes are valid UTF-8; otherwise `windows-1252` (what
 * spreadsheet programs write as "CSV" in Spanish, Portuguese and French locales — a superset of ISO-8859-1).
 */
export const IMPORT_ENCODINGS = ['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number];

/** Separators of a CSV file the import detects on its header line. */
export const IMPORT_DELIMITERS = [',', ';', '\t'] as const;
export type ImportDelimiter = (typeof IMPORT_DELIMITERS)[number];

const count = z.number().check(z.int(), z.gte(0));

/**
 * `details` of an import refused as a whole (HTTP 400 `invalid`, or 413 `payload_too_large` for `file_too_large`):
 * - `empty_file`: no bytes, or nothing but a byte-order mark and blank lines;
 * - `binary_file`: not text (NUL bytes or other control characters), e.g. an image, a PDF or UTF-16 without a BOM;
 * - `spreadsheet_file`: a spreadsheet workbook (.xlsx/.ods zip, or legacy .xls) instead of CSV;
 * - `file_too_large`: more than `maxBytes` bytes;
 * - `too_many_rows`: `rows` records, more than `maxRows`;
 * - `missing_columns`: the header line (`header`, its first cells as read, each cut to 60 characters; `line`, 1, or 2
 *   after Excel's `sep=` line) lacks the required columns `missing` (column ids: `name`, `country`), with the
 *   `delimiter` and `encoding` it was read with — so a wrong separator or encoding shows;
 * - `unclosed_quote`: a quoted cell opened on `line` is never closed, so the rest of the file would be read as one
 *   cell (rows swallowed);
 * - `malformed_quote`: a quoted cell opened on `line` is closed and followed by other text (`"a" b`; a quote inside a
 *   quoted cell must be doubled), which makes the rows after it unreliable.
 *
 * The client parses it with {@link importFileErrorOf} (anything else is shown as a plain error).
 */
export const importFileErrorDetailsSchema = z.discriminatedUnion('reason', [
  z.object({ reason: z.literal('empty_file') }),
  z.object({ reason: z.literal('binary_file') }),
  z.object({ reason: z.literal('spreadsheet_file') }),
  z.object({ reason: z.literal('file_too_large'), maxBytes: count }),
  z.object({ reason: z.literal('too_many_rows'), rows: count, maxRows: count }),
  z.object({
    reason: z.literal('missing_columns'),
    missing: z.array(z.string()),
    header: z.array(z.string()),
    line: count,
    delimiter: z.enum(IMPORT_DELIMITERS),
    encoding: z.enum(IMPORT_ENCODINGS),
  }),
  z.object({ reason: z.literal('unclosed_quote'), line: count }),
  z.object({ reason: z.literal('malformed_quote'), line: count }),
]);
export type ImportFileErrorDetails = z.infer<typeof importFileErrorDetailsSchema>;
/** Why a whole import file was refused. */
export type ImportFileProblem = ImportFileErrorDetails['reason'];

/** The file-level import problem of an error's `details`, or null when it carries none (or another shape). */
export function importFileErrorOf(details: unknown): ImportFileErrorDetails | null {
  const parsed = importFileErrorDetailsSchema.safeParse(details);
  return parsed.success ? parsed.data : null;
}
