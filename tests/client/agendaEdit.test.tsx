import './helpers/textEncoding';
import { act } from 'react';
import type { AgendaSessionDto } from '@polos/shared';
import { i18next } from '../../client/src/i18n';
import { EditSessionForm } from '../../client/src/features/agenda/EditSessionForm';
import { click, settle, typeInto } from './helpers/dom';
import { render } from './helpers/render';

/** What the next requests answer, in order. */
let answers: Array<{ status: number; body?: unknown }> = [];
const fetchMock = jest.fn((_path: string, _init?: { method?: string; body?: string }) => {
  const answer = answers.shift() ?? {
    status: 500,
    body: { error: { code: 'internal_error', message: 'x' } },
  };
  return Promise.resolve({
    status: answer.status,
    ok: answer.status < 300,
    text: () => Promise.resolve(answer.body === undefined ? '' : JSON.stringify(answer.body)),
  });
});

const session: AgendaSessionDto = {
  id: 'a'.repeat(24),
  workspaceId: 'w'.repeat(24),
  title: { en: 'Kick-off', es: 'Arranque' },
  // 16:00–17:30 in Madrid (UTC+1 in January).
  start: '2027-01-14T15:00:00.000Z',
  end: '2027-01-14T16:30:00.000Z',
  timeZone: 'Europe/Madrid',
  blockId: null,
};

const field = (root: HTMLElement, name: string) =>
  root.querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
const labelOf = (input: HTMLInputElement) => input.closest('label')!.textContent;

/** Issue 13.2: the agenda's session editor (title, start/end in a named IANA zone), client side. */
describe('<EditSessionForm>', () => {
  beforeAll(() => {
    (globalThis as { fetch?: unknown }).fetch = fetchMock;
  });
  afterEach(async () => {
    fetchMock.mockClear();
    answers = [];
    document.body.innerHTML = '';
    await act(() => i18next.changeLanguage('en'));
  });

  test('showsTheStoredTimesInTheSessionsZoneAndSendsNewInstantsFromAnotherZone', async () => {
    const done = jest.fn();
    const view = render(<EditSessionForm session={session} onDone={done} onCancel={() => undefined} />);
    await settle();
    const form = view.container.querySelector('form')!;
    // Focus moves into the editor; the stored times are shown as wall times in the zone the labels name.
    expect(document.activeElement).toBe(field(form, 'en'));
    expect(field(form, 'date').value).toBe('2027-01-14');
    expect(field(form, 'start').value).toBe('16:00');
    expect(field(form, 'end').value).toBe('17:30');
    // Zones by name and offset in the UI language, not IANA ids (QA m5).
    expect(labelOf(field(form, 'start'))).toContain('Start time (Spain Time, GMT+1)');

    // Move it to a July morning planned in Mexico City (UTC−6, no DST), add a French title.
    const zone = form.querySelector<HTMLInputElement>('input[list]')!;
    await typeInto(zone, 'America/Mexico_City');
    expect(labelOf(field(form, 'end'))).toContain('End time (Central Standard Time, GMT-6)');
    await typeInto(field(form, 'date'), '2027-07-15');
    await typeInto(field(form, 'start'), '08:00');
    await typeInto(field(form, 'end'), '09:30');
    await typeInto(field(form, 'fr'), 'Lancement');
    answers = [{ status: 200, body: { ...session } }];
    await click(form.querySelector<HTMLButtonElement>('button[type="submit"]')!);
    await settle();

    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [path, init] = fetchMock.mock.calls[0];
    expect(path).toBe(`/api/agenda/sessions/${session.id}`);
    expect(init!.method).toBe('PATCH');
    expect(JSON.parse(init!.body!)).toEqual({
      title: { en: 'Kick-off', es: 'Arranque', fr: 'Lancement' },
      start: '2027-07-15T14:00:00.000Z',
      end: '2027-07-15T15:30:00.000Z',
      timeZone: 'America/Mexico_City',
    });
    expect(done).toHaveBeenCalledWith('Session updated.', true);
  });

  test('anEndBeforeTheStartIsTheNextDayAndAConflictIsReportedNotSaved', async () => {
    const done = jest.fn();
    await act(() => i18next.changeLanguage('fr'));
    const view = render(<EditSessionForm session={session} onDone={done} onCancel={() => undefined} />);
    const form = view.container.querySelector('form')!;
    expect(labelOf(field(form, 'start'))).toContain('Heure de début (heure : Espagne, UTC+1)');
    await typeInto(field(form, 'start'), '23:30');
    await typeInto(field(form, 'end'), '00:30');
    answers = [{ status: 409, body: { error: { code: 'conflict', message: 'changed meanwhile' } } }];
    await click(form.querySelector<HTMLButtonElement>('button[type="submit"]')!);
    await settle();
    const sent = JSON.parse(fetchMock.mock.calls[0][1]!.body!) as { start: string; end: string };
    // 23:30 Madrid (UTC+1) on the 14th → 00:30 on the 15th.
    expect(sent).toMatchObject({ start: '2027-01-14T22:30:00.000Z', end: '2027-01-14T23:30:00.000Z' });
    expect(done).toHaveBeenCalledWith(expect.stringContaining('conflict'), false);
  });

  test('escapeCancels', async () => {
    const cancel = jest.fn();
    const view = render(<EditSessionForm session={session} onDone={() => undefined} onCancel={cancel} />);
    const input = field(view.container.querySelector('form')!, 'en');
    await act(async () => {
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
      await Promise.resolve();
    });
    expect(cancel).toHaveBeenCalledTimes(1);
  });
});
