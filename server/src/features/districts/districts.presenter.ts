import type { DistrictDto, DistrictSummaryDto } from '@polos/shared';
import type { DistrictDoc } from './district.model';

export const presentDistrictSummary = (
  d: Pick<DistrictDoc, '_id' | 'name' | 'country' | 'regionGroup'>,
): DistrictSummaryDto => ({
  id: d._id.toHexString(),
  name: d.name,
  country: d.country,
  regionGroup: d.regionGroup,
});

export const presentDistrict = (d: DistrictDoc): DistrictDto => ({
  ...presentDistrictSummary(d),
  region: d.region,
  sectors: [...d.sectors],
  kind: d.kind,
  demo: d.demo,
});
