import { formatDate as dateInLocale, formatDateTime as dateTimeInLocale } from '../../i18n/format';

/**
 * A date (ISO 8601) as a medium date in the browser's full locale for `lang` (en-GB "30 Nov 2026", en-US
 * "Nov 30, 2026"; i18n/format.ts), the ISO day when it cannot be formatted.
 */
export function formatDate(iso: string, lang: string): string {
  return dateInLocale(iso, lang, { dateStyle: 'medium' }) || iso.slice(0, 10);
}

/** A date and time (ISO 8601) in the browser's full locale for `lang`, e.g. "30 Nov 2026, 14:05"; else the ISO text. */
export function formatDateTime(iso: string, lang: string): string {
  return dateTimeInLocale(iso, lang) || iso;
}
