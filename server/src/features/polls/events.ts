import type { PollChangeKind, PollResultsDto } from '@polos/shared';
import type { PollDoc } from './poll.model';

/** A poll opened, got a vote (new or changed) or closed — stored, with its seq of the question's log. */
export interface PollChanged {
  type: 'poll.changed';
  kind: PollChangeKind;
  seq: number;
  poll: PollDoc;
  /** The results at this seq (computed once, delivered per audience by the presenter). */
  results: PollResultsDto;
}

/**
 * The vote now stored for a voter's unit (read after its seq was taken), for the unit's own sockets: the voter
 * (person poll) or the members representing the district (district poll). Published after `poll.changed`.
 */
export interface PollOwnVoteChanged {
  type: 'poll.ownVote';
  questionId: string;
  pollId: string;
  seq: number;
  choice: number[];
  /** Users whose sockets receive it (hex ids). */
  userIds: string[];
}

export type PollsEvent = PollChanged | PollOwnVoteChanged;
