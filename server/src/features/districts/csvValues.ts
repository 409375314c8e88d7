/**
 * Reading the cells of an import file the way a spreadsheet user writes them (docs/API.md "Import", "Accepted
 * forms"): numbers with the file's decimal and thousands separators, and the enumerated columns — kind, country,
 * sectors, export markets, working languages — by code or by name in en/es/pt/fr. A value that names nothing is
 * passed on as written, so the shared profile schema rejects it with its usual reason code.
 */
import {
  DISTRICT_KINDS,
  ISO_COUNTRY_CODES,
  NACE_DIVISIONS,
  districtKindOf,
  isCountryCode,
  isNaceDivision,
} from '@polos/shared';
// CommonJS: under Node's ESM loader only its default export is visible (a named import fails at start-up).
import isoCountries from 'i18n-iso-countries';

/** Matching key of a name: lower case, accents removed, every run of other characters than letters/digits one space. */
export const nameKey = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

// — numbers —

/** Spaces used as thousands separators: space, no-break space, narrow no-break space (French), thin space. */
const SPACE_GROUPS = /^[-+]?\d{1,3}(?:[ \u00A0\u202F\u2009]\d{3})+(?:[.,]\d+)?$/;
const SPACES = /[ \u00A0\u202F\u2009]/g;
const INTEGER = /^[-+]?\d+$/;
/** One `.` or `,` between digits: sign, whole part, separator, fraction. */
const SINGLE = /^([-+]?)(\d+)([.,])(\d+)$/;
/** Sign, then digit runs joined by single `.` or `,`. */
const SEPARATED = /^([-+]?)(\d+(?:[.,]\d+)+)$/;
/** Groups of three digits after 1–3 digits, joined by `.` or `,`. */
const GROUPED: Record<'.' | ',', RegExp> = { '.': /^\d{1,3}(?:\.\d{3})+$/, ',': /^\d{1,3}(?:,\d{3})+$/ };

export type NumberRead =
  | { value: number }
  | { error: 'not_a_number' }
  /** A single `.`/`,` followed by exactly three digits that may be a thousands or a decimal separator. */
  | { error: 'ambiguous_number' };

/**
 * Reads a number as a spreadsheet of the file's locale writes it. `decimal` is the file's decimal separator (null:
 * unknown); `grouping` whether thousands separators are read at all (counts, FTE: yes; coordinates: no — any single
 * `.` or `,` in a coordinate is its decimal separator, as |value| ≤ 180).
 *
 * The rule, with `g` the other one of `.`/`,`:
 * - spaces between groups of three digits are thousands separators (`3 500`, `1 234 567,5`), and then a single
 *   `.` or `,` is the decimal separator;
 * - both `.` and `,` in one number: the last one is the decimal separator, the other groups thousands
 *   (`1.234,5`, `1,234.5`);
 * - one kind repeated (`1.234.567`): thousands separators;
 * - one `.` or `,` followed by exactly three digits after 1–3 digits (`3.500`): a thousands separator when it is
 *   `g`; the decimal separator is ambiguous there — `3,500` in a decimal-comma file reads 3.5 but looks like 3500 —
 *   so `ambiguous_number`, and so is either one when `decimal` is null;
 * - any other single `.` or `,` is a decimal separator (`3,5`, `12.00`, `48.39`).
 * Whether the value must be whole is the schema's to say (a fractional count gets `not_integer`).
 */
export function readNumber(raw: string, decimal: ',' | '.' | null, grouping: boolean): NumberRead {
  const s = raw.trim();
  if (INTEGER.test(s)) return { value: Number(s) };
  const single = SINGLE.exec(s);
  if (single) {
    const [, sign = '', whole = '', sep, fraction = ''] = single;
    if (grouping && fraction.length === 3 && whole.length <= 3 && whole[0] !== '0') {
      if (decimal === null || sep === decimal) return { error: 'ambiguous_number' };
      return { value: Number(sign + whole + fraction) };
    }
    return { value: Number(`${sign}${whole}.${fraction}`) };
  }
  if (!grouping) return { error: 'not_a_number' };
  if (SPACE_GROUPS.test(s)) {
    const joined = s.replace(SPACES, '');
    const m = SINGLE.exec(joined);
    // Spaces group thousands, so a single `.`/`,` after them is the decimal separator.
    return m ? { value: Number(`${m[1] ?? ''}${m[2] ?? ''}.${m[4] ?? ''}`) } : { value: Number(joined) };
  }
  const m = SEPARATED.exec(s);
  if (!m) return { error: 'not_a_number' };
  const sign = m[1] ?? '';
  const digits = m[2] ?? '';
  const lastDot = digits.lastIndexOf('.');
  const lastComma = digits.lastIndexOf(',');
  if (lastDot >= 0 && lastComma >= 0) {
    // Both: the last one is the decimal separator, the other one groups the thousands before it.
    const at = Math.max(lastDot, lastComma);
    const other = at === lastDot ? ',' : '.';
    const whole = digits.slice(0, at);
    const fraction = digits.slice(at + 1);
    if (!/^\d+$/.test(fraction) || !GROUPED[other].test(whole)) return { error: 'not_a_number' };
    return { value: Number(`${sign}${whole.split(other).join('')}.${fraction}`) };
  }
  // The same separator repeated: thousands only.
  const sep = lastDot >= 0 ? '.' : ',';
  if (!GROUPED[sep].test(digits)) return { error: 'not_a_number' };
  return { value: Number(sign + digits.split(sep).join('')) };
}

/** Comma decimals in coordinates (`5,07`), point decimals (`48.39`). */
const COMMA_DECIMAL = /^[-+]?\d+,\d+$/;
const POINT_DECIMAL = /^[-+]?\d+\.\d+$/;

/**
 * The decimal separator of a file: `,` when it is `;`-separated (spreadsheets of decimal-comma locales choose `;`
 * because the comma is taken); otherwise from its coordinates (which are never grouped): only decimal commas → `,`,
 * only decimal points → `.`; failing that `.` for a `,` file and null (unknown) for a tab-separated one.
 */
export function decimalSeparatorOf(delimiter: string, coordinateCells: Iterable<string>): ',' | '.' | null {
  if (delimiter === ';') return ',';
  let commas = 0;
  let points = 0;
  for (const c of coordinateCells) {
    if (COMMA_DECIMAL.test(c)) commas += 1;
    else if (POINT_DECIMAL.test(c)) points += 1;
  }
  if (commas > 0 && points === 0) return ',';
  if (points > 0 && commas === 0) return '.';
  return delimiter === ',' ? '.' : null;
}

// — enumerated columns —

/** The district kind of a cell ({@link districtKindOf}), or the cell as written when it names none. */
export function readKind(cell: string): string {
  if ((DISTRICT_KINDS as readonly string[]).includes(cell)) return cell;
  return districtKindOf(cell) ?? cell;
}

/** Builds a name → code map; a name that two codes share is dropped (it names neither). */
function uniqueMap(entries: Iterable<[string, string]>): Map<string, string> {
  const map = new Map<string, string>();
  const clashes = new Set<string>();
  for (const [name, code] of entries) {
    if (!name || clashes.has(name)) continue;
    const had = map.get(name);
    if (had !== undefined && had !== code) {
      map.delete(name);
      clashes.add(name);
    } else map.set(name, code);
  }
  return map;
}

const LANGUAGES = ['en', 'es', 'pt', 'fr'] as const;

/** Other names of countries in use (colloquial or former), not given by CLDR. */
const COUNTRY_ALIASES: ReadonlyArray<[string, string]> = [
  ['EEUU', 'US'],
  ['USA', 'US'],
  ['Gran Bretaña', 'GB'],
  ['Great Britain', 'GB'],
  ['Holanda', 'NL'],
  ['Holland', 'NL'],
  ['República Checa', 'CZ'],
  ['Czech Republic', 'CZ'],
  ['República Tcheca', 'CZ'],
];

let countryByName: Map<string, string> | null = null;

/**
 * Country names → ISO code: the CLDR names (long and short, via `Intl.DisplayNames`) in en/es/pt/fr of every
 * ISO 3166-1 code, plus {@link COUNTRY_ALIASES}; built on first use.
 */
function countryNames(): Map<string, string> {
  if (countryByName) return countryByName;
  const entries: Array<[string, string]> = [];
  for (const lang of LANGUAGES)
    for (const style of ['long', 'short'] as const) {
      const names = new Intl.DisplayNames([lang], { type: 'region', style });
      for (const code of ISO_COUNTRY_CODES) {
        const name = names.of(code);
        if (name && name !== code) entries.push([nameKey(name), code]);
      }
    }
  for (const [name, code] of COUNTRY_ALIASES) entries.push([nameKey(name), code]);
  countryByName = uniqueMap(entries);
  return countryByName;
}

/** ISO 3166-1 alpha-3 → alpha-2 (`MEX` → `MX`; `i18n-iso-countries`' table); undefined for other strings. */
function fromAlpha3(upper: string): string | undefined {
  if (!/^[A-Z]{3}$/.test(upper)) return undefined;
  const code = isoCountries.alpha3ToAlpha2(upper);
  return code && isCountryCode(code) ? code : undefined;
}

/**
 * A country cell → ISO 3166-1 alpha-2: an alpha-2 or alpha-3 code in any case (`mx`, `MEX`, as statistics offices
 * and the World Bank write them), or a name in en/es/pt/fr ("México", "Mexique", "ESPAÑA", "EE. UU."); the cell
 * upper-cased when it names no country (the schema rejects it).
 */
export function readCountry(cell: string): string {
  const upper = cell.trim().toUpperCase();
  if (upper.length === 2 && isCountryCode(upper)) return upper;
  return countryNames().get(nameKey(cell)) ?? fromAlpha3(upper) ?? upper;
}

/** Whether a list piece is a country code: two letters (checked later), or a known ISO 3166-1 alpha-3 code. */
export const isCountryCodeLike = (s: string): boolean =>
  ALPHA2.test(s) || fromAlpha3(s.toUpperCase()) !== undefined;

let naceByName: Map<string, string> | null = null;

/** A sector item → NACE division code: `1`/`01`, `29 - Fabricación de vehículos…`, or a label in en/es/pt/fr. */
export function readSector(item: string): string {
  if (/^\d{1,2}$/.test(item)) return item.padStart(2, '0');
  const coded = /^(\d{1,2})\s*[-–—:.)]\s+\S/.exec(item);
  if (coded?.[1]) return coded[1].padStart(2, '0');
  naceByName ??= uniqueMap(
    NACE_DIVISIONS.flatMap((d) => LANGUAGES.map((l): [string, string] => [nameKey(d.label[l]), d.code])),
  );
  return naceByName.get(nameKey(item)) ?? item;
}

let languageByName: Map<string, string> | null = null;

/**
 * A working-language item → ISO 639-1 code: a code in any case (`ES`), or a language name in en/es/pt/fr
 * ("español", "Inglés", "portugais"; also "castellano"), via `Intl.DisplayNames`; the item lower-cased otherwise.
 */
export function readLanguage(item: string): string {
  const lower = item.toLowerCase();
  if (/^[a-z]{2}$/.test(lower)) return lower;
  if (!languageByName) {
    const entries: Array<[string, string]> = [['castellano', 'es']];
    for (const lang of LANGUAGES) {
      const names = new Intl.DisplayNames([lang], { type: 'language', fallback: 'none' });
      for (let a = 97; a <= 122; a += 1)
        for (let b = 97; b <= 122; b += 1) {
          const code = String.fromCharCode(a, b);
          const name = names.of(code);
          if (name && name !== code) entries.push([nameKey(name), code]);
        }
    }
    languageByName = uniqueMap(entries);
  }
  return languageByName.get(nameKey(item)) ?? lower;
}

/** Trimmed, non-empty parts. */
const clean = (parts: string[]): string[] => parts.map((x) => x.trim()).filter(Boolean);

/**
 * The items of a list cell (sectors, countries, languages): split on `|` when it has one; else on commas,
 * semicolons and spaces when every piece is code-like (`01 10`, `MX, ES`); else the whole cell when it names one
 * item ("Agricultura, ganadería y caza", "Estados Unidos"); else on semicolons when every part names an item; else
 * on commas and semicolons ("México, Perú").
 */
export function listItems(
  cell: string,
  isCodeLike: (s: string) => boolean,
  names: (s: string) => boolean,
): string[] {
  if (cell.includes('|')) return clean(cell.split('|'));
  const pieces = clean(cell.split(/[,;\s]+/));
  if (pieces.every(isCodeLike)) return pieces;
  const whole = cell.trim();
  if (names(whole)) return [whole];
  const bySemicolon = clean(cell.split(';'));
  if (bySemicolon.length > 1 && bySemicolon.every(names)) return bySemicolon;
  return clean(cell.split(/[,;]/));
}

/** Code-like pieces of the list columns. */
export const SECTOR_CODE = /^\d{1,2}$/;
export const ALPHA2 = /^[A-Za-z]{2}$/;

/** Whether a sector item names a NACE division (code or label). */
export const namesSector = (item: string): boolean => isNaceDivision(readSector(item));
/** Whether an item names a country (code or name). */
export const namesCountry = (item: string): boolean => isCountryCode(readCountry(item));
/** Whether an item names a language by its name (codes are not checked against a list). */
export const namesLanguage = (item: string): boolean => readLanguage(item) !== item.toLowerCase();
