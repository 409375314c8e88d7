import {
  REACTIONS,
  type PostChangeDto,
  type PostChangeKind,
  type PostDto,
  type Reaction,
} from '@polos/shared';
import type { PostDoc } from './post.model';

export interface PostViewer {
  /** Moderators and admins see the bodies of hidden posts. */
  canSeeHidden: boolean;
}

export function presentPost(p: PostDoc, viewer: PostViewer): PostDto {
  const reactions = {} as Record<Reaction, string[]>;
  for (const r of REACTIONS) reactions[r] = (p.reactions?.[r] ?? []).map((id) => id.toHexString());
  const showBody = !p.deleted && (!p.hidden || viewer.canSeeHidden);
  return {
    id: p._id.toHexString(),
    questionId: p.questionId.toHexString(),
    workspaceId: p.workspaceId.toHexString(),
    parentId: p.parentId ? p.parentId.toHexString() : null,
    author: {
      id: p.authorId.toHexString(),
      name: p.authorDeleted ? '' : p.authorName,
      ...(p.authorDeleted ? { deleted: true } : {}),
      district: p.authorDistrict
        ? {
            id: p.authorDistrict.id.toHexString(),
            name: p.authorDistrict.name,
            country: p.authorDistrict.country,
            regionGroup: p.authorDistrict.regionGroup,
          }
        : null,
    },
    clientId: p.clientId,
    body: showBody ? p.body : '',
    seq: p.seq,
    lastSeq: p.lastSeq,
    createdAt: p.createdAt.toISOString(),
    editedAt: p.editedAt ? p.editedAt.toISOString() : null,
    editCount: p.deleted ? 0 : (p.editCount ?? p.edits?.length ?? 0),
    deleted: p.deleted,
    hidden: p.hidden,
    reactions,
  };
}

export const presentChange = (
  kind: PostChangeKind,
  seq: number,
  p: PostDoc,
  viewer: PostViewer,
): PostChangeDto => ({
  questionId: p.questionId.toHexString(),
  seq,
  kind,
  post: presentPost(p, viewer),
});
