import type { PollChangeDto, PollChangeKind, PollDto, PollResultsDto } from '@polos/shared';
import type { PollDoc } from './poll.model';

export interface PollViewer {
  /** Moderators and admins see hidden results before the close. */
  canSeeHidden: boolean;
}

/** Whether `viewer` may see the poll's results now: live polls, closed polls, or moderators/admins. */
export const resultsVisibleTo = (poll: PollDoc, viewer: PollViewer): boolean =>
  poll.visibility === 'live' || poll.state === 'closed' || viewer.canSeeHidden;

/** The poll as `viewer` may see it: `results` is null while hidden to this audience. */
export function presentPoll(poll: PollDoc, results: PollResultsDto, viewer: PollViewer): PollDto {
  return {
    id: poll._id.toHexString(),
    questionId: poll.questionId.toHexString(),
    workspaceId: poll.workspaceId.toHexString(),
    kind: poll.kind,
    prompt: poll.prompt,
    options: poll.options,
    visibility: poll.visibility,
    unit: poll.unit,
    state: poll.state,
    openedAt: poll.openedAt.toISOString(),
    closedAt: poll.closedAt ? poll.closedAt.toISOString() : null,
    seq: poll.seq,
    lastSeq: poll.lastSeq,
    voteCount: poll.voteCount,
    results: resultsVisibleTo(poll, viewer) ? results : null,
  };
}

export const presentPollChange = (
  kind: PollChangeKind,
  seq: number,
  poll: PollDoc,
  results: PollResultsDto,
  viewer: PollViewer,
): PollChangeDto => ({
  questionId: poll.questionId.toHexString(),
  seq,
  kind,
  poll: presentPoll(poll, results, viewer),
});
