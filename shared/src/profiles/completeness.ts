/**
 * The completeness rule of a district profile (Block 1 meter and group progress).
 *
 * A profile is complete when every KEY field is filled. Key fields (documented in docs/API.md):
 * local designation, region, city, founding year, sectors (≥ 1), specialisation, members by type, employees,
 * management FTE, governance, services (≥ 1), working languages (≥ 1), summary (≥ 1 language) and cooperation
 * (≥ 1 offer or request). Name, kind and country are always present. Coordinates, region code, website,
 * R&D partners, export markets, international partners and contact person are optional.
 */
import type { DistrictProfileFields } from './schema';

export const PROFILE_KEY_FIELDS = [
  'localDesignation',
  'region',
  'city',
  'foundingYear',
  'sectors',
  'specialisation',
  'members',
  'employees',
  'managementFte',
  'governance',
  'services',
  'workingLanguages',
  'summary',
  'cooperation',
] as const;
/** A key field; `cooperation` = offers or requests. */
export type ProfileKeyField = (typeof PROFILE_KEY_FIELDS)[number];

export interface CompletenessDto {
  complete: boolean;
  /** Filled key fields. */
  filled: number;
  /** Number of key fields (14). */
  total: number;
  /** 0–100, rounded down. */
  percent: number;
  /** Key fields still empty, in {@link PROFILE_KEY_FIELDS} order. */
  missing: ProfileKeyField[];
}

const filled = (v: unknown): boolean =>
  v !== null &&
  v !== undefined &&
  (!Array.isArray(v) || v.length > 0) &&
  (typeof v !== 'string' || v.length > 0);

/** Whether one key field is filled in `p`. */
export function isKeyFieldFilled(p: DistrictProfileFields, key: ProfileKeyField): boolean {
  if (key === 'cooperation') return p.offers.length + p.requests.length > 0;
  return filled(p[key]);
}

/** Completeness of a profile by the rule above. */
export function profileCompleteness(p: DistrictProfileFields): CompletenessDto {
  const missing = PROFILE_KEY_FIELDS.filter((k) => !isKeyFieldFilled(p, k));
  const total = PROFILE_KEY_FIELDS.length;
  const done = total - missing.length;
  return {
    complete: missing.length === 0,
    filled: done,
    total,
    percent: Math.floor((done * 100) / total),
    missing,
  };
}
