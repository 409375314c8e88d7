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
    // Incoming only: Galicia is interested in us, we have not answered yet.
    interest('3'.repeat(24), GALICIA, MINE, 'Galicia would like to talk', false),
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
      district: {
        ...GALICIA,
        kind: 'cluster',
        sectors: ['29'],
        region: 'Galicia',
        offers: [{ id: 'o9', title: 'Test bench' }],
        requests: [{ id: 'r9', title: 'EV batteries' }],
      },
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
    // Eleven more, zero-score partners: the first page shows ten suggestions in all.
    ...Array.from({ length: 11 }, (_, n) => ({
      score: 0,
      crossRegion: true,
      district: {
        id: String(n).padStart(24, 'd'),
        name: `Distrito ${n + 2}`,
        country: 'PT',
        regionGroup: 'EU' as const,
        kind: 'cluster' as const,
        sectors: [],
        region: 'Norte',
        offers: [],
        requests: [],
      },
      interest: { outgoing: false, incoming: false },
      reasons: [],
    })),
  ],
};

const express = jest.fn((..._args: unknown[]) => Promise.resolve({}));

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
    express: (...args: unknown[]) => express(...args),
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
    const reasons = [...view.container.querySelectorAll('.matching-card')][0].querySelectorAll('li');
    expect([...reasons].map((li) => li.textContent)).toEqual([
      'La demanda «Electric vehicle components» de este distrito coincide con su oferta «Tier 2 supplier capacity»',
      'La demanda «Electric vehicle components» de este distrito se dirige a su país (México)',
    ]);
    view.unmount();
  });

  it('movesFocusIntoTheInterestFormAndBackToTheCard', async () => {
    const view = render(<MatchingPage />);
    await settle();
    await settle();
    const open = view.container.querySelector<HTMLButtonElement>(
      'button[aria-label="Expresar interés en Clúster de Galicia"]',
    )!;
    expect(open.textContent).toBe('Expresar interés');
    await click(open);
    const about = view.container.querySelector('.matching-interest-form select');
    expect(document.activeElement).toBe(about);
    // The partner's offers and requests are told apart.
    expect([...about!.querySelectorAll('optgroup')].map((g) => [g.label, g.textContent])).toEqual([
      ['Sus ofertas', 'Test bench'],
      ['Sus demandas', 'EV batteries'],
    ]);
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

describe('partners page, answering and long lists', () => {
  beforeAll(async () => {
    await act(() => i18next.changeLanguage('es'));
  });
  afterAll(async () => {
    await act(() => i18next.changeLanguage('en'));
  });

  it('answersAnIncomingInterestFromTheListWithANote', async () => {
    express.mockClear();
    const view = render(<MatchingPage />);
    await settle();
    await settle();
    const withdraw = view.container.querySelector('button[aria-label="Retirar el interés en Pôle Bretagne"]');
    expect(withdraw?.textContent).toBe('Retirar');
    const back = view.container.querySelector<HTMLButtonElement>(
      'button[aria-label="Expresar interés mutuo en Clúster de Galicia"]',
    )!;
    expect(back.closest('section')?.textContent).toContain('Galicia would like to talk');
    await click(back);
    const note = document.activeElement as HTMLTextAreaElement;
    expect(note.tagName).toBe('TEXTAREA');
    await act(async () => {
      // React tracks a textarea's value through the HTMLTextAreaElement setter.

      Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!.call(note, 'Gladly');
      note.dispatchEvent(new Event('input', { bubbles: true }));
      await Promise.resolve();
    });
    const send = [...note.form!.querySelectorAll('button')].find((b) => b.textContent === 'Enviar interés')!;
    await click(send);
    await settle();
    expect(express).toHaveBeenCalledWith(W, {
      fromDistrictId: MINE.id,
      toDistrictId: GALICIA.id,
      about: null,
      note: 'Gladly',
    });
    view.unmount();
  });

  it('showsTenSuggestionsThenMoreWithFocusOnTheFirstNewCard', async () => {
    const view = render(<MatchingPage />);
    await settle();
    await settle();
    // Matches and incoming interests come before the suggestions.
    const lists = view.container.querySelector('.matching-lists')!;
    const cards = () => view.container.querySelectorAll('.matching-card');
    expect(lists.compareDocumentPosition(cards()[0]) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(cards()).toHaveLength(10);
    const more = [...view.container.querySelectorAll('button')].find((b) =>
      b.textContent?.startsWith('Mostrar más'),
    )!;
    expect(more.textContent).toBe('Mostrar más (2 sugerencias más)');
    await click(more);
    await act(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));
    expect(cards()).toHaveLength(12);
    expect(document.activeElement?.textContent).toContain('Distrito 11');
    expect(
      [...view.container.querySelectorAll('button')].some((b) => b.textContent?.startsWith('Mostrar más')),
    ).toBe(false);
    view.unmount();
  });
});
