import './helpers/textEncoding';
import { act } from 'react';
import { MemoryRouter } from 'react-router';
import type { BlockDto, QuestionDto } from '@polos/shared';
import { i18next } from '../../client/src/i18n';
import {
  BlockQuestionList,
  chooseQuestion,
  QuestionBanner,
} from '../../client/src/features/workspace/blockQuestions';
import { render } from './helpers/render';
import { buildQuestion } from './helpers/threadFixtures';

jest.mock('../../client/src/features/polls/polls.css', () => ({}));
jest.mock('../../client/src/realtime/socket', () => ({
  getSocket: () => ({ connected: true, on: () => undefined, off: () => undefined }),
  command: () => Promise.resolve({ ok: true, data: null }),
}));

/**
 * QA M3: a Block 1 question open for contributions through its asynchronous window. The top of the block page
 * said "No hay ninguna pregunta abierta ahora" and the question (listed with "Pendiente" next to "Abierta a
 * contribuciones") sat below the whole profile form at 390 px.
 */
const WS = 'w'.repeat(24);
const now = Date.now();
const openWindow = {
  startsAt: new Date(now - 60_000).toISOString(),
  endsAt: new Date(now + 61 * 60_000 - 1000).toISOString(),
  state: 'open' as const,
};

function question(id: string, order: number, window: QuestionDto['asyncWindow'] = null): QuestionDto {
  return buildQuestion({
    id: id.repeat(24),
    workspaceId: WS,
    order,
    text: { en: `Question ${order}`, es: `Pregunta ${order}` },
    asyncWindow: window,
  });
}

function profilesBlock(questions: QuestionDto[]): BlockDto {
  return {
    id: 'b'.repeat(24),
    workspaceId: WS,
    order: 1,
    title: { en: 'Profiles', es: 'Perfiles' },
    description: { en: '', es: '' },
    kind: 'profiles',
    state: 'upcoming',
    questions,
  };
}

function page(block: BlockDto, picked: string | null = null) {
  const shown = chooseQuestion(block, picked, null, now);
  return render(
    <MemoryRouter>
      <QuestionBanner block={block} question={shown} now={now} workspaceId={WS} />
      <BlockQuestionList block={block} current={shown} now={now} workspaceId={WS} canModerate={false} />
    </MemoryRouter>,
  );
}

beforeAll(async () => {
  await act(() => i18next.changeLanguage('es'));
});
afterAll(async () => {
  await i18next.changeLanguage('en');
});

describe('a block page with a question open for contributions', () => {
  test('theTopShowsTheQuestionOpenThroughItsWindowNotNoQuestionIsOpen', () => {
    const block = profilesBlock([question('1', 1), question('2', 2, openWindow)]);
    expect(chooseQuestion(block, null, null, now)?.order).toBe(2);
    const view = page(block);
    const banner = view.container.querySelector('.question-banner')!;
    expect(banner.textContent).not.toContain('No hay ninguna pregunta abierta');
    expect(banner.querySelector('[data-testid="current-question"]')!.textContent).toBe('Pregunta 2');
    expect(banner.textContent).toContain('Abierta a contribuciones');
    // The countdown with its zone, in singular agreement at one hour one minute.
    expect(banner.querySelector('.async-window-countdown')!.textContent).toContain('1 h 1 min');
    // No contradictory state: the question is "pending" only for the live session.
    expect(banner.textContent).not.toContain('Pendiente');
    view.unmount();
  });

  test('theQuestionListShowsOneStatusPerQuestion', () => {
    const view = page(profilesBlock([question('1', 1), question('2', 2, openWindow)]));
    const items = Array.from(view.container.querySelectorAll('.question-list li'));
    expect(items[0].textContent).toContain('Pendiente');
    expect(items[1].textContent).toContain('Abierta a contribuciones');
    expect(items[1].textContent).not.toContain('Pendiente');
    view.unmount();
  });

  test('otherQuestionsOpenForContributionsAreLinkedFromTheTop', () => {
    const block = profilesBlock([question('1', 1, openWindow), question('2', 2, openWindow)]);
    const view = page(block);
    const also = view.container.querySelector('[data-testid="also-open"]')!;
    expect(also.textContent).toContain('También abierta a contribuciones');
    const link = also.querySelector('a')!;
    expect(link.getAttribute('href')).toBe(`/?q=${'2'.repeat(24)}`);
    expect(link.textContent).toBe('Pregunta 2: Pregunta 2');
    view.unmount();
  });

  test('withoutAnyOpenQuestionTheProfilesNoteStays', () => {
    const closedWindow = {
      startsAt: new Date(now - 7_200_000).toISOString(),
      endsAt: new Date(now - 3_600_000).toISOString(),
      state: 'closed' as const,
    };
    const view = page(profilesBlock([question('1', 1, closedWindow)]));
    expect(view.container.querySelector('.question-banner')!.textContent).toContain(
      'No hay ninguna pregunta abierta',
    );
    expect(view.container.querySelector('[data-testid="also-open"]')).toBeNull();
    view.unmount();
  });
});
