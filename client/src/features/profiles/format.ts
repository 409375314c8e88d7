/** A date (ISO 8601) as a medium date in `lang`, e.g. "30 Nov 2026". */
export function formatDate(iso: string, lang: string): string {
  try {
    return new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }).format(new Date(iso));
  } catch {
    return iso.slice(0, 10);
  }
}

/** A date and time (ISO 8601) in `lang`, e.g. "30 Nov 2026, 14:05". */
export function formatDateTime(iso: string, lang: string): string {
  try {
    return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  } catch {
    return iso;
  }
}
