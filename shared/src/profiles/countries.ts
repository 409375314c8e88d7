/**
 * Countries as data: every ISO 3166-1 alpha-2 code, the EU-27 member states and the 33 Latin American and
 * Caribbean states (CELAC membership), and the region group derived from a country. Country names are not
 * stored here: the client shows them with `Intl.DisplayNames(locale, { type: 'region' })` (CLDR data of the
 * browser/Node ICU), see {@link countryName}.
 */
import type { RegionGroup } from '../domain';

/** Every officially assigned ISO 3166-1 alpha-2 code (249). Source: ISO 3166 Maintenance Agency. */
export const ISO_COUNTRY_CODES: readonly string[] = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
  'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT ' +
  'JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY ' +
  'MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM ' +
  'PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ ' +
  'TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' ');

/** The 27 member states of the European Union (since 1 February 2020). */
export const EU_COUNTRY_CODES: readonly string[] =
  'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'.split(' ');

/** The 33 states of Latin America and the Caribbean (members of CELAC). */
export const LAC_COUNTRY_CODES: readonly string[] =
  'AG AR BS BB BZ BO BR CL CO CR CU DM DO EC SV GD GT GY HT HN JM MX NI PA PY PE KN LC VC SR TT UY VE'.split(
    ' ',
  );

const isoSet = new Set(ISO_COUNTRY_CODES);
const euSet = new Set(EU_COUNTRY_CODES);
const lacSet = new Set(LAC_COUNTRY_CODES);

/** True for an upper-case, officially assigned ISO 3166-1 alpha-2 code. */
export const isCountryCode = (code: string): boolean => isoSet.has(code);

/** Region group of a country: `EU` (EU-27), `LAC` (CELAC-33) or `other`. Never typed by users. */
export function regionGroupOf(country: string): RegionGroup {
  if (euSet.has(country)) return 'EU';
  if (lacSet.has(country)) return 'LAC';
  return 'other';
}

/** NUTS uses `EL` for Greece (ISO `GR`); every other EU NUTS prefix equals the ISO code. */
export const nutsPrefixOf = (country: string): string => (country === 'GR' ? 'EL' : country);

/**
 * Whether `code` is a well-formed region code for `country`: NUTS-2 (`ES51`, `FRL0`, `EL30` — country prefix plus
 * two characters) for EU countries, ISO 3166-2 (`MX-JAL`, `BR-SP` — country, hyphen, 1–3 characters) otherwise.
 * Format only: the code is not looked up in the NUTS/ISO 3166-2 lists.
 */
export function isRegionCodeFor(country: string, code: string): boolean {
  if (euSet.has(country)) return new RegExp(`^${nutsPrefixOf(country)}[0-9A-Z]{2}$`).test(code);
  return new RegExp(`^${country}-[0-9A-Z]{1,3}$`).test(code);
}

/** The country's name in `locale` (CLDR via Intl), or the code itself when unknown. */
export function countryName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}
