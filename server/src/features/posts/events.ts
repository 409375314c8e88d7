import type { PostChangeKind } from '@polos/shared';
import type { PostDoc } from './post.model';

/** A post was created, edited, deleted, hidden, unhidden or reacted to (stored, with its question's `seq`). */
export interface PostChanged {
  type: 'post.changed';
  kind: PostChangeKind;
  seq: number;
  post: PostDoc;
}

export type PostsEvent = PostChanged;
