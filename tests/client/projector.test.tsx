import './helpers/textEncoding';
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
let current: string | null = 'a'.repeat(24);
jest.mock('../../client/src/features/workspace', () => ({
  useWorkspace: () => ({
    workspaceId: 'w'.repeat(24),
    blocks: [
      { questions: [question('a'.repeat(24), 'Which skills?'), question('c'.repeat(24), 'Which markets?')] },
    ] as unknown as BlockDto[],
    live: { session: { currentQuestionId: current } },
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
});
