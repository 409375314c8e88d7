import type { SpotlightDto } from '@polos/shared';
import type { PostDoc } from '../posts/post.model';
import type { LiveSessionDoc } from './liveSession.model';

/** The workspace's live session started, ended or moved (null: no session running). */
export interface LiveChanged {
  type: 'live.changed';
  workspaceId: string;
  session: LiveSessionDoc | null;
}

/** A moderator spotlighted a post (or cleared the spotlight). */
export interface SpotlightChanged {
  type: 'spotlight.changed';
  workspaceId: string;
  spotlight: SpotlightDto | null;
  post: PostDoc | null;
}

export type LiveSessionsEvent = LiveChanged | SpotlightChanged;
