import mongoose, { Schema, type Types } from 'mongoose';
import {
  DISTRICT_KINDS,
  REGION_GROUPS,
  type ContactPerson,
  type Coordinates,
  type CooperationCard,
  type DistrictKind,
  type MembersByType,
  type ProfileField,
  type ProfileSummary,
  type RegionGroup,
  type RevisionKind,
} from '@polos/shared';
import { derivedOf, profileOf } from './profileFields';

/**
 * The last revision of a district, stored in the district document by the same atomic write as the change it
 * describes, then copied to the `districtrevisions` log (see `profile.service.ts`): a crash between the two
 * writes loses no history, the copy is redone on the next read of the history.
 */
export interface LastRevisionDoc {
  revision: number;
  kind: RevisionKind;
  at: Date;
  byUserId: Types.ObjectId | null;
  fields: ProfileField[];
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  restoredFrom: number | null;
  validated: boolean | null;
}

/**
 * A Competitive District / Polo: one entity across programme years (collection `districts`). The profile
 * fields are those of `DistrictProfileFields` (shared/src/profiles/schema.ts), validated with zod at the edge;
 * documents created before the profiles (issue 10) lack most of them and are read with empty defaults.
 */
export interface DistrictDoc {
  _id: Types.ObjectId;
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  region: string;
  /** Derived from `country` (`regionGroupOf`). */
  regionGroup: RegionGroup;
  /** NACE Rev. 2 division codes (free words in documents from before issue 10). */
  sectors: string[];
  kind: DistrictKind;
  demo: boolean;
  createdAt: Date;

  localDesignation?: string | null;
  regionCode?: string | null;
  city?: string | null;
  coordinates?: Coordinates | null;
  foundingYear?: number | null;
  specialisation?: string | null;
  members?: MembersByType | null;
  employees?: number | null;
  managementFte?: number | null;
  governance?: string | null;
  services?: string[];
  rdPartners?: string[];
  exportMarkets?: string[];
  internationalPartners?: string[];
  offers?: CooperationCard[];
  requests?: CooperationCard[];
  workingLanguages?: string[];
  website?: string | null;
  contactPerson?: ContactPerson | null;
  summary?: ProfileSummary | null;

  /** Workspaces (programme years) the district takes part in. */
  workspaceIds?: Types.ObjectId[];
  /** Users approved to edit the profile. */
  representativeIds?: Types.ObjectId[];
  /** 1 = created; +1 per stored change. Absent on documents from before issue 10 (= 0). */
  revision?: number;
  updatedAt?: Date;
  validatedAt?: Date | null;
  validatedById?: Types.ObjectId | null;
  /** Changed after `validatedAt`. */
  editedSinceValidation?: boolean;
  lastRevision?: LastRevisionDoc | null;

  // — derived on every write (directory filters, search and sort) —
  /** Folded name (lower case, no accents) for sorting and the (name, country) import key. */
  nameKey?: string;
  /** ` word word …` folded words of name, designation, specialisation, offers and requests. */
  searchText?: string;
  /** Folded word prefixes of 3..6 letters of `searchText` (the directory's indexed text filter). */
  searchKeys?: string[];
  complete?: boolean;
  completenessPercent?: number;
  /** `members.firms`, or -1 when unknown (sort and range filter without nulls). */
  sortFirms?: number;
  /** `employees`, or -1 when unknown. */
  sortEmployees?: number;
}

const districtSchema = new Schema<DistrictDoc>(
  {
    name: { type: String, required: true, trim: true, maxlength: 200 },
    country: { type: String, required: true, match: /^[A-Z]{2}$/ },
    region: { type: String, required: true, maxlength: 200 },
    regionGroup: { type: String, required: true, enum: REGION_GROUPS },
    sectors: { type: [String], default: [] },
    kind: { type: String, required: true, enum: DISTRICT_KINDS },
    demo: { type: Boolean, default: false },
    createdAt: { type: Date, default: () => new Date() },

    localDesignation: { type: String, default: null },
    regionCode: { type: String, default: null },
    city: { type: String, default: null },
    coordinates: { type: Schema.Types.Mixed, default: null },
    foundingYear: { type: Number, default: null },
    specialisation: { type: String, default: null },
    members: { type: Schema.Types.Mixed, default: null },
    employees: { type: Number, default: null },
    managementFte: { type: Number, default: null },
    governance: { type: String, default: null },
    services: { type: [String], default: [] },
    rdPartners: { type: [String], default: [] },
    exportMarkets: { type: [String], default: [] },
    internationalPartners: { type: [String], default: [] },
    offers: { type: Schema.Types.Mixed, default: () => [] },
    requests: { type: Schema.Types.Mixed, default: () => [] },
    workingLanguages: { type: [String], default: [] },
    website: { type: String, default: null },
    contactPerson: { type: Schema.Types.Mixed, default: null },
    summary: { type: Schema.Types.Mixed, default: null },

    workspaceIds: { type: [Schema.Types.ObjectId], default: [] },
    representativeIds: { type: [Schema.Types.ObjectId], default: [] },
    revision: { type: Number, default: 0 },
    updatedAt: { type: Date, default: () => new Date() },
    validatedAt: { type: Date, default: null },
    validatedById: { type: Schema.Types.ObjectId, default: null },
    editedSinceValidation: { type: Boolean, default: false },
    lastRevision: { type: Schema.Types.Mixed, default: null },

    nameKey: { type: String, default: '' },
    searchText: { type: String, default: '' },
    searchKeys: { type: [String], default: undefined },
    complete: { type: Boolean, default: false },
    completenessPercent: { type: Number, default: 0 },
    sortFirms: { type: Number, default: -1 },
    sortEmployees: { type: Number, default: -1 },
  },
  { minimize: false },
);
// Every way a district is created (profile service, demo seed, test factories) gets the derived fields and
// revision 1; later writes set them in the same atomic update as the change (profile.service.ts).
districtSchema.pre('validate', function () {
  if (!this.isNew) return;
  Object.assign(this, derivedOf(profileOf(this as unknown as DistrictDoc)));
  if (!this.revision) this.revision = 1;
});
// The directory of a workspace in name order (the default sort, stops after a page); by sector and region group
// (a small candidate set for those filters and their count; MongoDB indexes one array field per index, so not
// with workspaceIds); the (name, country) import key.
districtSchema.index({ workspaceIds: 1, nameKey: 1, _id: 1 });
// A text term: the word-prefix key with the region group, in name order (a page stops early). Declared before
// the sector index: with equal prefixes matched the embedded planner keeps the first, and a prefix of 3+ letters
// is the more selective condition.
districtSchema.index({ searchKeys: 1, regionGroup: 1, nameKey: 1, _id: 1 });
districtSchema.index({ sectors: 1, regionGroup: 1 });
districtSchema.index({ nameKey: 1, country: 1 });

export const District = mongoose.model<DistrictDoc>('District', districtSchema);

/** One stored change of a district profile (collection `districtrevisions`), see `ProfileRevisionDto`. */
export interface DistrictRevisionDoc extends LastRevisionDoc {
  _id: Types.ObjectId;
  districtId: Types.ObjectId;
}

const districtRevisionSchema = new Schema<DistrictRevisionDoc>(
  {
    districtId: { type: Schema.Types.ObjectId, ref: 'District', required: true },
    revision: { type: Number, required: true, min: 1 },
    kind: { type: String, required: true },
    at: { type: Date, required: true },
    byUserId: { type: Schema.Types.ObjectId, default: null },
    fields: { type: [String], default: [] },
    before: { type: Schema.Types.Mixed, default: () => ({}) },
    after: { type: Schema.Types.Mixed, default: () => ({}) },
    restoredFrom: { type: Number, default: null },
    validated: { type: Boolean, default: null },
  },
  { minimize: false },
);
// One entry per revision number (a redone copy cannot duplicate it); also the history's read order.
districtRevisionSchema.index({ districtId: 1, revision: -1 }, { unique: true });

export const DistrictRevision = mongoose.model<DistrictRevisionDoc>(
  'DistrictRevision',
  districtRevisionSchema,
);
