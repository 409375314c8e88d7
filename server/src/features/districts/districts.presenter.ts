import type { DirectoryCardDto, DistrictDto, DistrictSummaryDto, RegionGroup } from '@polos/shared';
import { regionGroupOf } from '@polos/shared';
import type { DistrictDoc } from './district.model';
import { profileOf } from './profileFields';

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

/** The region group stored, or derived from the country for documents from before issue 10. */
export const regionGroupOfDoc = (d: DistrictDoc): RegionGroup => d.regionGroup ?? regionGroupOf(d.country);

/** A directory card: no contact person, no long texts (specialisation cut to 300 characters). */
export function presentDirectoryCard(d: DistrictDoc): DirectoryCardDto {
  const p = profileOf(d);
  return {
    id: d._id.toHexString(),
    name: p.name,
    localDesignation: p.localDesignation,
    kind: p.kind,
    country: p.country,
    regionGroup: regionGroupOfDoc(d),
    region: p.region,
    regionCode: p.regionCode,
    city: p.city,
    coordinates: p.coordinates,
    foundingYear: p.foundingYear,
    sectors: [...p.sectors],
    specialisation: p.specialisation === null ? null : p.specialisation.slice(0, 300),
    members: p.members,
    employees: p.employees,
    offers: p.offers.map((c) => ({ id: c.id, title: c.title })),
    requests: p.requests.map((c) => ({ id: c.id, title: c.title })),
    validated: Boolean(d.validatedAt),
    editedSinceValidation: Boolean(d.validatedAt) && Boolean(d.editedSinceValidation),
    complete: Boolean(d.complete),
    completenessPercent: d.completenessPercent ?? 0,
    demo: d.demo,
    revision: d.revision ?? 1,
    updatedAt: (d.updatedAt ?? d.createdAt).toISOString(),
  };
}
