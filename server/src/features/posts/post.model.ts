import mongoose, { Schema, type Types } from 'mongoose';
import { REACTIONS, type Reaction, type RegionGroup } from '@polos/shared';
import { countWords } from './wordCount';

export interface AuthorDistrictDoc {
  id: Types.ObjectId;
  name: string;
  country: string;
  regionGroup: RegionGroup;
}

export interface PostDoc {
  _id: Types.ObjectId;
  workspaceId: Types.ObjectId;
  questionId: Types.ObjectId;
  /** null = top-level; otherwise a top-level post of the same question (one level of replies). */
  parentId: Types.ObjectId | null;
  authorId: Types.ObjectId;
  /** Denormalised at creation so threads render without joins. */
  authorName: string;
  authorDistrict: AuthorDistrictDoc | null;
  /** The author deleted their account: `authorName` is a placeholder, `authorDistrict` null (privacy/privacy.service.ts). */
  authorDeleted?: boolean;
  /** Unique per author: makes retried creates idempotent. */
  clientId: string;
  body: string;
  /**
   * Words of `body` by {@link countWords} (wordCount.ts), kept with every write of `body` by this model's hooks;
   * absent on posts stored before it existed until `ensureWordCounts` backfills them. The balance dashboard sums it.
   */
  wordCount?: number;
  seq: number;
  lastSeq: number;
  createdAt: Date;
  editedAt: Date | null;
  /** Times edited; earlier versions live in `postrevisions` (capped), never in the post. */
  editCount?: number;
  /** Legacy: history embedded by earlier versions (unbounded); dropped on the post's next edit or delete. */
  edits?: { body: string; at: Date }[];
  deleted: boolean;
  deletedAt: Date | null;
  hidden: boolean;
  hiddenBy: Types.ObjectId | null;
  hiddenReason: string | null;
  reactions: Record<Reaction, Types.ObjectId[]>;
}

const reactionsSchema = new Schema<Record<Reaction, Types.ObjectId[]>>(
  Object.fromEntries(REACTIONS.map((r) => [r, { type: [Schema.Types.ObjectId], default: [] }])),
  { _id: false },
);

const postSchema = new Schema<PostDoc>({
  workspaceId: { type: Schema.Types.ObjectId, ref: 'Workspace', required: true },
  questionId: { type: Schema.Types.ObjectId, ref: 'Question', required: true },
  parentId: { type: Schema.Types.ObjectId, default: null },
  authorId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
  authorName: { type: String, required: true },
  authorDistrict: {
    type: new Schema<AuthorDistrictDoc>(
      {
        id: { type: Schema.Types.ObjectId, required: true },
        name: { type: String, required: true },
        country: { type: String, required: true },
        regionGroup: { type: String, required: true },
      },
      { _id: false },
    ),
    default: null,
  },
  clientId: { type: String, required: true },
  body: { type: String, default: '' },
  wordCount: { type: Number },
  seq: { type: Number, required: true },
  lastSeq: { type: Number, required: true },
  createdAt: { type: Date, default: () => new Date() },
  editedAt: { type: Date, default: null },
  editCount: { type: Number, default: 0 },
  // Legacy embedded history: read for old posts, never written (no default, so new posts have none).
  edits: {
    type: [
      new Schema(
        { body: { type: String, required: true }, at: { type: Date, required: true } },
        { _id: false },
      ),
    ],
    default: undefined,
  },
  deleted: { type: Boolean, default: false },
  deletedAt: { type: Date, default: null },
  authorDeleted: { type: Boolean, default: undefined },
  hidden: { type: Boolean, default: false },
  hiddenBy: { type: Schema.Types.ObjectId, default: null },
  hiddenReason: { type: String, default: null },
  reactions: { type: reactionsSchema, default: () => ({}) },
});
// `wordCount` follows `body` on every write through the model: new documents (create, insertMany) …
postSchema.pre('validate', function setWordCount() {
  if (this.isNew || this.isModified('body')) this.wordCount = countWords(this.body ?? '');
});
// … and updates that `$set` the body (edit, delete), so the count is written atomically with the text.
postSchema.pre(['updateOne', 'updateMany', 'findOneAndUpdate'], function setUpdatedWordCount() {
  const update = this.getUpdate();
  if (!update || Array.isArray(update)) return;
  const set = (update as { $set?: Record<string, unknown> }).$set;
  const body = set?.body ?? (update as Record<string, unknown>).body;
  if (typeof body === 'string') this.setUpdate({ ...update, $set: { ...set, wordCount: countWords(body) } });
});
postSchema.index({ questionId: 1, seq: 1 }, { unique: true });
postSchema.index({ authorId: 1, clientId: 1 }, { unique: true });

export const Post = mongoose.model<PostDoc>('Post', postSchema);
