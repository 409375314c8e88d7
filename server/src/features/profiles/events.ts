import type { DistrictUpdatedEvent, ProfilesProgressDto } from '@polos/shared';

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
}

export type ProfilesEvent = DistrictChanged | DistrictsProgressed;
