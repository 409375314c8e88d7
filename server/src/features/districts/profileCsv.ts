/**
 * CSV of district profiles (columns: `PROFILE_CSV_COLUMNS`, shared/src/profiles/csvColumns.ts), read and written
 * with papaparse. Writing neutralises spreadsheet formulas (CSV injection, OWASP): a text cell that starts with
 * `=`, `+`, `-`, `@`, tab or CR — after any run of leading `'` — gets one more leading `'`; reading removes exactly
 * that one, so export → import is lossless. Plain numbers (`-12.5`) are not formulas and are written as they are.
 */
import Papa from 'papaparse';
import {
  districtProfileSchema,
  csvHeaderKey,
  profileFieldsShape,
  EMPTY_PROFILE,
  MEMBER_TYPES,
  PROFILE_CSV_COLUMNS,
  PROFILE_LANGUAGES,
  type DistrictProfileFields,
  type ImportDelimiter,
  type ImportFieldError,
  type ImportReasonCode,
  type ProfileField,
  type RegionGroup,
} from '@polos/shared';
import {
  ALPHA2,
  SECTOR_CODE,
  decimalSeparatorOf,
  isCountryCodeLike,
  listItems,
  namesCountry,
  namesLanguage,
  namesSector,
  readCountry,
  readKind,
  readLanguage,
  readNumber,
  readSector,
} from './csvValues';
import { englishReason, issueReason } from './importReasons';

const FORMULA = /^'*[=+\-@\t\r]/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** A cell as written to CSV: formulas neutralised. */
export function neutraliseCell(value: string): string {
  return FORMULA.test(value) && !NUMBER.test(value) ? `'${value}` : value;
}

/** A cell as read from CSV: the neutralising `'` removed. */
export function unneutraliseCell(value: string): string {
  return FORMULA.test(value) && value.startsWith("'") && !NUMBER.test(value) ? value.slice(1) : value;
}

const TEXT_LIST_FIELDS = new Set(['services', 'rdPartners', 'internationalPartners']);

function textList(items: string[]): string {
  return items.some((i) => i.includes('|')) || items[0]?.startsWith('[')
    ? JSON.stringify(items)
    : items.join(' | ');
}

/** One CSV row (column id → cell) of a profile. The contact person has no column. */
export function profileRow(p: DistrictProfileFields & { regionGroup: RegionGroup }): Record<string, string> {
  const num = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));
  const row: Record<string, string> = {
    name: p.name,
    localDesignation: p.localDesignation ?? '',
    kind: p.kind,
    country: p.country,
    regionGroup: p.regionGroup,
    region: p.region,
    regionCode: p.regionCode ?? '',
    city: p.city ?? '',
    latitude: num(p.coordinates?.lat),
    longitude: num(p.coordinates?.lng),
    foundingYear: num(p.foundingYear),
    sectors: p.sectors.join('|'),
    specialisation: p.specialisation ?? '',
    firms: num(p.members?.firms),
    smes: num(p.members?.smes),
    universitiesAndRnd: num(p.members?.universitiesAndRnd),
    publicBodies: num(p.members?.publicBodies),
    otherMembers: num(p.members?.other),
    employees: num(p.employees),
    managementFte: num(p.managementFte),
    governance: p.governance ?? '',
    services: textList(p.services),
    rdPartners: textList(p.rdPartners),
    exportMarkets: p.exportMarkets.join('|'),
    internationalPartners: textList(p.internationalPartners),
    offers: p.offers.length ? JSON.stringify(p.offers) : '',
    requests: p.requests.length ? JSON.stringify(p.requests) : '',
    workingLanguages: p.workingLanguages.join('|'),
    website: p.website ?? '',
  };
  for (const l of PROFILE_LANGUAGES) row[`summary_${l}`] = p.summary?.[l] ?? '';
  return row;
}

/** The CSV file (UTF-8 with BOM so spreadsheet programs read the accents, `,`, CRLF) of profiles. */
export function profilesToCsv(profiles: Array<DistrictProfileFields & { regionGroup: RegionGroup }>): string {
  const fields = PROFILE_CSV_COLUMNS.map((c) => c.id);
  const data = profiles.map((p) => {
    const row = profileRow(p);
    return fields.map((f) => neutraliseCell(row[f] ?? ''));
  });
  return `\uFEFF${Papa.unparse({ fields, data }, { newline: '\r\n', quotes: false })}\r\n`;
}

// — reading —

const HEADER_TO_COLUMN = new Map<string, string>();
for (const c of PROFILE_CSV_COLUMNS) {
  HEADER_TO_COLUMN.set(csvHeaderKey(c.id), c.id);
  HEADER_TO_COLUMN.set(csvHeaderKey(c.es), c.id);
}
const SPANISH_KEYS = new Set(PROFILE_CSV_COLUMNS.map((c) => csvHeaderKey(c.es)));
const ENGLISH_KEYS = new Set(PROFILE_CSV_COLUMNS.map((c) => csvHeaderKey(c.id)));

export interface ParsedCsv {
  delimiter: ImportDelimiter;
  /** Decimal separator of the numbers ({@link decimalSeparatorOf}); null when unknown. */
  decimalSeparator: ',' | '.' | null;
  /** 1-based line of the header: 1, or 2 after Excel's `sep=` line. */
  headerLine: number;
  /** The header line's cells as read. */
  headerCells: string[];
  /**
   * How many cells the header spans up to its last non-blank one: a non-blank cell beyond it belongs to no column
   * ({@link extraCellsOf}).
   */
  width: number;
  headerLanguage: 'en' | 'es' | 'mixed';
  /** Column id → index in a record. */
  columns: Map<string, number>;
  /** Header as written, by column id. */
  headers: Map<string, string>;
  ignoredColumns: string[];
  /** Records after the header (blank ones left out), with their 1-based line number. */
  records: Array<{ line: number; cells: string[] }>;
  /**
   * The first quote papaparse could not read, with the line its quoted cell opens on: `unclosed` (never closed: the
   * rest of the file became one cell) or `malformed` (closed, then more text: `"a" b`). Null when none. Either way the
   * rows after it are unreliable, so the import refuses the file.
   */
  quoteProblem: { problem: 'unclosed' | 'malformed'; line: number } | null;
}

/**
 * Excel's separator line (`sep=;`, `sep=,`, `sep=` + tab; also `sep=\t` spelled out, quoted, or followed by empty
 * cells when a spreadsheet re-saved it): its first line, read by Excel as the separator to use and not as data.
 */
const SEP_LINE = /^"?sep=(\\t|[,;\t])"?[,;\t ]*$/i;

/** Number of line breaks in a text (a quoted cell may hold some). */
const lineBreaks = (s: string): number => s.match(/\n/g)?.length ?? 0;

/**
 * Reads a CSV file's text: BOM removed; an Excel `sep=` first line names the delimiter and is skipped, otherwise the
 * delimiter is the most frequent of `,`, `;` and tab on the header line (`,` on a tie); English or Spanish headers;
 * the decimal separator from the delimiter and the coordinates. Quote errors are reported in `quoteProblem`.
 */
export function parseProfilesCsv(text: string): ParsedCsv {
  let body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let headerLine = 1;
  let delimiter: ImportDelimiter | null = null;
  const sep = SEP_LINE.exec(body.split(/\r?\n/, 1)[0] ?? '');
  if (sep) {
    delimiter = sep[1] === '\\t' ? '\t' : (sep[1] as ImportDelimiter);
    const end = body.indexOf('\n');
    body = end < 0 ? '' : body.slice(end + 1);
    headerLine = 2;
  }
  if (delimiter === null) {
    const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
    const times = (c: string) => firstLine.split(c).length - 1;
    const [commas, semicolons, tabs] = [times(','), times(';'), times('\t')];
    delimiter = tabs > commas && tabs > semicolons ? '\t' : semicolons > commas ? ';' : ',';
  }
  const parsed = Papa.parse<string[]>(body, { delimiter, skipEmptyLines: false, newline: undefined });
  // papaparse's `index` is just past the opening quote of the cell it could not read.
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  const quoteProblem: ParsedCsv['quoteProblem'] = quoteError
    ? {
        problem: parsed.errors.some((e) => e.code === 'MissingQuotes') ? 'unclosed' : 'malformed',
        line: headerLine + lineBreaks(body.slice(0, quoteError.index ?? 0)),
      }
    : null;
  const rows = parsed.data;
  const header = rows[0] ?? [];
  const columns = new Map<string, number>();
  const headers = new Map<string, string>();
  const ignoredColumns: string[] = [];
  let es = 0;
  let en = 0;
  header.forEach((h, i) => {
    const key = csvHeaderKey(h);
    const id = HEADER_TO_COLUMN.get(key);
    if (!id || columns.has(id)) {
      if (h.trim()) ignoredColumns.push(h);
      return;
    }
    columns.set(id, i);
    headers.set(id, h.trim());
    // Headers spelled the same in both languages ("region") tell nothing.
    if (ENGLISH_KEYS.has(key) && !SPANISH_KEYS.has(key)) en += 1;
    else if (SPANISH_KEYS.has(key) && !ENGLISH_KEYS.has(key)) es += 1;
  });
  // Line numbers: papaparse keeps quoted newlines inside a record, so count the lines each record spans.
  const records: ParsedCsv['records'] = [];
  let line = headerLine + lineBreaks(header.join(delimiter));
  for (const cells of rows.slice(1)) {
    line += 1;
    const span = lineBreaks(cells.join(delimiter));
    // A line of separators only (`;;;;`, Excel's empty rows inside its used range) is a blank line.
    if (!cells.every((c) => c.trim() === '')) records.push({ line, cells });
    line += span;
  }
  const coordinateColumns = ['latitude', 'longitude'].flatMap((id) => {
    const i = columns.get(id);
    return i === undefined ? [] : [i];
  });
  return {
    delimiter,
    decimalSeparator: decimalSeparatorOf(
      delimiter,
      records.flatMap((r) => coordinateColumns.map((i) => (r.cells[i] ?? '').trim())),
    ),
    headerLine,
    headerCells: header,
    width: lastFilled(header) + 1,
    headerLanguage: es === 0 ? 'en' : en === 0 ? 'es' : 'mixed',
    columns,
    headers,
    ignoredColumns,
    records,
    quoteProblem,
  };
}

/** Index of the last non-blank cell, -1 when all are blank. */
function lastFilled(cells: readonly string[]): number {
  for (let i = cells.length - 1; i >= 0; i -= 1) if (cells[i]?.trim()) return i;
  return -1;
}

/**
 * The non-blank cells of a record beyond the header's columns (`csv.width`), e.g. the shifted half of an unquoted
 * `Reino Unido; Países Bajos` in a `;` file, with the record's width up to its last non-blank cell; null when there
 * are none (blank extra cells are Excel's trailing separators, not data).
 */
export function extraCellsOf(
  csv: ParsedCsv,
  cells: readonly string[],
): { cells: number; extra: string[] } | null {
  const last = lastFilled(cells);
  if (last < csv.width) return null;
  return {
    cells: last + 1,
    extra: cells
      .slice(csv.width)
      .map((c) => c.trim())
      .filter(Boolean),
  };
}

const isSectorCode = (s: string) => SECTOR_CODE.test(s);
const isAlpha2 = (s: string) => ALPHA2.test(s);

const COLUMN_OF_FIELD: Record<string, string> = {
  coordinates: 'latitude',
  members: 'firms',
  summary: 'summary_en',
};
const MEMBER_COLUMN: Record<string, string> = {
  firms: 'firms',
  smes: 'smes',
  universitiesAndRnd: 'universitiesAndRnd',
  publicBodies: 'publicBodies',
  other: 'otherMembers',
};

/**
 * Fields a new district must have (no default in `EMPTY_PROFILE`): name, kind, country, region. Their column ids are
 * the field names.
 */
const REQUIRED_COLUMNS: ReadonlySet<string> = new Set(
  PROFILE_CSV_COLUMNS.map((c) => c.id).filter((id) => !(id in EMPTY_PROFILE) && id in profileFieldsShape),
);

/**
 * Column ids a new district needs that the file's header lacks (name and country are checked for the whole file
 * first, so in practice `kind` and `region`), in column order.
 */
export function columnsMissingForNewRows(csv: ParsedCsv): string[] {
  return [...REQUIRED_COLUMNS].filter((id) => !csv.columns.has(id));
}

export interface RowResult {
  /** The fields of the profile the row sets (only those with a column in the file). */
  changes: Partial<DistrictProfileFields>;
  errors: ImportFieldError[];
  name: string | null;
  country: string | null;
}

/**
 * Stable reason code (+ params) of a zod issue of the shared profile schema, for UIs to translate. The custom
 * refinements are recognised by their (stable, English) messages in shared/src/profiles/schema.ts.
 */
export function reasonCodeOf(issue: {
  code: string;
  message: string;
  minimum?: unknown;
  maximum?: unknown;
  origin?: unknown;
  values?: unknown;
}): { code: ImportReasonCode; params?: Record<string, string | number> } {
  const m = issue.message;
  const bound = (v: unknown) => (typeof v === 'number' || typeof v === 'bigint' ? Number(v) : String(v));
  if (m.includes('whole number')) return { code: 'not_integer' };
  switch (issue.code) {
    case 'invalid_value':
      return {
        code: 'invalid_option',
        params: { options: Array.isArray(issue.values) ? issue.values.map(String).join(', ') : '' },
      };
    case 'invalid_type':
      return { code: 'invalid_type' };
    case 'too_small':
      if (issue.origin === 'number')
        return Number(issue.minimum) === 0
          ? { code: 'negative_count' }
          : { code: 'too_small', params: { minimum: bound(issue.minimum) } };
      return { code: 'too_short', params: { minimum: bound(issue.minimum) } };
    case 'too_big':
      return issue.origin === 'number'
        ? { code: 'too_big', params: { maximum: bound(issue.maximum) } }
        : { code: 'too_long', params: { maximum: bound(issue.maximum) } };
  }
  if (m.includes('ISO 3166-1')) return { code: 'invalid_country' };
  if (m.includes('NACE')) return { code: 'invalid_nace' };
  if (m.includes('ISO 639-1')) return { code: 'invalid_language' };
  if (m.includes('http')) return { code: 'invalid_url' };
  if (m.includes('phone')) return { code: 'invalid_phone' };
  if (m.startsWith('must not repeat') || m.includes('unique')) return { code: 'duplicate_item' };
  if (m.includes('future')) return { code: 'future_year' };
  if (m.startsWith('SMEs')) return { code: 'smes_exceed_firms' };
  if (m.includes('NUTS-2') || m.includes('ISO 3166-2')) return { code: 'invalid_region_code' };
  return { code: 'invalid' };
}

/**
 * Reads one record into profile fields and validates them (zod, shared schema) merged over `current` (the stored
 * profile the row updates, or the empty profile). Every bad cell is reported with its column and reason.
 */
export function readRow(csv: ParsedCsv, cells: string[], current: DistrictProfileFields | null): RowResult {
  const errors: ImportFieldError[] = [];
  const header = (id: string) => csv.headers.get(id) ?? id;
  const has = (id: string) => csv.columns.has(id);
  // Each cell is trimmed and un-neutralised once (most are read two or three times).
  const trimmed: Array<string | undefined> = [];
  const cell = (id: string): string => {
    const i = csv.columns.get(id);
    if (i === undefined) return '';
    return (trimmed[i] ??= unneutraliseCell((cells[i] ?? '').trim()));
  };
  const fail = (
    column: string,
    field: ImportFieldError['field'],
    reason: string,
    code: ImportReasonCode,
    params?: Record<string, string | number>,
  ) =>
    errors.push({
      column: header(column),
      field,
      value: cell(column).slice(0, 200),
      reason,
      code,
      ...(params ? { params } : {}),
    });
  /**
   * A number cell read with the file's separators (csvValues.ts `readNumber`): `grouping` for counts and FTE
   * (thousands separators), not for coordinates and years. undefined when the cell is refused.
   */
  const number = (column: string, field: ProfileField, grouping: boolean): number | null | undefined => {
    const s = cell(column);
    if (s === '') return null;
    const read = readNumber(s, csv.decimalSeparator, grouping);
    if ('value' in read) return read.value;
    if (read.error === 'ambiguous_number') {
      const decimal = csv.decimalSeparator ?? '?';
      fail(
        column,
        field,
        csv.decimalSeparator === null
          ? 'ambiguous: the file does not show whether . or , is its decimal separator; write the number without separators'
          : `ambiguous: ${decimal} is this file's decimal separator, yet in ${s} it may separate thousands; write the number without separators`,
        'ambiguous_number',
        { decimal },
      );
    } else fail(column, field, 'must be a number', 'not_a_number');
    return undefined;
  };
  const json = (column: string, field: ProfileField): unknown => {
    const s = cell(column);
    if (s === '') return [];
    try {
      return JSON.parse(s) as unknown;
    } catch {
      fail(
        column,
        field,
        'must be a JSON array of cards [{"id","title","description","sectors","targetCountries"}]',
        'invalid_json_cards',
      );
      return undefined;
    }
  };

  const changes: Record<string, unknown> = {};
  const text = (id: ProfileField) => {
    if (has(id)) changes[id] = cell(id) === '' ? null : cell(id);
  };
  if (has('name')) changes.name = cell('name');
  text('localDesignation');
  if (has('kind')) changes.kind = readKind(cell('kind'));
  if (has('country')) changes.country = readCountry(cell('country'));
  if (has('region')) changes.region = cell('region');
  text('regionCode');
  text('city');
  if (has('latitude') || has('longitude')) {
    const lat = number('latitude', 'coordinates', false);
    const lng = number('longitude', 'coordinates', false);
    if (lat !== undefined && lng !== undefined) {
      if ((lat === null) !== (lng === null))
        fail('latitude', 'coordinates', 'give both latitude and longitude, or neither', 'coordinates_pair');
      else changes.coordinates = lat === null ? null : { lat, lng };
    }
  }
  if (has('foundingYear')) {
    const y = number('foundingYear', 'foundingYear', false);
    if (y !== undefined) changes.foundingYear = y;
  }
  if (has('sectors')) changes.sectors = listItems(cell('sectors'), isSectorCode, namesSector).map(readSector);
  text('specialisation');
  if (MEMBER_TYPES.some((t) => has(MEMBER_COLUMN[t]))) {
    const values = MEMBER_TYPES.map((t) => number(MEMBER_COLUMN[t], 'members', true));
    if (values.every((v) => v !== undefined)) {
      if (values.every((v) => v === null)) changes.members = null;
      else changes.members = Object.fromEntries(MEMBER_TYPES.map((t, i) => [t, values[i] ?? 0]));
    }
  }
  if (has('employees')) {
    const v = number('employees', 'employees', true);
    if (v !== undefined) changes.employees = v;
  }
  if (has('managementFte')) {
    const v = number('managementFte', 'managementFte', true);
    if (v !== undefined) changes.managementFte = v;
  }
  text('governance');
  for (const f of TEXT_LIST_FIELDS) {
    if (!has(f)) continue;
    const s = cell(f);
    if (s.startsWith('[')) {
      try {
        changes[f] = JSON.parse(s) as unknown;
      } catch {
        fail(
          f,
          f as ProfileField,
          'must be items separated by | or a JSON array of texts',
          'invalid_text_list',
        );
      }
    } else
      changes[f] = s
        .split('|')
        .map((x) => x.trim())
        .filter(Boolean);
  }
  if (has('exportMarkets'))
    changes.exportMarkets = listItems(cell('exportMarkets'), isCountryCodeLike, namesCountry).map(
      readCountry,
    );
  for (const f of ['offers', 'requests'] as const) {
    if (!has(f)) continue;
    const v = json(f, f);
    if (v !== undefined) changes[f] = v;
  }
  if (has('workingLanguages'))
    changes.workingLanguages = listItems(cell('workingLanguages'), isAlpha2, namesLanguage).map(readLanguage);
  text('website');
  if (PROFILE_LANGUAGES.some((l) => has(`summary_${l}`))) {
    const summary: Record<string, string> = {};
    for (const l of PROFILE_LANGUAGES) if (cell(`summary_${l}`) !== '') summary[l] = cell(`summary_${l}`);
    changes.summary = Object.keys(summary).length ? summary : null;
  }

  const name = has('name') ? cell('name') || null : (current?.name ?? null);
  const country = has('country') ? readCountry(cell('country')) || null : (current?.country ?? null);
  const readErrors = errors.length;
  // A new district needs columns the file lacks: one row-level entry (the report says it once for the file).
  const lacking = current === null ? columnsMissingForNewRows(csv) : [];
  if (lacking.length > 0) {
    const params = { columns: lacking.join(', ') };
    errors.unshift({
      column: 'row',
      field: 'row',
      value: '',
      reason: englishReason('missing_columns', params, 'row') ?? '',
      code: 'missing_columns',
      params,
    });
  }
  if (readErrors === 0) {
    const merged = { ...EMPTY_PROFILE, ...(current ?? {}), ...changes };
    const result = districtProfileSchema.safeParse(merged);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = String(issue.path[0] ?? 'name') as ProfileField;
        let column = COLUMN_OF_FIELD[field] ?? field;
        if (field === 'members' && issue.path[1] !== undefined)
          column = MEMBER_COLUMN[String(issue.path[1])] ?? 'firms';
        if (field === 'coordinates' && issue.path[1] === 'lng') column = 'longitude';
        if (field === 'summary' && issue.path[1] !== undefined) column = `summary_${String(issue.path[1])}`;
        // Said once by the row's `missing_columns` entry.
        if (lacking.includes(column)) continue;
        // An empty required cell (name, kind, country, region) is "required", whatever the schema says about ''.
        const { code, params } =
          REQUIRED_COLUMNS.has(column) && has(column) && cell(column) === ''
            ? { code: 'required' as const, params: undefined }
            : reasonCodeOf(issue);
        fail(column, field, issueReason(code, params, field, issue), code, params);
      }
    } else {
      const out: Partial<DistrictProfileFields> = {};
      for (const k of Object.keys(changes))
        (out as Record<string, unknown>)[k] = (result.data as Record<string, unknown>)[k];
      return { changes: out, errors, name: result.data.name, country: result.data.country };
    }
  }
  return { changes: {}, errors, name, country };
}
