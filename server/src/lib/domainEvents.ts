import type { Role } from '@polos/shared';
import type { PostDoc } from '../features/posts/post.model';
import type { BlockDoc } from '../features/blocks/block.model';
import type { QuestionDoc } from '../features/questions/question.model';
import type { LiveSessionDoc } from '../features/liveSessions/liveSession.model';
import type { PostChangeKind, PresenceDto, SpotlightDto } from '@polos/shared';

/**
 * Facts published after a change is durable (or, for presence/typing, after the volatile state changed).
 * The one broadcaster (`realtime/broadcaster.ts`) presents them and emits to rooms.
 */
export type DomainEvent =
  | { type: 'post.changed'; kind: PostChangeKind; seq: number; post: PostDoc }
  | { type: 'live.changed'; workspaceId: string; session: LiveSessionDoc | null }
  | { type: 'block.changed'; block: BlockDoc; questions: QuestionDoc[]; lastSeqs: Record<string, number> }
  | { type: 'question.changed'; question: QuestionDoc; lastSeq: number }
  | { type: 'spotlight.changed'; workspaceId: string; spotlight: SpotlightDto | null; post: PostDoc | null }
  | { type: 'presence.changed'; presence: PresenceDto }
  | {
      type: 'typing.changed';
      questionId: string;
      userId: string;
      name: string;
      typing: boolean;
      exceptSocketId?: string;
    }
  | {
      type: 'auth.revoked';
      sessionKeys: string[];
      reason: 'signed_out' | 'role_changed' | 'removed' | 'expired';
    }
  | { type: 'member.changed'; workspaceId: string; userId: string; role: Role | null };

export type DomainEventListener = (event: DomainEvent) => void;

/** In-process publish/subscribe of domain events (routes and socket handlers publish; the broadcaster listens). */
export class EventBus {
  private readonly listeners = new Set<DomainEventListener>();

  subscribe(listener: DomainEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(...events: DomainEvent[]): void {
    for (const event of events) for (const listener of this.listeners) listener(event);
  }
}
