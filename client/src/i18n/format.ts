import type { DistrictSummaryDto, LocalizedText } from '@polos/shared';

/** Languages admin-written texts may carry, in fallback order (`LocalizedText`: en and es always, pt/fr optional). */
const CONTENT_LANGUAGES = ['en', 'es', 'pt', 'fr'] as const;
type ContentLanguage = (typeof CONTENT_LANGUAGES)[number];

/** An admin-written text resolved for a UI language: what to show, in which language, and whether it fell back. */
export interface ResolvedText {
  text: string;
  /** The language `text` is written in (for the element's `lang`). */
  lang: ContentLanguage;
  /** True when the UI language's own version is missing and another one is shown (the UI marks it). */
  fallback: boolean;
}

/**
 * The version of an admin-written text for a UI language ('pt', 'fr-CA'…): its own when present (non-blank),
 * else English, else Spanish, else the first present. `text` '' only when every version is blank.
 */
export function resolveLocalized(text: LocalizedText, language: string): ResolvedText {
  const wanted = language.slice(0, 2).toLowerCase();
  const get = (lng: ContentLanguage) => (text as Partial<Record<ContentLanguage, string>>)[lng]?.trim() ?? '';
  for (const lng of [wanted, 'en', 'es', ...CONTENT_LANGUAGES] as ContentLanguage[]) {
    if (!(CONTENT_LANGUAGES as readonly string[]).includes(lng)) continue;
    const value = get(lng);
    if (value) return { text: value, lang: lng, fallback: lng !== wanted };
  }
  return { text: '', lang: 'en', fallback: false };
}

/** The text in the UI language, falling back to English, then Spanish, then any (for titles and labels). */
export function localized(text: LocalizedText, language: string): string {
  return resolveLocalized(text, language).text;
}

/**
 * The regional locale a UI language formats with when the browser names no region for that language (issue 15:
 * dates and numbers follow the browser's full locale; QA m10: an English UI on an es-ES browser showed US-style
 * "09:57 AM" because bare `en` is American English in CLDR). English falls back to British usage (24-hour clock,
 * day/month), the others to the region their UI text is written for.
 */
export const REGIONAL_DEFAULTS: Readonly<Record<string, string>> = {
  en: 'en-GB',
  es: 'es-ES',
  pt: 'pt-BR',
  fr: 'fr-FR',
};

/**
 * The BCP 47 locale for dates and numbers in a UI language: the browser's first language (`navigator.languages`)
 * with the same base, so en-GB and en-US, es-MX and es-ES, pt-BR and pt-PT, fr-CA and fr-FR differ; when the
 * browser has none of that language, the language's {@link REGIONAL_DEFAULTS} entry (en → en-GB), else the UI
 * language itself. A full tag ('en-GB') is kept as given.
 */
export function formatLocale(language: string): string {
  if (language.includes('-')) return language;
  const base = language.toLowerCase();
  const nav = globalThis.navigator;
  const tags = nav?.languages?.length ? nav.languages : nav?.language ? [nav.language] : [];
  for (const tag of tags) {
    if (tag.split('-')[0].toLowerCase() !== base) continue;
    try {
      return Intl.getCanonicalLocales(tag)[0] ?? language;
    } catch {
      // an invalid tag from the browser: try the next one
    }
  }
  return REGIONAL_DEFAULTS[base] ?? language;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const locale = formatLocale(language);
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    dateFormats.set(key, format);
  }
  return format;
}

/**
 * A date (no time) in the browser's full locale for the UI language ("30/11/2026" en-GB, "11/30/2026" en-US).
 * `timeZone`: an IANA zone to show the calendar day in (default: the browser's). '' for an invalid date or zone.
 */
export function formatDate(
  iso: string | Date,
  language: string,
  options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' },
): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  try {
    return dateFormat(language, options).format(date);
  } catch {
    return '';
  }
}

/** A number in the browser's full locale for the UI language ("1,234.5" en-US, "1.234,5" es-ES, "1 234,5" fr). */
export function formatNumber(value: number, language: string, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(formatLocale(language), options).format(value);
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
      regionNames.set(language, new Intl.DisplayNames([formatLocale(language)], { type: 'region' }));
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

const languageNames = new Map<string, Intl.DisplayNames | null>();
/** A language's name (BCP 47 code such as 'es', 'pt-BR') in the UI language ("francés" in es), falling back to the code. */
export function languageName(code: string, language: string): string {
  if (!languageNames.has(language)) {
    try {
      languageNames.set(language, new Intl.DisplayNames([formatLocale(language)], { type: 'language' }));
    } catch {
      languageNames.set(language, null);
    }
  }
  try {
    return languageNames.get(language)?.of(code) ?? code;
  } catch {
    return code;
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

/** Short local time of an ISO date (with the date when not today), in the browser's full locale. */
export function formatTime(iso: string, language: string): string {
  const date = new Date(iso);
  const sameDay = new Date().toDateString() === date.toDateString();
  return sameDay
    ? formatDate(date, language, { hour: '2-digit', minute: '2-digit' })
    : formatDate(date, language, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The viewer's IANA time zone (the browser's), named next to the instants shown by {@link formatInstant}. */
export const viewerZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * An instant (ISO string) in the viewer's zone with its date, time and the zone's short name
 * ("1 Dec 2026, 10:00 CET"); '' when the instant or the language cannot be formatted (as {@link formatDate}).
 */
export const formatInstant = (iso: string, language: string): string =>
  formatDate(iso, language, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });

/**
 * Date and time of an ISO date in the UI language, always with the date ("29 nov 2026, 0:49"): for records read
 * later (archive, audit), where a bare time is ambiguous. '' for an invalid date.
 */
export function formatDateTime(iso: string, language: string): string {
  return formatDate(iso, language, { dateStyle: 'medium', timeStyle: 'short' });
}
