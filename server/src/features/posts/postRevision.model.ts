import mongoose, { Schema, type Types } from 'mongoose';
import { POST_HISTORY_LIMIT } from '@polos/shared';

/**
 * Most revisions kept per post: the last 50 earlier versions. Older ones are deleted when a new one is stored,
 * so a post edited without end costs bounded space (issue 15.3: history used to grow inside the post).
 */
export const POST_REVISION_LIMIT = POST_HISTORY_LIMIT;

/** One earlier version of a post, stored apart from the post (collection `postrevisions`). */
export interface PostRevisionDoc {
  _id: Types.ObjectId;
  postId: Types.ObjectId;
  workspaceId: Types.ObjectId;
  /** 1 for the body the first edit replaced, 2 for the next, … (= the post's `editCount` after that edit). */
  n: number;
  /** The body as it was before edit `n`. */
  body: string;
  /** When that body was written (the post's creation or the edit before). */
  writtenAt: Date;
  /** When edit `n` replaced it. */
  replacedAt: Date;
  /** Who made edit `n` (only authors edit their posts today). */
  editorId: Types.ObjectId;
}

const postRevisionSchema = new Schema<PostRevisionDoc>({
  postId: { type: Schema.Types.ObjectId, ref: 'Post', required: true },
  workspaceId: { type: Schema.Types.ObjectId, ref: 'Workspace', required: true },
  n: { type: Number, required: true, min: 1 },
  body: { type: String, default: '' },
  writtenAt: { type: Date, required: true },
  replacedAt: { type: Date, required: true },
  editorId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
});
// One revision per edit number (a retried write cannot duplicate it); also the history's read order.
postRevisionSchema.index({ postId: 1, n: -1 }, { unique: true });

export const PostRevision = mongoose.model<PostRevisionDoc>('PostRevision', postRevisionSchema);
