import './helpers/textEncoding';
import { act } from 'react';
import type { DistrictSummaryDto, InterestDto, InterestListDto, SuggestionsDto } from '@polos/shared';
import { i18next } from '../../client/src/i18n';
import { click, settle } from './helpers/dom';
import { render } from './helpers/render';

/**
 * Partners page (issue 11) as a user finds it: one `main` landmark (the app's), reasons in Spanish that say whose
 * offer or request is whose, keyboard focus that follows the interest form, and a match that shows the partner's
 * note too (it was listed nowhere once the interest became mutual).
 */
const W = 'w'.repeat(24);
const MINE: DistrictSummaryDto = {
  id: 'a'.repeat(24),
  name: 'Clúster de Autopartes',
  country: 'MX',
  regionGroup: 'LAC',
};
const GALICIA: DistrictSummaryDto = {
  id: 'b'.repeat(24),
  name: 'Clúster de Galicia',
  country: 'ES',
  regionGroup: 'EU',
};
const BRETAGNE: DistrictSummaryDto = {
  id: 'c'.repeat(24),
  name: 'Pôle Bretagne',
  country: 'FR',
  regionGroup: 'EU',
};

const interest = (
  id: string,
  from: typeof MINE,
  to: typeof MINE,
  note: string,
  mutual: boolean,
): InterestDto => ({
  id,
  workspaceId: W,
  from,
  to,
  about: null,
  note,
  state: 'active',
  mutual,
  byUserId: 'u'.repeat(24),
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

const list: InterestListDto = {
  myDistrictIds: [MINE.id],
  myDistricts: [MINE],
  items: [
    interest('1'.repeat(24), MINE, BRETAGNE, 'Our note to Bretagne', true),
    interest('2'.repeat(24), BRETAGNE, MINE, 'Their note to us', true),
  ],
};

const suggestions: SuggestionsDto = {
  districtId: MINE.id,
  scope: 'cross',
  hidden: false,
  items: [
    {
      score: 30,
      crossRegion: true,
      district: { ...GALICIA, kind: 'cluster', sectors: ['29'], region: 'Galicia', offers: [], requests: [] },
      interest: { outgoing: false, incoming: false },
      reasons: [
        {
          kind: 'offerMatchesRequest',
          offerOwner: 'mine',
          offerId: 'o1',
          offerTitle: 'Tier 2 supplier capacity',
          requestId: 'r1',
          requestTitle: 'Electric vehicle components',
          terms: [],
          nace: [],
          points: 10,
        },
        {
          kind: 'requestTargetsCountry',
          requestOwner: 'theirs',
          requestId: 'r1',
          requestTitle: 'Electric vehicle components',
          country: 'MX',
          points: 6,
        },
      ],
    },
  ],
};

jest.mock('../../client/src/realtime/socket', () => ({
  getSocket: () => ({ connected: true, on: () => undefined, off: () => undefined }),
}));
jest.mock('../../client/src/features/workspace', () => ({
  useWorkspace: () => ({ workspaceId: 'w'.repeat(24), canModerate: false }),
}));
jest.mock('../../client/src/features/matching/matching.css', () => ({}));
jest.mock('../../client/src/features/matching/matchingApi', () => ({
  matchingApi: {
    interests: () => Promise.resolve(list),
    suggestions: () => Promise.resolve(suggestions),
  },
}));

import MatchingPage from '../../client/src/features/matching/MatchingPage';

describe('partners page', () => {
  beforeAll(async () => {
    await act(() => i18next.changeLanguage('es'));
  });
  afterAll(async () => {
    await act(() => i18next.changeLanguage('en'));
  });

  it('isNoSecondMainLandmarkAndSaysInSpanishWhoseRequestIsWhose', async () => {
    const view = render(<MatchingPage />);
    await settle();
    await settle();
    expect(view.container.querySelector('main, [role="main"]')).toBeNull();
    const reasons = [...view.container.querySelectorAll('.matching-card li')].map((li) => li.textContent);
    expect(reasons).toEqual([
      'La demanda «Electric vehicle components» de este distrito coincide con su oferta «Tier 2 supplier capacity»',
      'La demanda «Electric vehicle components» de este distrito se dirige a su país (México)',
    ]);
    view.unmount();
  });

  it('movesFocusIntoTheInterestFormAndBackToTheCard', async () => {
    const view = render(<MatchingPage />);
    await settle();
    await settle();
    const open = [...view.container.querySelectorAll('button')].find(
      (b) => b.textContent === 'Expresar interés',
    )!;
    await click(open);
    const about = view.container.querySelector('.matching-interest-form select');
    expect(document.activeElement).toBe(about);
    const cancel = [...view.container.querySelectorAll('button')].find((b) => b.textContent === 'Cancelar')!;
    await click(cancel);
    await act(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));
    expect(document.activeElement?.tagName).toBe('H3');
    expect(document.activeElement?.textContent).toContain('Clúster de Galicia');
    view.unmount();
  });

  it('showsThePartnersNoteInAMatch', async () => {
    const view = render(<MatchingPage />);
    await settle();
    await settle();
    const matches = view.container.querySelector('.matching-lists .matching-list');
    expect(matches?.textContent).toContain('Our note to Bretagne');
    expect(matches?.textContent).toContain('Their note to us');
    view.unmount();
  });
});
