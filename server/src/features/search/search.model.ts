import mongoose, { Schema, type Types } from 'mongoose';
import { SEARCH_KINDS, type RegionGroup, type SearchKind } from '@polos/shared';

/**
 * One searchable text (collection `searchentries`, owned and written only by the search feature): a projection
 * of a post, a question (one entry per language of its text), a draft or release (one entry per UI language,
 * since they have no language of their own) or a district profile. Derived data: rebuilt from the owners'
 * collections whenever it is missing or of an older `SEARCH_INDEX_VERSION`, kept live by their domain events.
 */
export interface SearchEntryDoc {
  /** `<kind>:<sourceId>` or `<kind>:<sourceId>:<lang>`. */
  _id: string;
  kind: SearchKind;
  sourceId: Types.ObjectId;
  /** null for district profiles (readable by every signed-in user, like `GET /api/districts`). */
  workspaceId: Types.ObjectId | null;
  /** MongoDB text-search language of this entry (the text index's `language_override` field). */
  language: string;
  title: string;
  body: string;
  blockId: Types.ObjectId | null;
  questionId: Types.ObjectId | null;
  draftId: Types.ObjectId | null;
  releaseNumber: number | null;
  authorId: Types.ObjectId | null;
  authorName: string | null;
  districtId: Types.ObjectId | null;
  districtName: string | null;
  regionGroup: RegionGroup | null;
  at: Date;
  /** Hidden post: only moderators and admins get it. */
  hidden: boolean;
  /**
   * Version of the source this entry was made from (a post's `lastSeq`): a write carrying an older one is
   * dropped, so a rebuild reading a post before a change never overwrites the entry of that change.
   */
  rev: number;
}

const searchEntrySchema = new Schema<SearchEntryDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, enum: SEARCH_KINDS, required: true },
    sourceId: { type: Schema.Types.ObjectId, required: true },
    workspaceId: { type: Schema.Types.ObjectId, default: null },
    language: { type: String, required: true },
    title: { type: String, default: '' },
    body: { type: String, default: '' },
    blockId: { type: Schema.Types.ObjectId, default: null },
    questionId: { type: Schema.Types.ObjectId, default: null },
    draftId: { type: Schema.Types.ObjectId, default: null },
    releaseNumber: { type: Number, default: null },
    authorId: { type: Schema.Types.ObjectId, default: null },
    authorName: { type: String, default: null },
    districtId: { type: Schema.Types.ObjectId, default: null },
    districtName: { type: String, default: null },
    regionGroup: { type: String, default: null },
    at: { type: Date, required: true },
    hidden: { type: Boolean, default: false },
    rev: { type: Number, default: 0 },
  },
  { versionKey: false },
);
// The one text index: title weighs more than body; each entry is stemmed in its own `language`.
searchEntrySchema.index(
  { title: 'text', body: 'text' },
  {
    name: 'search_text',
    weights: { title: 4, body: 1 },
    default_language: 'spanish',
    language_override: 'language',
  },
);
searchEntrySchema.index({ workspaceId: 1, kind: 1 });
searchEntrySchema.index({ sourceId: 1 });

export const SearchEntry = mongoose.model<SearchEntryDoc>('SearchEntry', searchEntrySchema);

/** What has been indexed (collection `searchstates`): `ws:<workspaceId>` or `profiles`, at an index version. */
export interface SearchStateDoc {
  _id: string;
  version: number;
  at: Date;
  /** Set while a process rebuilds the key (before it reads the sources): other processes write live changes. */
  buildingAt?: Date;
}

const searchStateSchema = new Schema<SearchStateDoc>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    at: { type: Date, required: true },
    buildingAt: { type: Date, required: false },
  },
  { versionKey: false },
);

export const SearchState = mongoose.model<SearchStateDoc>('SearchState', searchStateSchema);
