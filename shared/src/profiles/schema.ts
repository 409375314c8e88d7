/**
 * District profile contract (Block 1 "Profiles of the Polos"): the zod/mini schemas of every profile field, the
 * create / update / import / directory-query payloads and the cross-field rules. DTOs are in `./dto.ts`.
 *
 * Conventions: an empty scalar is `null` (never missing); an empty list is `[]`. Names and texts keep their
 * accents (only bidi controls are removed and ends trimmed, see `userTextSchema`). Counts are non-negative
 * integers; years are 1800–current year (UTC). Countries are ISO 3166-1 alpha-2 (upper-cased on input);
 * sectors are NACE Rev. 2 division codes (`./nace.ts`); the region group is derived from the country and is
 * never part of the input.
 */
import { z } from 'zod/mini';
import { DISTRICT_KINDS, REGION_GROUPS } from '../domain';
import { emailSchema, objectIdSchema, personNameSchema, userTextSchema } from '../schemas/common';
import { isCountryCode, isRegionCodeFor, regionGroupOf } from './countries';
import { isNaceDivision } from './nace';

/** Languages a profile summary (and the NACE labels) can be written in. */
export const PROFILE_LANGUAGES = ['en', 'es', 'pt', 'fr'] as const;
export type ProfileLanguage = (typeof PROFILE_LANGUAGES)[number];

/** Limits of the profile (lengths in UTF-16 code units). */
export const PROFILE_LIMITS = {
  name: 200,
  shortText: 200,
  longText: 4000,
  summary: 4000,
  cardTitle: 160,
  cardDescription: 2000,
  cards: 20,
  listItems: 50,
  sectors: 15,
  cardSectors: 10,
  countries: 249,
  languages: 20,
  count: 10_000_000,
  fte: 10_000,
} as const;

const unique = <T>(values: readonly T[]): boolean => new Set(values).size === values.length;

/** ISO 3166-1 alpha-2 code; trimmed and upper-cased before the check. */
export const countryCodeSchema = z
  .string()
  .check(z.trim(), z.toUpperCase(), z.refine(isCountryCode, 'must be an ISO 3166-1 alpha-2 country code'));

/** NACE Rev. 2 division code (`01`–`99`, one of the 88). */
export const naceDivisionSchema = z
  .string()
  .check(z.trim(), z.refine(isNaceDivision, 'must be a NACE Rev. 2 division code (01–99)'));

const countryListSchema = z
  .array(countryCodeSchema)
  .check(z.maxLength(PROFILE_LIMITS.countries), z.refine(unique, 'must not repeat a country'));

const sectorListSchema = (max: number) =>
  z.array(naceDivisionSchema).check(z.maxLength(max), z.refine(unique, 'must not repeat a sector'));

/** A non-negative integer count (members, employees). */
export const countSchema = z
  .number()
  .check(
    z.int('must be a whole number'),
    z.minimum(0, 'must not be negative'),
    z.maximum(PROFILE_LIMITS.count),
  );

const text = (max: number) => z.nullable(userTextSchema(max));
const textList = z
  .array(userTextSchema(PROFILE_LIMITS.shortText))
  .check(z.maxLength(PROFILE_LIMITS.listItems));

/** Founding year: 1800 to the current year (UTC, read at validation time). */
export const foundingYearSchema = z.number().check(
  z.int('must be a whole number'),
  z.minimum(1800, 'must be 1800 or later'),
  z.refine((y) => y <= new Date().getUTCFullYear(), 'must not be in the future'),
);

/** WGS 84 decimal degrees. */
export const coordinatesSchema = z.strictObject({
  lat: z.number().check(z.minimum(-90), z.maximum(90)),
  lng: z.number().check(z.minimum(-180), z.maximum(180)),
});
export type Coordinates = z.infer<typeof coordinatesSchema>;

/** Members by type. `smes` are the firms that are SMEs, so `smes ≤ firms`. */
export const membersSchema = z
  .strictObject({
    firms: countSchema,
    smes: countSchema,
    universitiesAndRnd: countSchema,
    publicBodies: countSchema,
    other: countSchema,
  })
  .check(
    // A negative firms count is reported on its own (zod runs object checks after field issues too).
    z.refine((m) => m.firms < 0 || m.smes <= m.firms, {
      message: 'SMEs are counted among the firms: must be at most the number of firms',
      path: ['smes'],
    }),
  );
export type MembersByType = z.infer<typeof membersSchema>;
/** Keys of {@link MembersByType}, in display order. */
export const MEMBER_TYPES = ['firms', 'smes', 'universitiesAndRnd', 'publicBodies', 'other'] as const;

/** http(s) URL only (no `javascript:`, `data:` …), at most 500 characters. */
export const websiteSchema = z.string().check(
  z.trim(),
  z.maxLength(500),
  z.refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname.length > 0;
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// address'),
);

/** Contact person: shown to signed-in members only, never exported. */
export const contactPersonSchema = z.strictObject({
  name: personNameSchema,
  role: text(PROFILE_LIMITS.shortText),
  email: z.nullable(emailSchema),
  phone: z.nullable(z.string().check(z.trim(), z.regex(/^\+?[0-9 ()./-]{4,40}$/, 'must be a phone number'))),
});
export type ContactPerson = z.infer<typeof contactPersonSchema>;

/** Summary in one or more of en/es/pt/fr (at least one). */
export const profileSummarySchema = z
  .strictObject({
    en: z.optional(userTextSchema(PROFILE_LIMITS.summary)),
    es: z.optional(userTextSchema(PROFILE_LIMITS.summary)),
    pt: z.optional(userTextSchema(PROFILE_LIMITS.summary)),
    fr: z.optional(userTextSchema(PROFILE_LIMITS.summary)),
  })
  .check(
    z.refine(
      (s) => PROFILE_LANGUAGES.some((l) => s[l] !== undefined),
      'must be written in at least one of en, es, pt, fr',
    ),
  );
export type ProfileSummary = z.infer<typeof profileSummarySchema>;

/** Id of a cooperation card: 1–64 URL-safe characters, chosen by the client (a UUID fits). */
export const cardIdSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 URL-safe characters'));

/** A cooperation offer or request (the matching issue reads these). */
export const cooperationCardSchema = z.strictObject({
  id: cardIdSchema,
  title: userTextSchema(PROFILE_LIMITS.cardTitle),
  description: text(PROFILE_LIMITS.cardDescription),
  sectors: sectorListSchema(PROFILE_LIMITS.cardSectors),
  targetCountries: countryListSchema,
});
export type CooperationCard = z.infer<typeof cooperationCardSchema>;

const cardListSchema = z.array(cooperationCardSchema).check(
  z.maxLength(PROFILE_LIMITS.cards),
  z.refine((cards) => unique(cards.map((c) => c.id)), 'card ids must be unique'),
);

/** ISO 639-1 language code, lower case (`es`, `pt`, `qu`). */
export const languageCodeSchema = z
  .string()
  .check(z.trim(), z.toLowerCase(), z.regex(/^[a-z]{2}$/, 'must be an ISO 639-1 language code'));

/**
 * Every editable field of a profile (no cross-field checks; see {@link districtProfileSchema}).
 * The region group is not here: it is derived from `country` ({@link regionGroupOf}).
 */
export const profileFieldsShape = {
  /** Original spelling with accents ("Clúster de Autopartes", "Pôle Mer"). */
  name: userTextSchema(PROFILE_LIMITS.name),
  /** Local designation: pôle de compétitivité, APL, distretto, clúster… */
  localDesignation: text(PROFILE_LIMITS.shortText),
  kind: z.enum(DISTRICT_KINDS),
  country: countryCodeSchema,
  /** Region name as written locally. */
  region: userTextSchema(PROFILE_LIMITS.shortText),
  /** NUTS-2 for EU countries (`ES51`), ISO 3166-2 otherwise (`MX-JAL`). Checked against `country`. */
  regionCode: z.nullable(z.string().check(z.trim(), z.toUpperCase(), z.maxLength(10))),
  city: text(PROFILE_LIMITS.shortText),
  coordinates: z.nullable(coordinatesSchema),
  foundingYear: z.nullable(foundingYearSchema),
  /** NACE Rev. 2 divisions. */
  sectors: sectorListSchema(PROFILE_LIMITS.sectors),
  specialisation: text(PROFILE_LIMITS.longText),
  members: z.nullable(membersSchema),
  /** Employees in member firms. */
  employees: z.nullable(countSchema),
  /** Management team size in full-time equivalents (may be fractional). */
  managementFte: z.nullable(
    z.number().check(z.minimum(0, 'must not be negative'), z.maximum(PROFILE_LIMITS.fte)),
  ),
  governance: text(PROFILE_LIMITS.longText),
  /** Services to members, one per item. */
  services: textList,
  rdPartners: textList,
  /** Export markets (countries). */
  exportMarkets: countryListSchema,
  internationalPartners: textList,
  offers: cardListSchema,
  requests: cardListSchema,
  workingLanguages: z
    .array(languageCodeSchema)
    .check(z.maxLength(PROFILE_LIMITS.languages), z.refine(unique, 'must not repeat a language')),
  website: z.nullable(websiteSchema),
  contactPerson: z.nullable(contactPersonSchema),
  summary: z.nullable(profileSummarySchema),
};

/** Names of the profile fields, in form/CSV order. A revision lists the ones it changed. */
export const PROFILE_FIELDS = [
  'name',
  'localDesignation',
  'kind',
  'country',
  'region',
  'regionCode',
  'city',
  'coordinates',
  'foundingYear',
  'sectors',
  'specialisation',
  'members',
  'employees',
  'managementFte',
  'governance',
  'services',
  'rdPartners',
  'exportMarkets',
  'internationalPartners',
  'offers',
  'requests',
  'workingLanguages',
  'website',
  'contactPerson',
  'summary',
] as const satisfies ReadonlyArray<keyof typeof profileFieldsShape>;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** Fields never exported (CSV/JSON) nor shown outside signed-in workspace members. */
export const PRIVATE_PROFILE_FIELDS = ['contactPerson'] as const satisfies readonly ProfileField[];

/** One issue of a cross-field rule. */
export interface ProfileFieldIssue {
  field: ProfileField;
  message: string;
}

/**
 * Cross-field rules of a whole profile (run by the server on the merged result of every write):
 * `regionCode` must be NUTS-2 of the country (EU) or ISO 3166-2 of the country (others).
 */
export function profileCrossFieldIssues(
  p: Pick<DistrictProfileFields, 'country' | 'regionCode'>,
): ProfileFieldIssue[] {
  const issues: ProfileFieldIssue[] = [];
  if (p.regionCode !== null && !isRegionCodeFor(p.country, p.regionCode)) {
    issues.push({
      field: 'regionCode',
      message:
        regionGroupOf(p.country) === 'EU'
          ? `must be a NUTS-2 code of ${p.country} (e.g. ${p.country === 'GR' ? 'EL' : p.country}30)`
          : `must be an ISO 3166-2 code of ${p.country} (e.g. ${p.country}-AB)`,
    });
  }
  return issues;
}

const crossFieldCheck = z.superRefine((p: Pick<DistrictProfileFields, 'country' | 'regionCode'>, ctx) => {
  for (const issue of profileCrossFieldIssues(p)) {
    ctx.issues.push({ code: 'custom', message: issue.message, path: [issue.field], input: p });
  }
});

/** A whole profile (every field present; empty = `null` / `[]`). */
export const districtProfileSchema = z.strictObject(profileFieldsShape).check(crossFieldCheck);
export type DistrictProfileFields = z.infer<typeof districtProfileSchema>;

/** The value of every optional field of a new profile. */
export const EMPTY_PROFILE: Omit<DistrictProfileFields, 'name' | 'kind' | 'country' | 'region'> = {
  localDesignation: null,
  regionCode: null,
  city: null,
  coordinates: null,
  foundingYear: null,
  sectors: [],
  specialisation: null,
  members: null,
  employees: null,
  managementFte: null,
  governance: null,
  services: [],
  rdPartners: [],
  exportMarkets: [],
  internationalPartners: [],
  offers: [],
  requests: [],
  workingLanguages: [],
  website: null,
  contactPerson: null,
  summary: null,
};

/**
 * `POST /api/workspaces/:workspaceId/districts` — create (admin, moderator) or propose (participant) a district
 * in the workspace. `name`, `kind`, `country`, `region` are required; every other field is optional
 * (missing = empty).
 */
export const districtCreateBodySchema = z.strictObject({
  ...z.partial(z.strictObject(profileFieldsShape)).shape,
  name: profileFieldsShape.name,
  kind: profileFieldsShape.kind,
  country: profileFieldsShape.country,
  region: profileFieldsShape.region,
  /** Participant only: a short note for the moderators with the representation request. */
  message: z.optional(userTextSchema(1000)),
});
export type DistrictCreateBody = z.infer<typeof districtCreateBodySchema>;

/**
 * `PATCH /api/workspaces/:workspaceId/districts/:districtId` — changed fields only, on the revision the editor
 * started from. Fields changed since `baseRevision` by someone else merge when disjoint; the same field changed
 * on both sides (to different values) answers 409 `conflict` with {@link ProfileConflictDetails}.
 */
export const districtUpdateBodySchema = z.strictObject({
  baseRevision: z.number().check(z.int(), z.minimum(1)),
  changes: z.partial(z.strictObject(profileFieldsShape)),
});
export type DistrictUpdateBody = z.infer<typeof districtUpdateBodySchema>;

/** `POST …/districts/:districtId/revisions/:revision/restore` — restore the profile as it was at `revision`. */
export const districtRestoreBodySchema = z.strictObject({
  /** The revision the restorer saw as current (a newer one → 409 `conflict`). */
  baseRevision: z.number().check(z.int(), z.minimum(1)),
});
export type DistrictRestoreBody = z.infer<typeof districtRestoreBodySchema>;

/** `POST …/districts/:districtId/validation` (moderator, admin). `validated: false` removes the mark. */
export const districtValidationBodySchema = z.strictObject({ validated: z.boolean() });
export type DistrictValidationBody = z.infer<typeof districtValidationBodySchema>;

/** `POST …/districts/:districtId/representation-requests` (participant, moderator, admin). */
export const representationRequestBodySchema = z.strictObject({
  message: z.optional(userTextSchema(1000)),
});
export type RepresentationRequestBody = z.infer<typeof representationRequestBodySchema>;

/** `POST /api/workspaces/:workspaceId/representation-requests/:requestId/decision` (moderator, admin). */
export const representationDecisionBodySchema = z.strictObject({ approve: z.boolean() });
export type RepresentationDecisionBody = z.infer<typeof representationDecisionBodySchema>;

export const REPRESENTATION_STATES = ['pending', 'approved', 'rejected'] as const;
export type RepresentationState = (typeof REPRESENTATION_STATES)[number];

/** Sort orders of the directory (`-` = descending). Ties break by id. */
export const DIRECTORY_SORTS = [
  'name',
  '-name',
  'country',
  '-country',
  'updated',
  '-updated',
  'firms',
  '-firms',
  'employees',
  '-employees',
  'completeness',
  '-completeness',
] as const;
export type DirectorySort = (typeof DIRECTORY_SORTS)[number];

/** A comma-separated query list, each item checked by `item`. */
const listQuery = <T extends z.ZodMiniType>(item: T) =>
  z.pipe(
    z.pipe(
      z.string().check(z.maxLength(2000)),
      z.transform((s: string) =>
        s
          .split(',')
          .map((x) => x.trim())
          .filter((x) => x.length > 0),
      ),
    ),
    // Each item's input is a string (the split); enums type their input narrower, hence the cast.
    z.array(item).check(z.maxLength(300)) as unknown as z.ZodMiniType<Array<z.output<T>>, string[]>,
  );

const intQuery = z.pipe(
  z.string().check(z.regex(/^\d{1,9}$/, 'must be a non-negative integer')),
  z.transform((s: string) => Number(s)),
);
const boolQuery = z.pipe(
  z.enum(['true', 'false']),
  z.transform((s: 'true' | 'false') => s === 'true'),
);

/**
 * `GET /api/workspaces/:workspaceId/districts` (and `/export`) query. Lists are comma separated and match any
 * of their values; filters combine with AND. `q` matches words of names, local designations, specialisation and
 * cooperation offers/requests (titles and descriptions), case- and accent-insensitive, every word must match
 * (prefix match for the last word).
 */
export const directoryQuerySchema = z.strictObject({
  /** `EU`, `LAC`, `other` (comma list). */
  regionGroup: z.optional(listQuery(z.enum(REGION_GROUPS))),
  /** ISO 3166-1 alpha-2 codes (comma list). */
  country: z.optional(listQuery(countryCodeSchema)),
  /** District kinds (comma list). */
  kind: z.optional(listQuery(z.enum(DISTRICT_KINDS))),
  /** NACE division codes (comma list): a profile matches when it has any of them. */
  sector: z.optional(listQuery(naceDivisionSchema)),
  firmsMin: z.optional(intQuery),
  firmsMax: z.optional(intQuery),
  employeesMin: z.optional(intQuery),
  employeesMax: z.optional(intQuery),
  validated: z.optional(boolQuery),
  complete: z.optional(boolQuery),
  q: z.optional(z.string().check(z.maxLength(200))),
  sort: z.optional(z.enum(DIRECTORY_SORTS)),
  /** Opaque `nextCursor` of the previous page. */
  cursor: z.optional(z.string().check(z.maxLength(500))),
  /** 1–100, default 50 (ignored by `/export`). */
  limit: z.optional(
    z.pipe(
      z.string().check(z.regex(/^\d{1,3}$/)),
      z.transform((s: string) => Math.min(100, Math.max(1, Number(s)))),
    ),
  ),
  /** `/export` only: `csv` (default) or `json`. */
  format: z.optional(z.enum(['csv', 'json'])),
});
export type DirectoryQueryInput = z.input<typeof directoryQuerySchema>;
export type DirectoryQuery = z.infer<typeof directoryQuerySchema>;

/** `POST /api/workspaces/:workspaceId/districts/import?dryRun=true&allOrNothing=false` (admin). */
export const importQuerySchema = z.strictObject({
  /** Default `true`: report only, write nothing. */
  dryRun: z.optional(boolQuery),
  /** Default `false`: write the valid rows; `true`: write nothing when any row is rejected. */
  allOrNothing: z.optional(boolQuery),
});
export type ImportQuery = z.infer<typeof importQuerySchema>;

/** Largest import file (bytes). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
/** Most rows of one import. */
export const MAX_IMPORT_ROWS = 20_000;
/**
 * Most updated rows an import report lists with their fields (`ImportReportDto.updates`): at 20,000 rows the full
 * list would be megabytes; `updated` and `fieldChanges` still count every row.
 */
export const MAX_IMPORT_LISTED_UPDATES = 500;

export { objectIdSchema as districtIdSchema };
