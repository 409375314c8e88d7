/**
 * CSV import of district profiles into a workspace (admins): dry run (default) or real; upsert by (name,
 * country) — name compared case- and accent-insensitively; each row is one atomic document write (a new
 * district inserted whole, or one conditioned `findOneAndUpdate` of the changed fields: never half a row); with
 * `allOrNothing` nothing is written when any row is rejected. Re-running the same file changes nothing
 * (rows equal to the stored profile are `unchanged`), so an import killed midway is completed by running it again.
 *
 * The file arrives as bytes: its encoding is detected (csvFile.ts) and named in the report, with a sample of its
 * accented text for the admin to check. A file refused as a whole (empty, binary, a workbook, a broken quote, too
 * many rows, no name/country columns) throws an `AppError` whose `details` (`ImportFileErrorDetails`) the client
 * words.
 *
 * A blank cell means "no value" (what an export edited in a spreadsheet and imported again must mean for the round
 * trip to be lossless), so a blank cell under a column of the file clears a stored value. That is made visible, not
 * changed: the report lists each updated row's changed fields and the ones it clears, and totals per field.
 */
import mongoose, { type Types } from 'mongoose';
import type {
  DistrictProfileFields,
  ImportFieldChanges,
  ImportRejectedRow,
  ImportReportDto,
  ImportUpdatedRow,
  ProfileField,
} from '@polos/shared';
import { MAX_IMPORT_LISTED_UPDATES, MAX_IMPORT_ROWS, PROFILE_FIELDS } from '@polos/shared';
import { District, type DistrictDoc } from './district.model';
import { newDistrictDocument, insertDistrictDocuments, updateProfile } from './profile.service';
import { foldText, pickFields, profileOf, sameValue } from './profileFields';
import { decodeCsvFile, importFileError } from './csvFile';
import { readCountry } from './csvValues';
import {
  columnsMissingForNewRows,
  extraCellsOf,
  parseProfilesCsv,
  readRow,
  type ParsedCsv,
} from './profileCsv';
import { englishReason } from './importReasons';

export interface ImportOptions {
  workspaceId: Types.ObjectId;
  by: Types.ObjectId;
  dryRun: boolean;
  allOrNothing: boolean;
}

export interface ImportOutcome {
  report: ImportReportDto;
  /** Districts written (created or updated), for the live facts. */
  changed: DistrictDoc[];
}

type Plan =
  | { kind: 'create'; line: number; fields: DistrictProfileFields }
  | {
      kind: 'update';
      line: number;
      doc: DistrictDoc;
      changes: Partial<DistrictProfileFields>;
      name: string;
      country: string;
    }
  | { kind: 'unchanged'; line: number };

const NON_ASCII = /[^\x20-\x7E\t\r\n]/;

/** An empty value of a profile field: `null` (scalars, members, coordinates, summary) or `[]` (lists). */
const isEmptyValue = (v: unknown): boolean =>
  v === null || v === undefined || (Array.isArray(v) && v.length === 0);

/**
 * The report's view of updated rows: each row's changed fields and, of those, the cleared ones (the new value is
 * empty — a changed field's stored value then was not), the first `MAX_IMPORT_LISTED_UPDATES` listed; totals per
 * field over all of them.
 */
class UpdateList {
  readonly rows: ImportUpdatedRow[] = [];
  private readonly totals = new Map<ProfileField, { changed: number; cleared: number }>();

  add(
    line: number,
    name: string,
    country: string,
    changes: Partial<DistrictProfileFields>,
    fields: readonly string[],
  ) {
    const ordered = PROFILE_FIELDS.filter((f) => fields.includes(f));
    const cleared = ordered.filter((f) => isEmptyValue(changes[f]));
    for (const f of ordered) {
      const t = this.totals.get(f) ?? { changed: 0, cleared: 0 };
      t.changed += 1;
      if (cleared.includes(f)) t.cleared += 1;
      this.totals.set(f, t);
    }
    if (this.rows.length < MAX_IMPORT_LISTED_UPDATES)
      this.rows.push({ line, name, country, fields: ordered, cleared });
  }

  fieldChanges(): ImportFieldChanges[] {
    return PROFILE_FIELDS.flatMap((field) => {
      const t = this.totals.get(field);
      return t ? [{ field, ...t }] : [];
    });
  }
}

/**
 * A text of the file with a letter outside ASCII, as read, for the admin to check the encoding: the first such
 * name, else the first such header (Spanish headers have accents: "País"); at most 80 characters.
 */
function accentSampleOf(csv: ParsedCsv): string | null {
  const nameIdx = csv.columns.get('name');
  const fromRows =
    nameIdx === undefined
      ? undefined
      : csv.records.find((r) => NON_ASCII.test(r.cells[nameIdx] ?? ''))?.cells[nameIdx];
  const sample = fromRows ?? csv.headerCells.find((h) => NON_ASCII.test(h));
  return sample === undefined ? null : sample.trim().slice(0, 80);
}

/**
 * Imports (or, with `dryRun`, checks) a CSV file of profiles into a workspace (see the file's comment).
 * @param file the uploaded bytes (any of the encodings of `decodeCsvFile`).
 * @throws AppError 400 with `ImportFileErrorDetails` when the file is refused as a whole.
 */
export async function importProfilesCsv(file: Uint8Array, options: ImportOptions): Promise<ImportOutcome> {
  const { text, encoding } = decodeCsvFile(file);
  const csv = parseProfilesCsv(text);
  // The rows after a broken quote were read into one cell (or may have been): no row of the file can be trusted.
  if (csv.quoteProblem)
    throw importFileError({
      reason: csv.quoteProblem.problem === 'unclosed' ? 'unclosed_quote' : 'malformed_quote',
      line: csv.quoteProblem.line,
    });
  const missing = ['name', 'country'].filter((c) => !csv.columns.has(c));
  if (missing.length > 0)
    throw importFileError({
      reason: 'missing_columns',
      missing,
      header: csv.headerCells.slice(0, 12).map((h) => h.trim().slice(0, 60)),
      line: csv.headerLine,
      delimiter: csv.delimiter,
      encoding,
    });
  if (csv.records.length > MAX_IMPORT_ROWS)
    throw importFileError({ reason: 'too_many_rows', rows: csv.records.length, maxRows: MAX_IMPORT_ROWS });

  // Existing districts of the file's (name, country) keys, in one query.
  const nameIdx = csv.columns.get('name')!;
  const countryIdx = csv.columns.get('country')!;
  const keyOf = (name: string, country: string) => `${foldText(name.trim())}\u0000${country.trim()}`;
  const nameKeys = [...new Set(csv.records.map((r) => foldText((r.cells[nameIdx] ?? '').trim())))];
  const existing = await District.find({ nameKey: mongoose.trusted({ $in: nameKeys }) })
    .lean<DistrictDoc[]>()
    .exec();
  const byKey = new Map<string, DistrictDoc[]>();
  for (const d of existing) {
    const k = keyOf(d.name, d.country);
    byKey.set(k, [...(byKey.get(k) ?? []), d]);
  }

  const rejected: ImportRejectedRow[] = [];
  const plans: Plan[] = [];
  const seen = new Map<string, number>();
  for (const record of csv.records) {
    const rawName = (record.cells[nameIdx] ?? '').trim();
    // A country given by name ("México") keys the same district as its code.
    const rawCountry = readCountry((record.cells[countryIdx] ?? '').trim());
    const key = keyOf(rawName, rawCountry);
    const matches = byKey.get(key) ?? [];
    const reject = (errors: ImportRejectedRow['errors']) =>
      rejected.push({ line: record.line, name: rawName || null, country: rawCountry || null, errors });
    // More cells than columns: a value holding the separator was not quoted and the cells after it are shifted.
    const extra = extraCellsOf(csv, record.cells);
    if (extra) {
      const params = { cells: extra.cells, columns: csv.width };
      reject([
        {
          column: 'row',
          field: 'row',
          value: extra.extra.join(csv.delimiter).slice(0, 200),
          reason: englishReason('extra_cells', params, 'row') ?? '',
          code: 'extra_cells',
          params,
        },
      ]);
      continue;
    }
    if (rawName && rawCountry && seen.has(key)) {
      reject([
        {
          column: 'row',
          field: 'row',
          value: `${rawName}, ${rawCountry}`,
          reason: englishReason('duplicate_row', { line: seen.get(key)! }, 'row') ?? '',
          code: 'duplicate_row',
          params: { line: seen.get(key)! },
        },
      ]);
      continue;
    }
    if (rawName && rawCountry) seen.set(key, record.line);
    if (matches.length > 1) {
      reject([
        {
          column: 'row',
          field: 'row',
          value: rawName,
          reason: 'several districts have this name and country',
          code: 'ambiguous_match',
        },
      ]);
      continue;
    }
    const doc = matches[0] ?? null;
    const current = doc ? profileOf(doc) : null;
    const row = readRow(csv, record.cells, current);
    if (row.errors.length > 0) {
      reject(row.errors);
      continue;
    }
    if (!doc) {
      plans.push({ kind: 'create', line: record.line, fields: row.changes as DistrictProfileFields });
      continue;
    }
    const changed = Object.keys(row.changes).filter(
      (f) => !sameValue((current as Record<string, unknown>)[f], (row.changes as Record<string, unknown>)[f]),
    );
    const joins = !(doc.workspaceIds ?? []).some((w) => w.equals(options.workspaceId));
    if (changed.length === 0 && !joins) plans.push({ kind: 'unchanged', line: record.line });
    else
      plans.push({
        kind: 'update',
        line: record.line,
        doc,
        changes: pickFields(row.changes as DistrictProfileFields, changed as never),
        name: row.name ?? rawName,
        country: row.country ?? rawCountry,
      });
  }

  const count = (k: Plan['kind']) => plans.filter((p) => p.kind === k).length;
  const write = !options.dryRun && !(options.allOrNothing && rejected.length > 0);
  const changed: DistrictDoc[] = [];
  let updated = count('update');
  let unchanged = count('unchanged');
  const updates = new UpdateList();
  if (!write)
    for (const p of plans)
      if (p.kind === 'update') updates.add(p.line, p.name, p.country, p.changes, Object.keys(p.changes));
  if (write) {
    const creates = plans.flatMap((p) =>
      p.kind === 'create'
        ? [
            newDistrictDocument({
              fields: p.fields,
              workspaceId: options.workspaceId,
              by: options.by,
              kind: 'import',
            }),
          ]
        : [],
    );
    for (let i = 0; i < creates.length; i += 500) await insertDistrictDocuments(creates.slice(i, i + 500));
    if (creates.length > 0)
      changed.push(
        ...(await District.find({ _id: mongoose.trusted({ $in: creates.map((c) => c._id) }) })
          .lean<DistrictDoc[]>()
          .exec()),
      );
    updated = 0;
    for (const p of plans) {
      if (p.kind !== 'update') continue;
      const result = await updateProfile(p.doc._id, null, p.changes, options.by, 'import', {
        addWorkspaceId: options.workspaceId,
      });
      if (
        result.ok &&
        (result.fields.length > 0 || !(p.doc.workspaceIds ?? []).some((w) => w.equals(options.workspaceId)))
      ) {
        updated += 1;
        changed.push(result.doc);
        // What was written (the stored profile may have moved since the plan was made).
        updates.add(p.line, p.name, p.country, p.changes, result.fields);
      } else unchanged += 1;
    }
  }
  return {
    report: {
      dryRun: options.dryRun,
      allOrNothing: options.allOrNothing,
      delimiter: csv.delimiter,
      encoding,
      decimalSeparator: csv.decimalSeparator,
      accentSample: accentSampleOf(csv),
      headerLanguage: csv.headerLanguage,
      ignoredColumns: csv.ignoredColumns,
      rows: csv.records.length,
      created: count('create'),
      updated,
      unchanged,
      rejected,
      updates: updates.rows,
      fieldChanges: updates.fieldChanges(),
      missingColumns: rejected.some((r) => r.errors.some((e) => e.code === 'missing_columns'))
        ? columnsMissingForNewRows(csv)
        : [],
      written: write,
    },
    changed,
  };
}
