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

export type PollsEvent = PollChanged;
