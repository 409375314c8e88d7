import fc from 'fast-check';
import type { CooperationCard, DistrictKind } from '@polos/shared';
import {
  prepareCard,
  scorePair,
  scorePoints,
  termsOf,
  type MatchProfile,
} from '../../../../server/src/features/matching/scoring';
import { rankIndexed, rankSuggestions } from '../../../../server/src/features/matching/matching.service';
import { ProfileIndex } from '../../../../server/src/features/matching/profileIndex';

const WORDS = [
  'cold-chain logistics for fruit exports',
  'logística de cadena de frío',
  'logística para exportação de frutas',
  'logistique de la chaîne du froid',
  'software testing',
  'pruebas de software',
  'vineyard irrigation sensors',
  'sensores de riego',
  'textile recycling',
  'reciclaje textil',
];
const SECTORS = ['01', '10', '52', '62', '13', '26'];
const KINDS: DistrictKind[] = ['cluster', 'rd_organisation', 'local_government', 'technology_park'];
const COUNTRIES = ['ES', 'PT', 'FR', 'CL', 'MX', 'BR'];

const card = (id: string) =>
  fc.record({
    id: fc.constant(id),
    title: fc.constantFrom(...WORDS),
    description: fc.option(fc.constantFrom(...WORDS), { nil: null }),
    sectors: fc.uniqueArray(fc.constantFrom(...SECTORS), { maxLength: 2 }),
    targetCountries: fc.uniqueArray(fc.constantFrom(...COUNTRIES), { maxLength: 2 }),
  }) as fc.Arbitrary<CooperationCard>;

const profile = (id: string): fc.Arbitrary<MatchProfile> =>
  fc
    .record({
      country: fc.constantFrom(...COUNTRIES),
      kind: fc.constantFrom(...KINDS),
      sectors: fc.uniqueArray(fc.constantFrom(...SECTORS), { maxLength: 3 }),
      firms: fc.option(fc.integer({ min: 1, max: 500 }), { nil: null }),
      offers: fc.array(card('o'), { maxLength: 3 }),
      requests: fc.array(card('r'), { maxLength: 3 }),
    })
    .map((p) => ({
      id,
      name: `District ${id}`,
      country: p.country,
      regionGroup: ['ES', 'PT', 'FR'].includes(p.country) ? ('EU' as const) : ('LAC' as const),
      kind: p.kind,
      sectors: p.sectors,
      region: 'R',
      firms: p.firms,
      offers: p.offers.map((c, i) => prepareCard({ ...c, id: `o${i}` })),
      requests: p.requests.map((c, i) => prepareCard({ ...c, id: `r${i}` })),
      hidden: false,
    }));

describe('partner scoring', () => {
  it('folds accents and stems across en/es/pt/fr', () => {
    const en = termsOf('cold-chain logistics for fruit exports');
    const es = termsOf('Logística de exportación');
    const shared = [...en.keys()].filter((k) => es.has(k));
    expect(shared.length).toBeGreaterThanOrEqual(1);
    expect(termsOf('de la para the and').size).toBe(0);
  });

  it('explains an offer matching a request with its words and sectors', () => {
    const mine: MatchProfile = {
      id: 'a',
      name: 'A',
      country: 'ES',
      regionGroup: 'EU',
      kind: 'cluster',
      sectors: ['52'],
      region: 'R',
      firms: null,
      offers: [
        prepareCard({
          id: 'o1',
          title: 'Cold-chain logistics',
          description: null,
          sectors: ['52'],
          targetCountries: [],
        }),
      ],
      requests: [],
      hidden: false,
    };
    const theirs: MatchProfile = {
      ...mine,
      id: 'b',
      country: 'CL',
      regionGroup: 'LAC',
      offers: [],
      requests: [
        prepareCard({
          id: 'r1',
          title: 'Logística de cadena de frío para exportar fruta',
          description: null,
          sectors: ['52'],
          targetCountries: ['ES'],
        }),
      ],
    };
    const { score, reasons } = scorePair(mine, theirs);
    expect(score).toBeGreaterThan(0);
    const offer = reasons.find((r) => r.kind === 'offerMatchesRequest');
    expect(offer).toMatchObject({ offerOwner: 'mine', offerTitle: 'Cold-chain logistics', nace: ['52'] });
    expect(offer && offer.kind === 'offerMatchesRequest' && offer.terms).toContain('logística');
    expect(reasons).toContainEqual(expect.objectContaining({ kind: 'sharedSectors', nace: ['52'] }));
    expect(reasons).toContainEqual(
      expect.objectContaining({ kind: 'requestTargetsCountry', requestOwner: 'theirs', country: 'ES' }),
    );
    expect(score).toBe(reasons.reduce((s, r) => s + r.points, 0));
  });

  it('adding a request that matches an offer never lowers the pair score (property)', () => {
    fc.assert(
      fc.property(
        profile('a'),
        profile('b'),
        card('new'),
        fc.integer({ min: 0, max: 5 }),
        (a, b, extra, pick) => {
          const before = scorePair(a, b).score;
          // A request built from one of b's offers (so it matches), or a random one when b offers nothing.
          const source = b.offers.length > 0 ? b.offers[pick % b.offers.length].card : extra;
          const added = { ...a, requests: [...a.requests, prepareCard({ ...source, id: 'rNew' })] };
          const after = scorePair(added, b).score;
          expect(after).toBeGreaterThanOrEqual(before);
          // Symmetric in value.
          expect(scorePair(b, added).score).toBe(after);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('hidden districts never appear and the ranking is stable for equal input (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(profile('x'), fc.boolean()), { minLength: 1, maxLength: 12 }),
        profile('self'),
        (rows, self) => {
          const candidates = rows.map(([p, hidden], i) => ({
            ...p,
            id: `d${String(i).padStart(3, '0')}`,
            hidden,
          }));
          for (const scope of ['cross', 'same', 'all'] as const) {
            const ranked = rankSuggestions(self, candidates, { scope, limit: 100 });
            const hiddenIds = new Set(candidates.filter((c) => c.hidden).map((c) => c.id));
            expect(ranked.some((s) => hiddenIds.has(s.district.id))).toBe(false);
            const again = rankSuggestions(self, [...candidates].reverse(), { scope, limit: 100 });
            expect(again.map((s) => s.district.id)).toEqual(ranked.map((s) => s.district.id));
            for (let i = 1; i < ranked.length; i++) {
              const [p, q] = [ranked[i - 1], ranked[i]];
              if (scope === 'all' && p.crossRegion !== q.crossRegion) expect(p.crossRegion).toBe(true);
              else if (p.score === q.score) expect(p.district.id < q.district.id).toBe(true);
              else expect(p.score).toBeGreaterThan(q.score);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('the score without reasons equals the score of the explained pair (property)', () => {
    fc.assert(
      fc.property(profile('a'), profile('b'), (a, b) => {
        expect(scorePoints(a, b)).toBe(scorePair(a, b).score);
        expect(scorePoints(b, a)).toBe(scorePair(b, a).score);
      }),
      { numRuns: 500 },
    );
  });

  it('the candidate-pruned ranking of the index equals the full-scan ranking, also after updates (property)', () => {
    const options = fc.record({
      scope: fc.constantFrom('cross' as const, 'same' as const, 'all' as const),
      sector: fc.option(fc.constantFrom(...SECTORS), { nil: undefined }),
      country: fc.option(fc.constantFrom(...COUNTRIES), { nil: undefined }),
      limit: fc.integer({ min: 0, max: 30 }),
    });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(profile('x'), fc.boolean()), { minLength: 0, maxLength: 25 }),
        profile('self'),
        fc.array(fc.tuple(fc.nat(), profile('y'), fc.constantFrom('upsert', 'remove')), { maxLength: 6 }),
        fc.array(options, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        (rows, selfProfile, changes, queries, selfIndexed) => {
          const byId = new Map(
            rows.map(([p, hidden], i) => {
              const id = `d${String(i).padStart(3, '0')}`;
              return [id, { ...p, id, hidden }] as const;
            }),
          );
          const self = selfIndexed && byId.size > 0 ? { ...selfProfile, id: 'd000' } : selfProfile;
          if (self.id === 'd000' && byId.has('d000')) byId.set('d000', { ...self, hidden: false });
          const index = new ProfileIndex(byId.values());
          // Incremental changes (as profile facts apply them): replace or remove a profile, or add a new one.
          for (const [n, p, op] of changes) {
            const id = `d${String(n % (byId.size + 2)).padStart(3, '0')}`;
            if (id === self.id) continue;
            if (op === 'remove') {
              byId.delete(id);
              index.remove(id);
            } else {
              byId.set(id, { ...p, id });
              index.upsert({ ...p, id });
            }
          }
          expect(index.size).toBe(byId.size);
          for (const q of queries) {
            expect(rankIndexed(self, index, q)).toEqual(rankSuggestions(self, [...byId.values()], q));
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
