import type { InterestFactDto } from '@polos/shared';

/** An interest was expressed or withdrawn (stored): to both districts' representatives and the moderators. */
export interface InterestChanged {
  type: 'matching.interest';
  fact: InterestFactDto;
  /** Representatives of both districts. */
  userIds: string[];
}

export type MatchingEvent = InterestChanged;
