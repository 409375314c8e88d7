import { rooms, type PostChangeKind, type ServerToClientEvents } from '@polos/shared';
import type { DomainEvent, EventBus } from '../lib/domainEvents';
import type { Logger } from '../lib/logger';
import { presentBlock } from '../features/blocks/blocks.presenter';
import { presentLiveState } from '../features/liveSessions/liveSessions.presenter';
import { PUBLIC_VIEWER, presentChange, presentPost } from '../features/posts/posts.presenter';
import { presentQuestion } from '../features/questions/questions.presenter';
import type { TypedServer } from './types';

const postEvent: Record<PostChangeKind, keyof ServerToClientEvents> = {
  created: 'post:created',
  edited: 'post:edited',
  deleted: 'post:deleted',
  hidden: 'post:hidden',
  unhidden: 'post:unhidden',
  reacted: 'post:reacted',
};

/**
 * The one broadcaster: presents each domain event with the same presenters HTTP uses and emits it to
 * its room. Handlers never emit; they return events that are published after the ack.
 * Returns the unsubscribe function.
 */
export function attachBroadcaster(io: TypedServer, bus: EventBus, logger: Logger): () => void {
  const emit = (event: DomainEvent): void => {
    switch (event.type) {
      case 'post.changed': {
        const change = presentChange(event.kind, event.seq, event.post, PUBLIC_VIEWER);
        io.to(rooms.question(change.questionId)).emit(postEvent[event.kind] as 'post:created', change);
        return;
      }
      case 'live.changed':
        io.to(rooms.workspace(event.workspaceId)).emit(
          'session:updated',
          presentLiveState(event.workspaceId, event.session),
        );
        return;
      case 'block.changed':
        io.to(rooms.workspace(event.block.workspaceId.toHexString())).emit(
          'block:updated',
          presentBlock(event.block, event.questions, event.lastSeqs),
        );
        return;
      case 'question.changed':
        io.to(rooms.workspace(event.question.workspaceId.toHexString())).emit(
          'question:updated',
          presentQuestion(event.question, event.lastSeq),
        );
        return;
      case 'spotlight.changed':
        io.to(rooms.workspace(event.workspaceId)).emit('post:spotlighted', {
          workspaceId: event.workspaceId,
          spotlight: event.spotlight,
          post: event.post ? presentPost(event.post, PUBLIC_VIEWER) : null,
        });
        return;
      case 'presence.changed':
        io.to(rooms.block(event.presence.blockId)).emit('presence:updated', event.presence);
        return;
      case 'typing.changed': {
        const target = io.to(rooms.question(event.questionId));
        const scoped = event.exceptSocketId ? target.except(event.exceptSocketId) : target;
        scoped.volatile.emit(event.typing ? 'typing:started' : 'typing:stopped', {
          questionId: event.questionId,
          userId: event.userId,
          name: event.name,
        });
        return;
      }
      case 'auth.revoked':
        for (const key of event.sessionKeys) {
          io.to(rooms.authSession(key)).emit('session:revoked', { reason: event.reason });
          io.in(rooms.authSession(key)).disconnectSockets(true);
        }
        return;
      case 'member.changed':
        io.to(rooms.user(event.userId)).emit('session:revoked', {
          reason: event.role ? 'role_changed' : 'removed',
        });
        io.in(rooms.user(event.userId)).disconnectSockets(true);
        return;
    }
  };
  return bus.subscribe((event) => {
    try {
      emit(event);
    } catch (error) {
      logger.error({ err: error, event: event.type }, 'broadcast failed');
    }
  });
}
