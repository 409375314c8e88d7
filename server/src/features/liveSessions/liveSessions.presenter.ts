import type { LiveSessionDto, LiveStateDto } from '@polos/shared';
import type { LiveSessionDoc } from './liveSession.model';

export const presentLiveSession = (s: LiveSessionDoc): LiveSessionDto => ({
  id: s._id.toHexString(),
  workspaceId: s.workspaceId.toHexString(),
  title: s.title,
  startedAt: s.startedAt.toISOString(),
  endedAt: s.endedAt ? s.endedAt.toISOString() : null,
  currentBlockId: s.currentBlockId ? s.currentBlockId.toHexString() : null,
  currentQuestionId: s.currentQuestionId ? s.currentQuestionId.toHexString() : null,
  spotlight: s.spotlight
    ? { questionId: s.spotlight.questionId.toHexString(), postId: s.spotlight.postId.toHexString() }
    : null,
  startedBy: s.startedBy.toHexString(),
});

export const presentLiveState = (workspaceId: string, s: LiveSessionDoc | null): LiveStateDto => ({
  workspaceId,
  session: s && !s.endedAt ? presentLiveSession(s) : null,
});
