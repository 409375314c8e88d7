import mongoose, { type Types } from 'mongoose';
import type { PostHistoryDto } from '@polos/shared';
import { forbidden, notFound } from '../../lib/errors';
import { User } from '../users/user.model';
import type { PostDoc } from './post.model';
import { POST_REVISION_LIMIT, PostRevision, type PostRevisionDoc } from './postRevision.model';

/**
 * Stores the version edit `n` replaced and drops those older than the last {@link POST_REVISION_LIMIT}.
 * `previous` is the post as read before the edit (its body and times); a post still carrying legacy
 * embedded history has it moved here first.
 */
export async function storeRevision(
  previous: PostDoc,
  n: number,
  editorId: Types.ObjectId,
  replacedAt: Date,
): Promise<void> {
  const legacy = previous.edits ?? [];
  const docs: Omit<PostRevisionDoc, '_id'>[] = legacy.map((e, i) => ({
    postId: previous._id,
    workspaceId: previous.workspaceId,
    n: i + 1,
    body: e.body,
    writtenAt: e.at,
    replacedAt: legacy[i + 1]?.at ?? previous.editedAt ?? e.at,
    // Legacy entries did not record an editor; only authors could edit.
    editorId: previous.authorId,
  }));
  docs.push({
    postId: previous._id,
    workspaceId: previous.workspaceId,
    n,
    body: previous.body,
    writtenAt: previous.editedAt ?? previous.createdAt,
    replacedAt,
    editorId,
  });
  const kept = docs.filter((d) => d.n > n - POST_REVISION_LIMIT);
  try {
    await PostRevision.insertMany(kept, { ordered: false });
  } catch (error) {
    // A revision already stored (a retried write) is fine; anything else is not.
    if ((error as { code?: unknown }).code !== 11000) throw error;
  }
  await PostRevision.deleteMany({
    postId: previous._id,
    n: mongoose.trusted({ $lte: n - POST_REVISION_LIMIT }),
  }).exec();
}

/** Deletes a post's history (a deleted post keeps no earlier bodies). */
export async function dropRevisions(postId: Types.ObjectId): Promise<void> {
  await PostRevision.deleteMany({ postId }).exec();
}

/**
 * A post's history for `viewer`: moderators and admins see any post's, its author their own; others get
 * `forbidden`. A deleted post has none (`not_found`).
 */
export async function postHistory(
  post: PostDoc,
  viewer: { userId: Types.ObjectId; canModerate: boolean },
): Promise<PostHistoryDto> {
  if (!viewer.canModerate && !post.authorId.equals(viewer.userId))
    throw forbidden('Only the author and moderators can see the history of a post');
  if (post.deleted) throw notFound('Post');
  const stored = await PostRevision.find({ postId: post._id })
    .sort({ n: -1 })
    .limit(POST_REVISION_LIMIT)
    .lean<PostRevisionDoc[]>()
    .exec();
  // Posts not edited since the upgrade still carry their history inside: shown the same way.
  const legacy: Omit<PostRevisionDoc, '_id'>[] = (post.edits ?? []).map((e, i, all) => ({
    postId: post._id,
    workspaceId: post.workspaceId,
    n: i + 1,
    body: e.body,
    writtenAt: e.at,
    replacedAt: all[i + 1]?.at ?? post.editedAt ?? e.at,
    editorId: post.authorId,
  }));
  const revisions = stored.length > 0 ? stored : legacy.reverse().slice(0, POST_REVISION_LIMIT);
  const editorIds = [...new Set(revisions.map((r) => r.editorId.toHexString()))];
  const editors = await User.find({ _id: mongoose.trusted({ $in: editorIds }) }, { name: 1 })
    .lean<{ _id: Types.ObjectId; name: string }[]>()
    .exec();
  const names = new Map(editors.map((u) => [u._id.toHexString(), u.name]));
  return {
    postId: post._id.toHexString(),
    current: { body: post.body, at: (post.editedAt ?? post.createdAt).toISOString() },
    revisions: revisions.map((r) => ({
      n: r.n,
      body: r.body,
      writtenAt: r.writtenAt.toISOString(),
      replacedAt: r.replacedAt.toISOString(),
      editor: {
        id: r.editorId.toHexString(),
        name: names.get(r.editorId.toHexString()) ?? post.authorName,
      },
    })),
    editCount: post.editCount ?? post.edits?.length ?? 0,
    limit: POST_REVISION_LIMIT,
  };
}
