import './helpers/textEncoding';
import { act } from 'react';
import { i18next } from '../../client/src/i18n';
import { render } from './helpers/render';
import { settle } from './helpers/dom';

/** Issue 12 QA: the balance page names the regions in the viewer's language (Spanish "UE"/"ALC", not "EU"/"LAC"). */
const figures = { posts: 3, words: 30, contributors: 2, crossRegionReplies: 0, reactions: 0 };
const row = (key: string) => ({ key, label: key, draftContributions: 0, pollVotes: 0, ...figures });
jest.mock('../../client/src/api/http', () => ({
  ApiError: class ApiError extends Error {},
  api: () =>
    Promise.resolve({
      live: false,
      indicator: {
        contributionShare: { EU: 0.75, LAC: 0.25 },
        memberShare: { EU: 0.5, LAC: 0.5 },
        dominant: 'EU',
        sample: 12,
      },
      breakdown: {
        regionGroup: [row('EU'), row('LAC'), row('other')],
        country: [],
        district: [],
        language: [],
        role: [],
      },
      questions: [],
      overTime: [{ at: '2026-11-30T07:00:00.000Z', posts: { EU: 1, LAC: 2, other: 0 } }],
    }),
}));
jest.mock('../../client/src/features/workspace', () => ({
  useWorkspace: () => ({
    workspaceId: 'w'.repeat(24),
    blocks: [],
    workspace: { role: 'participant' },
    live: { workspaceId: 'w'.repeat(24), session: null },
  }),
}));
jest.mock('../../client/src/features/balance/balance.css', () => ({}));

import BalancePage from '../../client/src/features/balance/BalancePage';

describe('balance page region labels', () => {
  beforeAll(() => {
    // jsdom has no ResizeObserver (the charts' ResponsiveContainer observes its box).
    (globalThis as { ResizeObserver?: unknown }).ResizeObserver ??= class {
      observe() {}
      unobserve() {}
      disconnect() {}
    };
  });
  afterAll(async () => {
    await act(() => i18next.changeLanguage('en'));
  });

  it('usesTheSpanishRegionNamesInTheIndicatorHeadlineAndTables', async () => {
    await act(() => i18next.changeLanguage('es'));
    const view = render(<BalancePage />);
    await settle();
    const terms = [...view.container.querySelectorAll('.balance-shares dt')].map((d) => d.textContent);
    expect(terms).toEqual(['UE', 'ALC']);
    expect(view.container.textContent).toContain('Predomina UE');
    const regionRows = [...view.container.querySelectorAll('table')][0].querySelectorAll('tbody th');
    expect([...regionRows].map((th) => th.textContent)).toEqual(['UE', 'ALC', 'Otras']);
    // Tables: by region, per question, over time.
    const overTimeHead = [...view.container.querySelectorAll('table')][2].querySelectorAll('thead th');
    expect([...overTimeHead].map((th) => th.textContent).slice(1)).toEqual(['UE', 'ALC', 'Otras']);
    expect(view.container.textContent).not.toMatch(/\bLAC\b/);
    view.unmount();
  });
});
