import type { DirectoryCardDto, DistrictDto, DistrictSummaryDto, RegionGroup } from '@polos/shared';
import { regionGroupOf } from '@polos/shared';
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

/** The region group stored, or derived from the country for documents from before issue 10. */
export const regionGroupOfDoc = (d: DistrictDoc): RegionGroup => d.regionGroup ?? regionGroupOf(d.country);

/**
 * A directory card: no contact person, no long texts (specialisation cut to 300 characters). Reads only the
 * card's fields (a page presents 50 of them per request), each with the empty profile's default when a
 * document from before issue 10 lacks it — the same values as `profileOf(d)` gives.
 */
export function presentDirectoryCard(d: DistrictDoc): DirectoryCardDto {
  const specialisation = d.specialisation ?? null;
  return {
    id: d._id.toHexString(),
    name: d.name,
    localDesignation: d.localDesignation ?? null,
    kind: d.kind,
    country: d.country,
    regionGroup: regionGroupOfDoc(d),
    region: d.region,
    regionCode: d.regionCode ?? null,
    city: d.city ?? null,
    coordinates: d.coordinates ?? null,
    foundingYear: d.foundingYear ?? null,
    sectors: [...(d.sectors ?? [])],
    specialisation: specialisation === null ? null : specialisation.slice(0, 300),
    members: d.members ?? null,
    employees: d.employees ?? null,
    offers: (d.offers ?? []).map((c) => ({ id: c.id, title: c.title })),
    requests: (d.requests ?? []).map((c) => ({ id: c.id, title: c.title })),
    validated: Boolean(d.validatedAt),
    editedSinceValidation: Boolean(d.validatedAt) && Boolean(d.editedSinceValidation),
    complete: Boolean(d.complete),
    completenessPercent: d.completenessPercent ?? 0,
    demo: d.demo,
    revision: d.revision ?? 1,
    updatedAt: (d.updatedAt ?? d.createdAt).toISOString(),
  };
}
