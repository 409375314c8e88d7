import type { InterestDto } from '@polos/shared';
import { regionGroupOf } from '@polos/shared';
import type { DistrictDoc } from '../districts/district.model';
import type { InterestDoc } from './matching.model';

const summary = (id: string, d: DistrictDoc | undefined) =>
  d
    ? { id, name: d.name, country: d.country, regionGroup: d.regionGroup ?? regionGroupOf(d.country) }
    : { id, name: '', country: '', regionGroup: 'other' as const };

/** An interest for its readers; `mutual` when it and the opposite one are active. */
export function presentInterest(
  i: InterestDoc,
  districts: Map<string, DistrictDoc>,
  mutual: boolean,
): InterestDto {
  const from = i.fromDistrictId.toHexString();
  const to = i.toDistrictId.toHexString();
  return {
    id: i._id.toHexString(),
    workspaceId: i.workspaceId.toHexString(),
    from: summary(from, districts.get(from)),
    to: summary(to, districts.get(to)),
    about: i.about ?? null,
    note: i.note ?? null,
    state: i.state,
    mutual: i.state === 'active' && mutual,
    byUserId: i.byUserId.toHexString(),
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
  };
}
