import type { MeDto, UserSummaryDto } from '@polos/shared';
import type { DistrictDoc } from '../districts/district.model';
import { presentDistrictSummary } from '../districts/districts.presenter';
import type { UserDoc } from './user.model';

export const presentMe = (user: UserDoc, district: DistrictDoc | null): MeDto => ({
  id: user._id.toHexString(),
  email: user.email,
  name: user.name,
  locale: user.locale,
  district: district ? presentDistrictSummary(district) : null,
});

export const presentUserSummary = (user: UserDoc, district: DistrictDoc | null): UserSummaryDto => ({
  id: user._id.toHexString(),
  name: user.name,
  district: district ? presentDistrictSummary(district) : null,
});
