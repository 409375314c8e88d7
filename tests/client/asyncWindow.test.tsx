import './helpers/textEncoding';
import type { QuestionDto } from '@polos/shared';
import { i18next } from '../../client/src/i18n';
import {
  AsyncWindowBadge,
  AsyncWindowEditor,
  fromLocalInput,
  toLocalInput,
} from '../../client/src/features/thread/AsyncWindow';
import { asyncWindowStrings } from '../../client/src/features/thread/asyncWindowStrings';
import { render } from './helpers/render';
import { buildQuestion } from './helpers/threadFixtures';
import { click, settle, typeInto } from './helpers/dom';

const sent: Array<{ event: string; payload: unknown }> = [];
jest.mock('../../client/src/realtime/socket', () => ({
  getSocket: () => ({ connected: true, on: () => undefined, off: () => undefined }),
  command: (event: string, payload: unknown) => {
    sent.push({ event, payload });
    return Promise.resolve({ ok: true, data: null });
  },
}));

/** Issue 13.3, client side of asynchronous windows: badge, countdown, zone named, editor in the user's zone. */
const question = (window: QuestionDto['asyncWindow']): QuestionDto => buildQuestion({ asyncWindow: window });

const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

describe('asynchronous window UI', () => {
  beforeAll(async () => {
    await i18next.changeLanguage('en');
  });

  it('anOpenWindowShowsAPoliteBadgeAndACountdownWithTheZone', () => {
    const endsAt = new Date(Date.now() + (2 * 60 + 14) * 60_000 - 30_000).toISOString();
    const view = render(
      <AsyncWindowBadge
        question={question({ startsAt: new Date(Date.now() - 60_000).toISOString(), endsAt, state: 'open' })}
      />,
    );
    const status = view.container.querySelector('[role="status"]')!;
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(status.textContent).toBe('Open for contributions');
    // The countdown is outside the live region (not announced every minute).
    const countdown = view.container.querySelector('.async-window-countdown')!.textContent;
    expect(countdown).toContain('2 h 14 min left');
    expect(status.contains(view.container.querySelector('.async-window-countdown'))).toBe(false);
    expect(view.container.textContent).toContain(zone);
    view.unmount();
  });

  it('aFutureWindowIsScheduledAndAPastOneClosed', () => {
    const future = render(
      <AsyncWindowBadge
        question={question({
          startsAt: new Date(Date.now() + 3_600_000).toISOString(),
          endsAt: new Date(Date.now() + 7_200_000).toISOString(),
          state: 'scheduled',
        })}
      />,
    );
    expect(future.container.querySelector('[data-state]')!.getAttribute('data-state')).toBe('scheduled');
    future.unmount();
    const past = render(
      <AsyncWindowBadge
        question={question({
          startsAt: new Date(Date.now() - 7_200_000).toISOString(),
          endsAt: new Date(Date.now() - 3_600_000).toISOString(),
          state: 'closed',
        })}
      />,
    );
    expect(past.container.querySelector('[data-state]')!.getAttribute('data-state')).toBe('closed');
    expect(past.container.querySelector('.async-window-countdown')).toBeNull();
    past.unmount();
  });

  it('datetimeLocalValuesAreReadInTheViewersZone', () => {
    const iso = '2026-07-01T08:30:00.000Z';
    expect(fromLocalInput(toLocalInput(iso))).toBe(iso);
    expect(fromLocalInput('')).toBeNull();
    // The value is local wall time: the same digits as the instant's local fields.
    const local = new Date(iso);
    expect(toLocalInput(iso)).toContain(`T${String(local.getHours()).padStart(2, '0')}:30`);
  });

  it('theEditorRefusesAnEndBeforeTheStartAndSendsUtcInstants', async () => {
    sent.length = 0;
    const view = render(<AsyncWindowEditor question={question(null)} />);
    const start = view.container.querySelector<HTMLInputElement>('[data-testid="window-start"]')!;
    const end = view.container.querySelector<HTMLInputElement>('[data-testid="window-end"]')!;
    expect(view.container.querySelector(`label[for="${start.id}"]`)).not.toBeNull();
    await typeInto(start, '2030-03-10T10:00');
    await typeInto(end, '2030-03-10T09:00');
    const save = [...view.container.querySelectorAll('button')].find((b) => b.textContent === 'Set window')!;
    await click(save);
    expect(sent).toHaveLength(0);
    expect(view.container.textContent).toContain('The end must be after the start.');
    await typeInto(end, '2030-03-12T18:00');
    await click(save);
    await settle();
    expect(sent).toEqual([
      {
        event: 'question:set-window',
        payload: {
          questionId: 'q'.repeat(24),
          startsAt: new Date('2030-03-10T10:00').toISOString(),
          endsAt: new Date('2030-03-12T18:00').toISOString(),
        },
      },
    ]);
    view.unmount();
  });

  it('hasTheSameStringsInAllFourLanguages', () => {
    const keys = (o: object): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        typeof v === 'object' ? keys(v as object).map((x) => `${k}.${x}`) : [k],
      );
    const en = keys(asyncWindowStrings.en).sort();
    for (const lang of ['es', 'pt', 'fr'] as const) expect(keys(asyncWindowStrings[lang]).sort()).toEqual(en);
  });

  // QA m3: "1 min restantes" (es, pt): the countdown agrees in number in all four languages.
  it('theCountdownAgreesInNumberInEveryLanguage', async () => {
    const { setLanguage } = await import('../../client/src/i18n');
    const said = (language: string, hours: number, minutes: number) =>
      i18next.getFixedT(language)('asyncWindow.closesIn', { hours, minutes, end: 'E' });
    for (const language of ['es', 'pt', 'fr']) await setLanguage(language as 'es');
    await setLanguage('en');
    expect([said('en', 0, 1), said('en', 2, 14), said('en', 1, 0)]).toEqual([
      '1 min left · closes E',
      '2 h 14 min left · closes E',
      '1 h left · closes E',
    ]);
    expect([
      said('es', 0, 1),
      said('es', 0, 5),
      said('es', 1, 0),
      said('es', 1, 1),
      said('es', 2, 0),
    ]).toEqual([
      'Queda 1 min · cierra E',
      'Quedan 5 min · cierra E',
      'Queda 1 h · cierra E',
      'Quedan 1 h 1 min · cierra E',
      'Quedan 2 h · cierra E',
    ]);
    expect([said('pt', 0, 1), said('pt', 3, 2)]).toEqual([
      'Resta 1 min · fecha E',
      'Restam 3 h 2 min · fecha E',
    ]);
    expect([said('fr', 0, 1), said('fr', 2, 14)]).toEqual([
      'Il reste 1 min · fermeture E',
      'Il reste 2 h 14 min · fermeture E',
    ]);
    expect(i18next.getFixedT('es')('thread.announceMany', { count: 1 })).toBe('1 aporte nuevo');
    expect(i18next.getFixedT('fr')('thread.announceMany', { count: 0 })).toBe('0 nouveau message');
  });
});
