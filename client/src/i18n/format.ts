import type { DistrictSummaryDto, LocalizedText } from '@polos/shared';

/** The text in the UI language (English when missing). */
export function localized(text: LocalizedText, language: string): string {
  return (language.startsWith('es') ? text.es : text.en) || text.en;
}

/** Regional-indicator flag for an ISO 3166-1 alpha-2 code ('' for anything else). */
export function flagEmoji(country: string): string {
  if (!/^[A-Z]{2}$/.test(country)) return '';
  return String.fromCodePoint(...[...country].map((c) => 0x1f1e6 + c.charCodeAt(0) - 65));
}

const regionNames = new Map<string, Intl.DisplayNames | null>();
/** Country name in the UI language, falling back to the code. */
export function countryName(country: string, language: string): string {
  if (!regionNames.has(language)) {
    try {
      regionNames.set(language, new Intl.DisplayNames([language], { type: 'region' }));
    } catch {
      regionNames.set(language, null);
    }
  }
  try {
    return regionNames.get(language)?.of(country) ?? country;
  } catch {
    return country;
  }
}

/** "Clúster X · Mexico" */
export function districtLabel(district: DistrictSummaryDto | null, language: string): string | null {
  if (!district) return null;
  return `${district.name} · ${countryName(district.country, language)}`;
}

/** Initials for an avatar, from the words that start with a letter ("Ana María (demo)" → "AM"). */
export function initials(name: string): string {
  const words = name
    .trim()
    .split(/\s+/)
    .filter((w) => /^\p{L}/u.test(w));
  const letters =
    words.length > 1 ? [words[0][0], words[words.length - 1][0]] : [words[0]?.[0], words[0]?.[1]];
  return letters.filter(Boolean).join('').toUpperCase() || '?';
}

/** Elapsed time as h:mm:ss / m:ss. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}

/** Short local time of an ISO date. */
export function formatTime(iso: string, language: string): string {
  const date = new Date(iso);
  const sameDay = new Date().toDateString() === date.toDateString();
  return sameDay
    ? date.toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit' })
    : date.toLocaleString(language, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * Date and time of an ISO date in the UI language, always with the date ("29 nov 2026, 0:49"): for records read
 * later (archive, audit), where a bare time is ambiguous. '' for an invalid date.
 */
export function formatDateTime(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}
