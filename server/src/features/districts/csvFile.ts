/**
 * The bytes of an uploaded CSV file → its text, with the encoding detected from the bytes (a declared charset is
 * ignored: spreadsheet programs and browsers do not send a true one), and the file-level refusals as `AppError`s
 * whose `details` the client words in the viewer's language (`ImportFileErrorDetails`, shared/src/profiles/importFile.ts).
 */
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import type { ImportEncoding, ImportFileErrorDetails } from '@polos/shared';
import { AppError, ErrorCode } from '../../lib/errors';

/** English sentence of each file problem (for API users; UIs word the `details`). */
function messageOf(details: ImportFileErrorDetails): string {
  switch (details.reason) {
    case 'empty_file':
      return 'The file is empty';
    case 'binary_file':
      return 'The file is not text: save it as "CSV UTF-8 (comma delimited)"';
    case 'spreadsheet_file':
      return 'The file is a spreadsheet workbook (.xlsx, .ods or .xls), not CSV: save it as "CSV UTF-8 (comma delimited)"';
    case 'file_too_large':
      return `The file is larger than ${details.maxBytes} bytes`;
    case 'too_many_rows':
      return `The file has ${details.rows} rows; at most ${details.maxRows} rows per import`;
    case 'missing_columns':
      return `The header line (line ${details.line}) lacks the column(s) ${details.missing.join(', ')} (English or Spanish headers: name/nombre, country/país)`;
    case 'unclosed_quote':
      return `Line ${details.line} opens a quoted cell (") that is never closed, so the rest of the file would be read as one cell: close or remove the quote`;
    case 'malformed_quote':
      return `Line ${details.line} has a quoted cell followed by more text ("a" b), so the rows after it cannot be read reliably: a quote inside a quoted cell must be doubled ("")`;
  }
}

/** The refusal of a whole import file: 400 `invalid` (413 `payload_too_large` for a too large file) with details. */
export function importFileError(details: ImportFileErrorDetails): AppError {
  return details.reason === 'file_too_large'
    ? new AppError(ErrorCode.payloadTooLarge, messageOf(details), { status: 413, details })
    : new AppError(ErrorCode.invalid, messageOf(details), { status: 400, details });
}

export interface DecodedCsvFile {
  text: string;
  encoding: ImportEncoding;
}

const startsWith = (bytes: Uint8Array, signature: readonly number[]): boolean =>
  bytes.length >= signature.length && signature.every((b, i) => bytes[i] === b);

/** Zip (.xlsx, .ods) and OLE2 compound files (legacy .xls). */
const WORKBOOK_SIGNATURES = [
  [0x50, 0x4b, 0x03, 0x04],
  [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
] as const;

/** C0 controls other than tab, LF and CR. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;
/** How much of the text the control-character ratio is measured on (binary files are binary from the start). */
const SNIFF_CHARS = 64 * 1024;

/**
 * Whether decoded text is binary rather than CSV: it has a NUL (images, PDFs, UTF-16/32 without a BOM all do), or
 * more than 1 % of its first 64 Ki characters are other C0 controls (a stray vertical tab or DOS end-of-file mark
 * in a real CSV file is left for the row checks).
 */
function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const head = text.slice(0, SNIFF_CHARS);
  return (head.match(CONTROLS)?.length ?? 0) > head.length / 100;
}

/**
 * Decodes an import file: UTF-8 with or without BOM; UTF-16 LE/BE with a BOM (Excel's "Unicode text");
 * otherwise, when the bytes are not valid UTF-8, Windows-1252 (Excel's "CSV" in es/pt/fr/… locales). The BOM is
 * removed. Windows-1252 is decoded with iconv-lite: Node 20's `TextDecoder('windows-1252')` decodes 0x80–0x9F as
 * C1 controls (ISO-8859-1), which would lose `€ ‘ ’ “ ” – — …`.
 *
 * @throws AppError 400 with `details` `{ reason: 'empty_file' | 'spreadsheet_file' | 'binary_file' }`.
 */
export function decodeCsvFile(bytes: Uint8Array): DecodedCsvFile {
  if (WORKBOOK_SIGNATURES.some((s) => startsWith(bytes, s)))
    throw importFileError({ reason: 'spreadsheet_file' });
  let decoded: DecodedCsvFile;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (startsWith(bytes, [0xef, 0xbb, 0xbf]))
    decoded = { text: buffer.toString('utf8', 3), encoding: 'utf-8-bom' };
  else if (startsWith(bytes, [0xff, 0xfe]))
    decoded = { text: iconv.decode(buffer, 'utf16le', { stripBOM: true }), encoding: 'utf-16le' };
  else if (startsWith(bytes, [0xfe, 0xff]))
    decoded = { text: iconv.decode(buffer, 'utf16be', { stripBOM: true }), encoding: 'utf-16be' };
  else if (isUtf8(buffer)) decoded = { text: buffer.toString('utf8'), encoding: 'utf-8' };
  else decoded = { text: iconv.decode(buffer, 'win1252'), encoding: 'windows-1252' };
  if (looksBinary(decoded.text)) throw importFileError({ reason: 'binary_file' });
  if (decoded.text.trim() === '') throw importFileError({ reason: 'empty_file' });
  return decoded;
}
