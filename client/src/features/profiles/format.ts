import { formatDate as appDate, formatDateTime as appDateTime } from '../../i18n/format';

/** A date (ISO 8601) as a medium date in the browser's full locale for `lang` ("30 Nov 2026" en-GB). */
export function formatDate(iso: string, lang: string): string {
  return appDate(iso, lang) || iso.slice(0, 10);
}

/** A date and time (ISO 8601) in the browser's full locale for `lang` ("30 Nov 2026, 14:05" en-GB). */
export function formatDateTime(iso: string, lang: string): string {
  return appDateTime(iso, lang) || iso;
}
