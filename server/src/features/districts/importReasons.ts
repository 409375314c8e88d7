/**
 * The English `reason` of an import rejection (for API users; UIs word the `code` in the viewer's language). It says
 * what the import accepts — names and alpha-3 codes where csvValues.ts reads them — and never passes on zod's own
 * English ("Invalid input: expected string, received undefined"), which tells an admin nothing.
 */
import type { ImportFieldError, ImportReasonCode } from '@polos/shared';

type Params = Record<string, string | number> | undefined;
type Field = ImportFieldError['field'];

/** Fields whose cells the import reads by name as well as by code (csvValues.ts). */
const COUNTRY_REASON: Partial<Record<Field, string>> = {
  country:
    'must be a country: an ISO 3166-1 alpha-2 or alpha-3 code (MX, MEX) or its name in English, Spanish, Portuguese or French (México)',
  exportMarkets:
    'must be countries, each an ISO 3166-1 alpha-2 or alpha-3 code (MX, MEX) or a name in English, Spanish, Portuguese or French (México), separated by |, commas or semicolons',
};

/**
 * The English reason of a code, or undefined when the caller's own message says it better (custom rules whose
 * message carries specifics, such as the region code's example).
 * @param field the rejected field: the country, sector and language wordings depend on whether its cell is read by
 *   name (the columns) or by code only (the cards' JSON).
 */
export function englishReason(code: ImportReasonCode, params: Params, field: Field): string | undefined {
  const p = (key: string) => String(params?.[key] ?? '');
  switch (code) {
    case 'required':
      return 'required: the cell is empty';
    case 'missing_columns':
      return `a new district needs the column(s) ${p('columns')}, which the file lacks`;
    case 'missing_column':
      return `missing column ${p('column')} (required for a new profile)`;
    case 'extra_cells':
      return `the row has ${p('cells')} cells but the header has ${p('columns')} columns: a value holding the separator must be in double quotes`;
    case 'duplicate_row':
      return `duplicate of line ${p('line')} (same name and country)`;
    case 'ambiguous_match':
      return 'several districts have this name and country';
    case 'not_a_number':
      return 'must be a number';
    case 'not_integer':
      return 'must be a whole number';
    case 'negative_count':
      return 'must not be negative';
    case 'too_small':
      return `must be at least ${p('minimum')}`;
    case 'too_big':
      return `must be at most ${p('maximum')}`;
    case 'too_short':
      return `must have at least ${p('minimum')} characters or items`;
    case 'too_long':
      return `must have at most ${p('maximum')} characters or items`;
    case 'invalid_option':
      return field === 'kind'
        ? `must be one of: ${p('options')} (or their names)`
        : `must be one of: ${p('options')}`;
    case 'invalid_type':
      return 'has the wrong type or is empty';
    case 'invalid_country':
      return COUNTRY_REASON[field] ?? 'must be an ISO 3166-1 alpha-2 country code';
    case 'invalid_nace':
      return field === 'sectors'
        ? 'must be NACE Rev. 2 divisions: a code (01–99), "29 - text" or a division name in English, Spanish, Portuguese or French'
        : 'must be a NACE Rev. 2 division code (01–99)';
    case 'invalid_language':
      return field === 'workingLanguages'
        ? 'must be languages, each an ISO 639-1 code (es) or a name in English, Spanish, Portuguese or French (español)'
        : 'must be an ISO 639-1 language code';
    case 'invalid_url':
      return 'must be an http:// or https:// address';
    case 'future_year':
      return 'must not be in the future';
    default:
      return undefined;
  }
}

/** zod's default messages ("Invalid input: …", "Too big: …", "Unrecognized key: …"): never shown as a reason. */
const ZOD_DEFAULT = /^(Invalid|Too (small|big)|Unrecognized)\b/;

/**
 * The reason of a zod issue of the profile schema: the code's English ({@link englishReason}); else the schema's own
 * message (ours: "must not repeat a country", "must be a NUTS-2 code of ES (e.g. ES30)"); else, for zod's defaults, a
 * plain sentence (unknown keys named).
 */
export function issueReason(
  code: ImportReasonCode,
  params: Params,
  field: Field,
  issue: { code: string; message: string; keys?: unknown },
): string {
  const fixed = englishReason(code, params, field);
  if (fixed !== undefined) return fixed;
  if (!ZOD_DEFAULT.test(issue.message)) return issue.message;
  if (issue.code === 'unrecognized_keys' && Array.isArray(issue.keys))
    return `has an unknown key: ${issue.keys.map(String).join(', ')}`;
  return 'invalid value';
}
