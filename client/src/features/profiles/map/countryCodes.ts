/**
 * ISO 3166-1 numeric → alpha-2 for the countries the offline map draws (Europe, Latin America and the
 * Caribbean, and neighbours). world-atlas (Natural Earth) names its features by the numeric code; Kosovo has
 * none there and is matched by name (user-assigned code XK). Countries missing here are drawn unshaded.
 */
// prettier-ignore
export const NUMERIC_TO_ALPHA2: Readonly<Record<string, string>> = {
  // Europe
  '008': 'AL', '020': 'AD', '040': 'AT', '056': 'BE', '070': 'BA', '100': 'BG', '112': 'BY', '191': 'HR',
  '196': 'CY', '203': 'CZ', '208': 'DK', '233': 'EE', '234': 'FO', '246': 'FI', '248': 'AX', '250': 'FR',
  '276': 'DE', '300': 'GR', '304': 'GL', '336': 'VA', '348': 'HU', '352': 'IS', '372': 'IE', '380': 'IT',
  '428': 'LV', '438': 'LI', '440': 'LT', '442': 'LU', '470': 'MT', '492': 'MC', '498': 'MD', '499': 'ME',
  '528': 'NL', '578': 'NO', '616': 'PL', '620': 'PT', '642': 'RO', '643': 'RU', '674': 'SM', '688': 'RS',
  '703': 'SK', '705': 'SI', '724': 'ES', '752': 'SE', '756': 'CH', '792': 'TR', '804': 'UA', '807': 'MK',
  '826': 'GB', '831': 'GG', '832': 'JE', '833': 'IM',
  // Latin America and the Caribbean
  '028': 'AG', '032': 'AR', '044': 'BS', '052': 'BB', '068': 'BO', '076': 'BR', '084': 'BZ', '092': 'VG',
  '136': 'KY', '152': 'CL', '170': 'CO', '188': 'CR', '192': 'CU', '212': 'DM', '214': 'DO', '218': 'EC',
  '222': 'SV', '238': 'FK', '308': 'GD', '320': 'GT', '328': 'GY', '332': 'HT', '340': 'HN', '388': 'JM',
  '484': 'MX', '500': 'MS', '531': 'CW', '533': 'AW', '534': 'SX', '558': 'NI', '591': 'PA', '600': 'PY',
  '604': 'PE', '630': 'PR', '652': 'BL', '659': 'KN', '660': 'AI', '662': 'LC', '663': 'MF', '670': 'VC',
  '740': 'SR', '780': 'TT', '796': 'TC', '850': 'VI', '858': 'UY', '862': 'VE',
  // Neighbours (drawn for context; shaded when a district is there)
  '012': 'DZ', '124': 'CA', '434': 'LY', '504': 'MA', '788': 'TN', '818': 'EG', '840': 'US',
};

/** The alpha-2 code of a world-atlas country feature, or null. */
export function alpha2Of(id: string | number | undefined, name: string | undefined): string | null {
  if (id !== undefined) return NUMERIC_TO_ALPHA2[String(id).padStart(3, '0')] ?? null;
  return name === 'Kosovo' ? 'XK' : null;
}
