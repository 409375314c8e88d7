/**
 * DTOs of district profiles, the directory, revisions, conflicts, progress, representation requests and CSV
 * import reports, as the server presents them over HTTP and Socket.IO (ids: 24-hex strings; dates: ISO 8601 UTC).
 */
import type { DistrictKind, DistrictSummaryDto, RegionGroup, UserSummaryDto } from '../domain';
import type {
  Coordinates,
  DistrictProfileFields,
  MembersByType,
  ProfileField,
  RepresentationState,
} from './schema';
import type { CompletenessDto } from './completeness';
import type { ImportDelimiter, ImportEncoding } from './importFile';

/** Moderator's validation mark: "validated on <date>", and "edited since" after a later change. */
export interface ProfileValidationDto {
  validatedAt: string;
  validatedBy: UserSummaryDto | null;
  /** The profile changed after it was validated. */
  editedSince: boolean;
}

/**
 * `GET …/districts/:districtId`: the full profile (contact person included: every route is for signed-in
 * workspace members; exports never include it).
 */
export interface DistrictProfileDto extends DistrictProfileFields {
  id: string;
  /** Derived from `country`. */
  regionGroup: RegionGroup;
  /** Fictitious demo district (the UI labels it). */
  demo: boolean;
  /** Current revision number (1 = created). Send it back as `baseRevision` when saving. */
  revision: number;
  createdAt: string;
  updatedAt: string;
  validation: ProfileValidationDto | null;
  completeness: CompletenessDto;
  /** Approved representatives (may edit the profile). */
  representatives: UserSummaryDto[];
  /** Whether the caller may edit (representative or admin). */
  canEdit: boolean;
  /** Whether the caller may mark it validated (moderator, admin). */
  canValidate: boolean;
  /** The caller's pending representation request for this district, if any. */
  myRequest: RepresentationRequestDto | null;
}

/** One card/row of the directory list (no contact person, no long texts). */
export interface DirectoryCardDto {
  id: string;
  name: string;
  localDesignation: string | null;
  kind: DistrictKind;
  country: string;
  regionGroup: RegionGroup;
  region: string;
  regionCode: string | null;
  city: string | null;
  coordinates: Coordinates | null;
  foundingYear: number | null;
  sectors: string[];
  /** First 300 characters. */
  specialisation: string | null;
  members: MembersByType | null;
  employees: number | null;
  /** Titles of the offers and requests. */
  offers: Array<{ id: string; title: string }>;
  requests: Array<{ id: string; title: string }>;
  validated: boolean;
  /** Validated, then changed. */
  editedSinceValidation: boolean;
  complete: boolean;
  /** 0–100. */
  completenessPercent: number;
  demo: boolean;
  revision: number;
  updatedAt: string;
}

/** `GET /api/workspaces/:workspaceId/districts`: one page of the directory. */
export interface DirectoryPageDto {
  items: DirectoryCardDto[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /** Number of profiles matching the filters (all pages). */
  total: number;
}

export const REVISION_KINDS = ['create', 'update', 'restore', 'import', 'validate'] as const;
/** What produced a revision. `validate` changes no field (only the validation mark). */
export type RevisionKind = (typeof REVISION_KINDS)[number];

/** `GET …/districts/:districtId/revisions` item: one stored change. */
export interface ProfileRevisionDto {
  id: string;
  districtId: string;
  /** 1, 2, 3… per district. */
  revision: number;
  kind: RevisionKind;
  at: string;
  /** Null for the demo seed / a deleted account. */
  by: UserSummaryDto | null;
  /** Fields this revision changed. */
  fields: ProfileField[];
  /** Values before the change, only of `fields`. */
  before: Partial<DistrictProfileFields>;
  /** Values after the change, only of `fields`. */
  after: Partial<DistrictProfileFields>;
  /** `restore` only: the revision whose values were restored. */
  restoredFrom: number | null;
  /** `validate` only: the mark was set (true) or removed (false). */
  validated: boolean | null;
}

/** `GET …/districts/:districtId/revisions`: newest first. */
export interface ProfileRevisionPageDto {
  items: ProfileRevisionDto[];
  /** Pass as `?before=<revision>` for older ones; null when none are left. */
  nextBefore: number | null;
}

/** One field edited on both sides of a stale save. */
export interface ProfileFieldConflict {
  field: ProfileField;
  /** Value at the editor's base revision. */
  base: unknown;
  /** Value stored now (saved by someone else since the base). */
  theirs: unknown;
  /** Value the editor tried to save. */
  yours: unknown;
}

/**
 * `details` of the 409 `conflict` error of a stale save (`{ error: { code: 'conflict', message, details } }`).
 * Nothing of the rejected save is stored; the editor resolves and saves again on `current.revision`.
 */
export interface ProfileConflictDetails {
  baseRevision: number;
  currentRevision: number;
  conflicts: ProfileFieldConflict[];
  /** The stored profile now. */
  current: DistrictProfileDto;
}

/** Completeness of the workspace's profiles, live (`districts:progress`). */
export interface ProfilesProgressDto {
  workspaceId: string;
  /** Profiles with every key field filled. */
  complete: number;
  /** Districts taking part in the workspace. */
  total: number;
  byRegion: Record<RegionGroup, { complete: number; total: number }>;
}

/** A user's request to represent a district (or the proposal of a new district). */
export interface RepresentationRequestDto {
  id: string;
  workspaceId: string;
  district: DistrictSummaryDto;
  user: UserSummaryDto;
  state: RepresentationState;
  /** The request came with the proposal of a new district. */
  proposedDistrict: boolean;
  message: string | null;
  createdAt: string;
  decidedAt: string | null;
  decidedBy: UserSummaryDto | null;
}

/** One rejected field of an import row. */
export interface ImportFieldError {
  /** CSV header as written in the file (or the profile field when no column applies, e.g. `row`). */
  column: string;
  field: ProfileField | 'row';
  /** The cell as read (truncated to 200 characters). */
  value: string;
  /** English explanation, for API users (UIs render {@link ImportFieldError.code} in their language). */
  reason: string;
  /** Stable machine code of the reason; see {@link IMPORT_REASON_CODES}. */
  code: ImportReasonCode;
  /** Values for the code's message, e.g. `{ line: 2 }` (duplicate_row), `{ options: 'cluster, district' }`, `{ minimum: 0 }`. */
  params?: Record<string, string | number>;
}

/**
 * Stable codes of import rejections (UIs translate them; the set only grows): `missing_column` (a required field
 * has no column in a new row; params `column` — no longer sent, see `missing_columns`), `duplicate_row` (`line`),
 * `ambiguous_match`, `not_a_number`, `invalid_json_cards`, `invalid_text_list`, `coordinates_pair`, `invalid_country`,
 * `invalid_nace`, `invalid_language`, `invalid_url`, `invalid_phone`, `duplicate_item`, `negative_count`,
 * `too_small` (`minimum`), `too_big` (`maximum`), `too_short` (`minimum`), `too_long` (`maximum`), `invalid_option`
 * (`options`), `invalid_type`, `future_year`, `smes_exceed_firms`, `invalid_region_code`, `ambiguous_number` (a
 * count such as `3,500` whose separator is the file's decimal separator yet looks like a thousands separator, or any
 * `3.500`/`3,500` in a file whose decimal separator is unknown; params `decimal`: `,`, `.` or `?`), `required` (the
 * cell of a required field — name, kind, country, region — is empty), `missing_columns` (row-level: a new district
 * needs columns the file lacks; `columns`, the column ids joined by `, `; the report lists them once in
 * {@link ImportReportDto.missingColumns}), `extra_cells` (row-level: the row has more non-empty cells than the header
 * has columns, e.g. an unquoted value holding the separator; `cells`, `columns`), `invalid` (anything else; see
 * `reason`).
 */
export const IMPORT_REASON_CODES = [
  'missing_column',
  'duplicate_row',
  'ambiguous_match',
  'not_a_number',
  'not_integer',
  'invalid_json_cards',
  'invalid_text_list',
  'coordinates_pair',
  'invalid_country',
  'invalid_nace',
  'invalid_language',
  'invalid_url',
  'invalid_phone',
  'duplicate_item',
  'negative_count',
  'too_small',
  'too_big',
  'too_short',
  'too_long',
  'invalid_option',
  'invalid_type',
  'future_year',
  'smes_exceed_firms',
  'invalid_region_code',
  'invalid',
  'ambiguous_number',
  'required',
  'missing_columns',
  'extra_cells',
] as const;
export type ImportReasonCode = (typeof IMPORT_REASON_CODES)[number];

/** One rejected row of an import. */
export interface ImportRejectedRow {
  /** 1-based line number of the record in the file (the header is line 1). */
  line: number;
  name: string | null;
  country: string | null;
  errors: ImportFieldError[];
}

/**
 * An updated row of an import: which stored fields it changes (dry run: would change). A blank cell means "no
 * value", so a blank cell under a column of the file clears a stored value: those fields are also in `cleared`.
 */
export interface ImportUpdatedRow {
  /** 1-based line number of the record in the file. */
  line: number;
  name: string;
  country: string;
  /** Changed fields, in `PROFILE_FIELDS` order; empty when the row only adds the district to this workspace. */
  fields: ProfileField[];
  /** Of `fields`, those whose stored value is cleared (a value is stored, the row leaves it empty). */
  cleared: ProfileField[];
}

/** How many updated rows change and clear one field, over the whole file. */
export interface ImportFieldChanges {
  field: ProfileField;
  changed: number;
  cleared: number;
}

/** Response of `POST …/districts/import` (dry run and real). */
export interface ImportReportDto {
  dryRun: boolean;
  allOrNothing: boolean;
  /** `,`, `;` or a tab, as detected on the header line. */
  delimiter: ImportDelimiter;
  /** The text encoding the file was read in (detected from its bytes), for the admin to check the accents. */
  encoding: ImportEncoding;
  /**
   * The decimal separator the numbers were read with (`,` in `;` files; `.` in `,` files unless their coordinates
   * are written with decimal commas; tab files: from their coordinates), or null when unknown. Thousands separators
   * in counts are the other one (and spaces).
   */
  decimalSeparator: ',' | '.' | null;
  /** The first name in the file with a letter outside ASCII ("Clúster…"), as read, to check the accents; or null. */
  accentSample: string | null;
  /** Header language detected: `en`, `es`, or `mixed`. */
  headerLanguage: 'en' | 'es' | 'mixed';
  /** Unknown columns (ignored). */
  ignoredColumns: string[];
  rows: number;
  /** Rows that would create / update / leave unchanged a profile (dry run), or did (real run). */
  created: number;
  updated: number;
  unchanged: number;
  rejected: ImportRejectedRow[];
  /**
   * The updated rows with their changed and cleared fields, in file order: the first
   * `MAX_IMPORT_LISTED_UPDATES` (`updated` counts them all). What was written when `written`, else what would be.
   */
  updates: ImportUpdatedRow[];
  /** Per field, over every updated row (listed or not): rows changing it and clearing it; `PROFILE_FIELDS` order. */
  fieldChanges: ImportFieldChanges[];
  /**
   * Column ids a new district needs that the file's header lacks (`kind`, `region`), when some row would create one:
   * said once here; each such row is rejected with the row-level code `missing_columns`. Empty otherwise.
   */
  missingColumns: string[];
  /** False for a dry run, and for an all-or-nothing run with rejected rows. */
  written: boolean;
}

/** `district:updated` fact to the workspace room, after the change is stored. */
export interface DistrictUpdatedEvent {
  workspaceId: string;
  district: DirectoryCardDto;
  /** Fields the revision changed (empty for a validation mark). */
  fields: ProfileField[];
  kind: RevisionKind;
  by: UserSummaryDto | null;
}
