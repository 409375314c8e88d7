import {
  MEMBER_TYPES,
  PROFILE_FIELDS,
  PROFILE_LANGUAGES,
  naceLabel,
  profileCrossFieldIssues,
  profileFieldsShape,
  type DistrictProfileDto,
  type DistrictProfileFields,
} from '@polos/shared';
import { countryName, formatNumber } from '../../i18n/format';

type T = (key: string, options?: Record<string, unknown>) => string;

/** The editable fields of a profile DTO (the form's state). */
export function fieldsOf(profile: DistrictProfileDto): DistrictProfileFields {
  const out: Record<string, unknown> = {};
  for (const field of PROFILE_FIELDS) out[field] = profile[field] ?? null;
  return out as DistrictProfileFields;
}

/** Deep equality of two JSON values (field values of a profile). */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

function normalise(value: unknown): unknown {
  if (value === undefined) return null;
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return Object.fromEntries(entries.map(([k, v]) => [k, normalise(v)]));
  }
  return value;
}

/** The fields of `draft` that differ from `base` (what a save sends as `changes`). */
export function changedFields(
  base: DistrictProfileFields,
  draft: DistrictProfileFields,
): Partial<DistrictProfileFields> {
  const changes: Record<string, unknown> = {};
  for (const field of PROFILE_FIELDS) {
    if (!sameValue(base[field], draft[field])) changes[field] = draft[field];
  }
  return changes;
}

/** One field error: the field (and sub-path, e.g. `members.smes`, `offers.0.title`) and a translated message. */
export interface FieldError {
  path: string;
  message: string;
}

/** True when `url` is an absolute http(s) address (the only links the UI renders). */
export function isHttpUrl(url: string | null | undefined): url is string {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname.length > 0;
  } catch {
    return false;
  }
}

const isCount = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/**
 * Client-side checks of the profile form, with translated messages tied to field paths; the shared zod schemas
 * (the server's rules) catch the rest, with their own message. Returns [] when the draft can be sent.
 */
export function validateDraft(draft: DistrictProfileFields, t: T, now = new Date()): FieldError[] {
  const errors: FieldError[] = [];
  const push = (path: string, message: string) => {
    if (!errors.some((e) => e.path === path)) errors.push({ path, message });
  };
  if (!draft.name?.trim()) push('name', t('profiles.form.required'));
  if (!draft.region?.trim()) push('region', t('profiles.form.required'));
  if (!draft.country) push('country', t('profiles.form.required'));
  if (draft.website !== null && !isHttpUrl(draft.website)) push('website', t('profiles.form.websiteScheme'));
  const maxYear = now.getUTCFullYear();
  if (
    draft.foundingYear !== null &&
    (!Number.isInteger(draft.foundingYear) || draft.foundingYear < 1800 || draft.foundingYear > maxYear)
  ) {
    push('foundingYear', t('profiles.form.yearRange', { max: maxYear }));
  }
  if (draft.employees !== null && !isCount(draft.employees))
    push('employees', t('profiles.form.nonNegative'));
  if (draft.managementFte !== null && !(draft.managementFte >= 0))
    push('managementFte', t('profiles.form.nonNegative'));
  if (draft.members) {
    for (const type of MEMBER_TYPES) {
      if (!isCount(draft.members[type])) push(`members.${type}`, t('profiles.form.nonNegative'));
    }
    if (isCount(draft.members.smes) && draft.members.smes > draft.members.firms)
      push('members.smes', t('profiles.form.smesMax'));
  }
  if (draft.coordinates) {
    const { lat, lng } = draft.coordinates;
    if (!(lat >= -90 && lat <= 90)) push('coordinates.lat', t('profiles.form.latRange'));
    if (!(lng >= -180 && lng <= 180)) push('coordinates.lng', t('profiles.form.lonRange'));
  }
  for (const list of ['offers', 'requests'] as const) {
    draft[list].forEach((card, index) => {
      if (!card.title.trim()) push(`${list}.${index}.title`, t('profiles.form.required'));
    });
  }
  // The server's own rules (lengths, formats, cross-field region code) for what is left.
  for (const field of PROFILE_FIELDS) {
    if (errors.some((e) => e.path === field || e.path.startsWith(`${field}.`))) continue;
    const result = profileFieldsShape[field].safeParse(draft[field]);
    if (!result.success) {
      const issue = result.error.issues[0];
      const sub = issue?.path?.length ? `${field}.${issue.path.join('.')}` : field;
      push(sub, issue?.message ?? t('profiles.form.invalid'));
    }
  }
  if (draft.country && !errors.some((e) => e.path === 'regionCode')) {
    for (const issue of profileCrossFieldIssues(draft)) push(issue.field, issue.message);
  }
  return errors;
}

/** Field paths reported by a 400 `invalid` answer (zod issues or `{ field }` items), best effort. */
export function serverFieldErrors(details: unknown): FieldError[] {
  const items: unknown[] = Array.isArray(details)
    ? details
    : details && typeof details === 'object'
      ? ((details as { issues?: unknown[] }).issues ?? (details as { fields?: unknown[] }).fields ?? [])
      : [];
  const out: FieldError[] = [];
  for (const item of items) {
    if (!item || typeof item !== 'object') continue;
    const { path, field, message } = item as { path?: unknown[]; field?: string; message?: string };
    let key = field ?? (Array.isArray(path) ? path.map(String).join('.') : undefined);
    if (key?.startsWith('changes.')) key = key.slice('changes.'.length);
    if (key) out.push({ path: key, message: message ?? '' });
  }
  return out;
}

/** The label of a profile field (or key field, `cooperation`) in the UI language. */
export function fieldLabel(field: string, t: T): string {
  return t(`profiles.field.${field}`);
}

const MEMBER_LABEL: Record<(typeof MEMBER_TYPES)[number], string> = {
  firms: 'firms',
  smes: 'smes',
  universitiesAndRnd: 'universities',
  publicBodies: 'publicBodies',
  other: 'otherMembers',
};

/** The label of a member type (`firms`, `smes`, …). */
export function memberLabel(type: (typeof MEMBER_TYPES)[number], t: T): string {
  return t(`profiles.field.${MEMBER_LABEL[type]}`);
}

/** A list of countries as names in the UI language. */
export function countryList(codes: readonly string[], lang: string): string {
  return codes.map((c) => countryName(c, lang)).join(', ');
}

/** A list of NACE divisions as "28 Machinery…" in the UI language. */
export function sectorList(codes: readonly string[], lang: string): string {
  return codes.map((c) => `${c} ${naceLabel(c, lang)}`).join('; ');
}

/** The name of a language code in the UI language (Intl.DisplayNames), falling back to the code. */
export function languageName(code: string, lang: string): string {
  try {
    return new Intl.DisplayNames([lang], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * A field value as plain text for history, conflicts, compare and the profile page (always rendered as React
 * text, never as HTML). Empty values give ''.
 */
export function formatFieldValue(field: string, value: unknown, t: T, lang: string): string {
  if (value === null || value === undefined) return '';
  switch (field) {
    case 'kind':
      return t(`profiles.kind.${value as string}`);
    case 'country':
      return countryName(value as string, lang);
    case 'exportMarkets':
      return countryList(value as string[], lang);
    case 'sectors':
      return sectorList(value as string[], lang);
    case 'workingLanguages':
      return (value as string[]).map((c) => languageName(c, lang)).join(', ');
    case 'coordinates': {
      const c = value as { lat: number; lng: number };
      const n = (x: number) => formatNumber(x, lang, { maximumFractionDigits: 6 });
      // With a decimal comma ("25,67") a comma between the two would be ambiguous: use "; " there.
      const sep = formatNumber(1.5, lang).includes(',') ? '; ' : ', ';
      return `${n(c.lat)}${sep}${n(c.lng)}`;
    }
    case 'members': {
      const m = value as Record<(typeof MEMBER_TYPES)[number], number>;
      return MEMBER_TYPES.map((type) => `${memberLabel(type, t)}: ${formatNumber(m[type], lang)}`).join(
        ' · ',
      );
    }
    case 'offers':
    case 'requests':
      return (value as Array<{ title: string; description: string | null }>)
        .map((c) => (c.description ? `${c.title} — ${c.description}` : c.title))
        .join('\n');
    case 'summary': {
      const s = value as Partial<Record<(typeof PROFILE_LANGUAGES)[number], string>>;
      return PROFILE_LANGUAGES.filter((l) => s[l])
        .map((l) => `${t(`profiles.lang.${l}`)}: ${s[l]}`)
        .join('\n');
    }
    case 'contactPerson': {
      const c = value as { name: string; role: string | null; email: string | null; phone: string | null };
      return [c.name, c.role, c.email, c.phone].filter(Boolean).join(' · ');
    }
    case 'foundingYear':
      return typeof value === 'number' ? String(value) : ''; // a year: no digit grouping
    default:
      if (typeof value === 'number') return formatNumber(value, lang, { maximumFractionDigits: 2 });
      if (Array.isArray(value))
        return value.map((v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

/** Summary text in the UI language, else the first language written. */
export function summaryIn(
  summary: DistrictProfileFields['summary'],
  lang: string,
): { language: string; text: string } | null {
  if (!summary) return null;
  const short = lang.slice(0, 2) as (typeof PROFILE_LANGUAGES)[number];
  if (summary[short]) return { language: short, text: summary[short] };
  for (const l of PROFILE_LANGUAGES) if (summary[l]) return { language: l, text: summary[l] };
  return null;
}

/** A new card id (URL-safe, unique enough per profile). */
export function newCardId(): string {
  return (
    globalThis.crypto?.randomUUID?.() ?? `c${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`
  );
}
