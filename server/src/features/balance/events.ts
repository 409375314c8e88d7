import type { BalanceWarningDto } from '@polos/shared';

/** A question's dominance flipped (a region started or stopped dominating it); for the moderators only. */
export interface BalanceWarned {
  type: 'balance.warned';
  warning: BalanceWarningDto;
}

export type BalanceEvent = BalanceWarned;
