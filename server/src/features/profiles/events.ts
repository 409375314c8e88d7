import type { DistrictUpdatedEvent, ProfilesProgressDto, RepresentationUpdatedEvent } from '@polos/shared';

/** A district profile changed (stored): its card goes to every workspace it takes part in. */
export interface DistrictChanged {
  type: 'district.changed';
  fact: Omit<DistrictUpdatedEvent, 'workspaceId'>;
  workspaceIds: string[];
}

/** The profile completeness of workspaces changed (after a profile write or an import). */
export interface DistrictsProgressed {
  type: 'districts.progressed';
  progress: ProfilesProgressDto[];
  /**
   * True when the write changed more districts than get their own `district.changed` fact (an import of over 100
   * rows): listeners that keep per-district projections rebuild them; otherwise the per-district facts suffice.
   */
  bulk: boolean;
}

/**
 * A representation request was filed or decided (stored). Approved: the requester now represents the district,
 * so their sockets are disconnected after the fact and reconnect with a handshake that reads it (like a role
 * change).
 */
export interface RepresentationChanged {
  type: 'representation.changed';
  fact: RepresentationUpdatedEvent;
}

export type ProfilesEvent = DistrictChanged | DistrictsProgressed | RepresentationChanged;
