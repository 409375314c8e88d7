/**
 * Time zones as people read them (QA m5: the agenda showed IANA ids such as "America/Mexico_City"). The name
 * comes from the runtime's CLDR data through `Intl.DateTimeFormat`'s `timeZoneName`, in the UI language:
 * - 'shortGeneric' first — the exemplar city or country ("hora de Ciudad de México", "hora de Colombia",
 *   "Spain Time", "heure : Mexico");
 * - where that is only an abbreviation or an offset ("CET", "GMT+0"), 'longGeneric' ("hora de Europa central"),
 *   then 'long' ("tiempo universal coordinado");
 * - the IANA id itself when the runtime knows no name (or not the zone).
 * - where the short name only repeats the id's English city in another UI language, the long one.
 * Names depend on the instant only through daylight saving; the offset is given separately.
 */

const namesCache = new Map<string, string>();

/** An abbreviation ("CET", "BRT") or a bare offset ("GMT+1", "UTC−3"): not a name to show alone. */
const notAName = (text: string) => /^[A-Z]{2,5}$/.test(text) || /^(GMT|UTC)([+\-−]\d|$)/.test(text);

function partOf(zone: string, locale: string, style: Intl.DateTimeFormatOptions['timeZoneName'], at: Date) {
  return new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: style })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
}

/** The zone's localized name in `locale` at instant `at` (default now), e.g. "hora de Ciudad de México". */
export function zoneName(zone: string, locale: string, at: Date = new Date()): string {
  const key = `${zone}|${locale}|${at.getUTCFullYear()}-${at.getUTCMonth()}`;
  const cached = namesCache.get(key);
  if (cached !== undefined) return cached;
  let name = zone;
  // A runtime without the UI language's city names (Chromium's trimmed ICU: "hora de Mexico City") writes the
  // English city of the id: then the long name, which is translated ("hora estándar central"), reads better.
  const englishCity = locale.toLowerCase().startsWith('en')
    ? null
    : (zone.split('/').pop() ?? '').replace(/_/g, ' ');
  try {
    for (const style of ['shortGeneric', 'longGeneric', 'long'] as const) {
      const value = partOf(zone, locale, style, at);
      if (style === 'shortGeneric' && englishCity && value?.includes(englishCity)) continue;
      if (value && !notAName(value)) {
        name = value;
        break;
      }
    }
  } catch {
    // An unknown zone or locale: the id is all there is.
  }
  namesCache.set(key, name);
  return name;
}

/** The zone's UTC offset at `at` as `Intl` writes it in `locale` ("GMT-6", "UTC−6"); '' when unknown. */
export function zoneOffset(zone: string, locale: string, at: Date = new Date()): string {
  try {
    return partOf(zone, locale, 'shortOffset', at) ?? '';
  } catch {
    return '';
  }
}

/** Name and offset, e.g. "hora de Ciudad de México, GMT-6" — for texts where the offset is not shown apart. */
export function zoneLabel(zone: string, locale: string, at: Date = new Date()): string {
  const offset = zoneOffset(zone, locale, at);
  return offset ? `${zoneName(zone, locale, at)}, ${offset}` : zoneName(zone, locale, at);
}
