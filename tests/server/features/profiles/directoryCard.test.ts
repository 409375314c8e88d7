/**
 * The directory card presenter reads the card's fields straight from the document (no full profile built per
 * card): for a current document and for one stored before issue 10 (profile fields missing) it gives what the
 * profile-based reading (`profileOf`) gives.
 */
import { Types } from 'mongoose';
import { DEMO_DISTRICT_PROFILES } from '../../../../server/src/demo/demoDistricts';
import type { DistrictDoc } from '../../../../server/src/features/districts/district.model';
import { presentDirectoryCard } from '../../../../server/src/features/districts/districts.presenter';
import { profileOf } from '../../../../server/src/features/districts/profileFields';

/** The card as built from the whole profile (the reading before the presenter read fields directly). */
function cardFromProfile(d: DistrictDoc) {
  const p = profileOf(d);
  return {
    ...presentDirectoryCard(d),
    localDesignation: p.localDesignation,
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
  };
}

const at = new Date('2026-11-30T08:00:00Z');

test('a current document: the same card as from its profile', () => {
  const d = {
    ...DEMO_DISTRICT_PROFILES[11],
    specialisation: 'x'.repeat(400),
    _id: new Types.ObjectId(),
    regionGroup: 'LAC',
    demo: true,
    createdAt: at,
    updatedAt: at,
    revision: 3,
    validatedAt: at,
    editedSinceValidation: true,
    complete: true,
    completenessPercent: 100,
  } as unknown as DistrictDoc;
  const card = presentDirectoryCard(d);
  expect(card).toEqual(cardFromProfile(d));
  expect(card.specialisation).toHaveLength(300);
  expect(card.offers.length).toBeGreaterThan(0);
});

test('a document from before issue 10 (profile fields missing): empty defaults, as from its profile', () => {
  const d = {
    _id: new Types.ObjectId(),
    name: 'Pôle Mer',
    kind: 'cluster',
    country: 'FR',
    region: 'Bretagne',
    sectors: ['50'],
    demo: false,
    createdAt: at,
  } as unknown as DistrictDoc;
  const card = presentDirectoryCard(d);
  expect(card).toEqual(cardFromProfile(d));
  expect(card).toMatchObject({ regionGroup: 'EU', offers: [], requests: [], city: null, revision: 1 });
  expect(card.updatedAt).toBe(at.toISOString());
});
