/** Time zone of a workspace whose admins have not chosen one (the demo workspace's, Madrid). */
export const DEFAULT_WORKSPACE_TIME_ZONE = 'Europe/Madrid';

/**
 * Whether `zone` is an IANA time zone name this runtime knows (checked by `Intl.DateTimeFormat`, which throws a
 * RangeError for unknown zones). Dates shown for a workspace — export dates, release dates — use its zone.
 */
export function isValidTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The date zones are named at by {@link timeZoneLabel} (fixed: the same zone always gets the same name). */
const ZONE_NAME_DATE = new Date(Date.UTC(2026, 0, 1));

/**
 * The name of an IANA zone as people read it in `locale` ("hora de Europa central" for Europe/Madrid in Spanish,
 * "heure d’Europe centrale" in French): `Intl.DateTimeFormat`'s `timeZoneName: 'longGeneric'` (no summer/winter
 * variant, so one name fits every date). Falls back to the zone id when the runtime has no name for it, and to
 * "UTC" for an unknown zone. Shown next to dates in exports and release lists instead of the raw id (QA). The name
 * is taken at `at` (default: a fixed recent date, so the same zone always gives the same words — the bundle's bytes
 * depend on it): ICU names a zone by its rules at that date (Madrid had no summer time in 1970: "standard").
 */
export function timeZoneLabel(zone: string, locale: string, at: Date = ZONE_NAME_DATE): string {
  try {
    const part = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'longGeneric' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName');
    return part?.value || zone;
  } catch {
    return 'UTC';
  }
}

/**
 * The separator before a label's value in `locale`: ": " in English, Spanish and Portuguese, a narrow no-break
 * space then ": " in French (French typography puts a space before the colon that must not break from the word;
 * Imprimerie nationale / Unicode CLDR use U+202F).
 */
export const labelColon = (locale: string): string =>
  locale.toLowerCase().startsWith('fr') ? '\u202F: ' : ': ';
