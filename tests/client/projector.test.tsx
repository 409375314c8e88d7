import './helpers/textEncoding';
import { act } from 'react';
import type { BlockDto, QuestionDto } from '@polos/shared';
import { i18next } from '../../client/src/i18n';
import { render } from './helpers/render';
import { settle } from './helpers/dom';

/** Issue 12.5: the projector view shows the live session's current question and a QR code of the join link. */
const sent: string[] = [];
jest.mock('../../client/src/realtime/socket', () => ({
  getSocket: () => ({ connected: true, on: () => undefined, off: () => undefined }),
  command: (event: string) => {
    sent.push(event);
    return Promise.resolve({ ok: true, data: { polls: [], myVotes: {}, lastSeq: 0 } });
  },
}));

const question = (id: string, en: string): QuestionDto => ({
  id,
  workspaceId: 'w'.repeat(24),
  blockId: 'b'.repeat(24),
  order: 1,
  text: { en, es: en },
  state: 'open',
  openedAt: null,
  closedAt: null,
  locked: false,
  lastSeq: 0,
  asyncWindow: null,
});
/** Balance reads the projector made (path), answered with an indicator where EU dominates. */
const requested: string[] = [];
jest.mock('../../client/src/api/http', () => ({
  ApiError: class ApiError extends Error {},
  api: (_method: string, path: string) => {
    requested.push(path);
    const questionId = new URL(path, 'http://x').searchParams.get('questionId');
    return Promise.resolve({
      questions: [
        {
          id: questionId,
          indicator: {
            contributionShare: { EU: 0.8, LAC: 0.2 },
            memberShare: { EU: 0.5, LAC: 0.5 },
            dominant: 'EU',
            sample: 20,
          },
        },
      ],
    });
  },
}));

let current: string | null = 'a'.repeat(24);
let role: string | undefined = 'moderator';
jest.mock('../../client/src/features/workspace', () => ({
  useWorkspace: () => ({
    workspaceId: 'w'.repeat(24),
    blocks: [
      { questions: [question('a'.repeat(24), 'Which skills?'), question('c'.repeat(24), 'Which markets?')] },
    ] as unknown as BlockDto[],
    live: { session: { currentQuestionId: current } },
    workspace: { role },
  }),
}));

jest.mock('../../client/src/features/polls/polls.css', () => ({}));
jest.mock('../../client/src/features/projector/projector.css', () => ({}));

import ProjectorPage from '../../client/src/features/projector/ProjectorPage';

describe('projector view', () => {
  beforeAll(async () => {
    await i18next.changeLanguage('en');
  });

  it('showsTheCurrentQuestionAndAQrCodeAndFollowsTheAdvance', async () => {
    const view = render(<ProjectorPage />);
    await settle();
    expect(view.container.querySelector('[data-testid="projector-question"]')?.textContent).toBe(
      'Which skills?',
    );
    expect(view.container.querySelector('svg title')?.textContent).toBe('QR code of the join link');
    expect(sent).toContain('question:subscribe');
    view.unmount();
    current = 'c'.repeat(24);
    const next = render(<ProjectorPage />);
    await settle();
    expect(next.container.querySelector('[data-testid="projector-question"]')?.textContent).toBe(
      'Which markets?',
    );
    next.unmount();
  });

  it('refusesNonModeratorsWithAClearMessageAndReadsNoBalance', async () => {
    for (const who of ['participant', 'observer', undefined]) {
      role = who;
      requested.length = 0;
      const view = render(<ProjectorPage />);
      await settle();
      expect(view.container.querySelector('[role="alert"]')?.textContent).toBe(
        'Only moderators and admins can open the projector view.',
      );
      expect(view.container.querySelector('.projector')).toBeNull();
      expect(requested).toEqual([]);
      view.unmount();
    }
    role = 'admin';
    const admin = render(<ProjectorPage />);
    await settle();
    expect(admin.container.querySelector('.projector')).not.toBeNull();
    expect(requested.some((p) => p.includes('/balance?'))).toBe(true);
    admin.unmount();
    role = 'moderator';
  });

  it('makesTheAppBehindItInertWhileOpenAndRestoresItAfter', async () => {
    // The app shell around the route: a header with a link, <main> holding the workspace nav and the route.
    const alreadyInert = document.createElement('div');
    alreadyInert.setAttribute('inert', '');
    document.body.append(alreadyInert);
    const view = render(
      <>
        <header data-testid="header">
          <a href="/">Polos</a>
        </header>
        <main data-testid="main">
          <nav data-testid="nav">
            <a href="/w/x/archive">Archive</a>
          </nav>
          <ProjectorPage />
        </main>
      </>,
    );
    await settle();
    const header = view.container.querySelector('[data-testid="header"]')!;
    const nav = view.container.querySelector('[data-testid="nav"]')!;
    const main = view.container.querySelector('[data-testid="main"]')!;
    expect(header.hasAttribute('inert')).toBe(true);
    expect(nav.hasAttribute('inert')).toBe(true);
    expect(main.hasAttribute('inert')).toBe(false);
    expect(view.container.querySelector('.projector')?.closest('[inert]')).toBeNull();
    // Unmounting the projector (navigating away) gives the app back; what was inert before stays so.
    view.rerender(
      <>
        <header data-testid="header">
          <a href="/">Polos</a>
        </header>
        <main data-testid="main">
          <nav data-testid="nav">
            <a href="/w/x/archive">Archive</a>
          </nav>
        </main>
      </>,
    );
    expect(header.hasAttribute('inert')).toBe(false);
    expect(nav.hasAttribute('inert')).toBe(false);
    expect(alreadyInert.hasAttribute('inert')).toBe(true);
    view.unmount();
    alreadyInert.remove();
  });

  it('namesTheRegionsInTheViewersLanguage', async () => {
    await act(() => i18next.changeLanguage('es'));
    const view = render(<ProjectorPage />);
    await settle();
    const balance = view.container.querySelector('[data-testid="projector-balance"]');
    expect(balance?.querySelector('.projector-balance-eu')?.textContent).toBe('UE');
    expect(balance?.querySelector('.projector-balance-lac')?.textContent).toBe('ALC');
    expect(balance?.textContent).toContain('UE domina esta pregunta');
    expect(balance?.textContent).not.toMatch(/\bEU\b|\bLAC\b/);
    view.unmount();
    await act(() => i18next.changeLanguage('en'));
  });
});
