import type { EndorsementChangeDto } from '@polos/shared';

/** A round opened, got an answer, took an amendment in, closed or attached to a release — stored. */
export interface EndorsementChanged {
  type: 'endorsement.changed';
  change: EndorsementChangeDto;
}

export type EndorsementsEvent = EndorsementChanged;
