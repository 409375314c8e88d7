import './helpers/textEncoding';
import { act } from 'react';
import type { DistrictProfileDto, ProfileConflictDetails } from '@polos/shared';
import { EMPTY_PROFILE, profileCompleteness } from '@polos/shared';
import { i18next } from '../../client/src/i18n';
import { ProfileForm } from '../../client/src/features/profiles/ProfileForm';
import { apiQuery, compareIds, withParam } from '../../client/src/features/profiles/directoryQuery';
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

const typeText = (area: HTMLTextAreaElement, value: string): Promise<void> =>
  act(async () => {
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
    setter.call(area, value);
    area.dispatchEvent(new Event('input', { bubbles: true }));
    await Promise.resolve();
  });

function profile(overrides: Partial<DistrictProfileDto> = {}): DistrictProfileDto {
  const fields = {
    ...EMPTY_PROFILE,
    name: 'Clúster de Autopartes',
    kind: 'cluster' as const,
    country: 'MX',
    region: 'Nuevo León',
    city: 'Monterrey',
    governance: 'Board',
    ...overrides,
  };
  return {
    ...fields,
    id: 'd'.repeat(24),
    regionGroup: 'LAC',
    demo: false,
    revision: 2,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-02T00:00:00.000Z',
    validation: null,
    completeness: profileCompleteness(fields),
    representatives: [],
    canEdit: true,
    canValidate: false,
    myRequest: null,
    ...overrides,
  };
}

const sentBody = (call: number) =>
  JSON.parse(fetchMock.mock.calls[call][1]!.body!) as {
    baseRevision: number;
    changes: Record<string, unknown>;
  };

describe('<ProfileForm> (Block 1 profile form)', () => {
  beforeAll(() => {
    (globalThis as { fetch?: unknown }).fetch = fetchMock;
  });
  afterEach(async () => {
    fetchMock.mockClear();
    answers = [];
    document.body.innerHTML = '';
    await act(() => i18next.changeLanguage('en'));
  });

  test('aStaleSaveShowsBothValuesAndSavesTheChoiceWithoutUndoingOthersChanges', async () => {
    const onSaved = jest.fn();
    const { container, unmount } = render(
      <ProfileForm workspaceId={'w'.repeat(24)} profile={profile()} onSaved={onSaved} />,
    );
    await typeInto(container.querySelector<HTMLInputElement>('#pf-city')!, 'San Pedro');
    await typeText(container.querySelector<HTMLTextAreaElement>('#pf-specialisation')!, 'EV parts');

    // Someone else saved city and governance meanwhile (revision 3): city conflicts, governance does not.
    const current = profile({ revision: 3, city: 'Apodaca', governance: 'Board and universities' });
    const details: ProfileConflictDetails = {
      baseRevision: 2,
      currentRevision: 3,
      conflicts: [{ field: 'city', base: 'Monterrey', theirs: 'Apodaca', yours: 'San Pedro' }],
      current,
    };
    answers = [{ status: 409, body: { error: { code: 'conflict', message: 'conflict', details } } }];
    await click(container.querySelector<HTMLButtonElement>('[data-testid="profile-save"]')!);
    await settle();

    expect(sentBody(0)).toEqual({
      baseRevision: 2,
      changes: { city: 'San Pedro', specialisation: 'EV parts' },
    });
    const conflict = container.querySelector('[data-testid="conflict"]')!;
    expect(conflict.getAttribute('role')).toBe('alert');
    expect(conflict.querySelector('[data-testid="conflict-theirs"]')!.textContent).toBe('Apodaca');
    expect(conflict.querySelector('[data-testid="conflict-mine"]')!.textContent).toBe('San Pedro');
    // The field nobody else touched now shows the stored value (their governance is not undone).
    expect(container.querySelector<HTMLTextAreaElement>('#pf-governance')!.value).toBe(
      'Board and universities',
    );

    // Keep theirs for the city, then save on the current revision: only my specialisation is sent.
    const radios = conflict.querySelectorAll<HTMLInputElement>('input[type="radio"]');
    await click(radios[0]);
    const saved = profile({
      revision: 4,
      city: 'Apodaca',
      governance: 'Board and universities',
      specialisation: 'EV parts',
    });
    answers = [{ status: 200, body: saved }];
    await click([...conflict.querySelectorAll('button')].find((b) => b.textContent === 'Save my choices')!);
    await settle();
    expect(sentBody(1)).toEqual({ baseRevision: 3, changes: { specialisation: 'EV parts' } });
    expect(onSaved).toHaveBeenCalledWith(saved);
    expect(container.querySelector('[data-testid="conflict"]')).toBeNull();
    expect(container.querySelector('[data-testid="profile-status"]')!.textContent).toBe('Profile saved.');
    unmount();
  });

  test('invalidFieldsAreNotSentAndEachErrorIsTiedToItsField', async () => {
    await act(() => i18next.changeLanguage('es'));
    const { container, unmount } = render(
      <ProfileForm workspaceId={'w'.repeat(24)} profile={profile()} onSaved={jest.fn()} />,
    );
    const website = container.querySelector<HTMLInputElement>('#pf-website')!;
    await typeInto(website, 'javascript:alert(1)');
    const employees = container.querySelector<HTMLInputElement>('#pf-employees')!;
    await typeInto(employees, '-5');
    await click(container.querySelector<HTMLButtonElement>('[data-testid="profile-save"]')!);
    await settle();

    expect(fetchMock).not.toHaveBeenCalled();
    expect(website.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(website.getAttribute('aria-describedby')!)!.textContent).toBe(
      'Solo direcciones http:// o https://.',
    );
    expect(employees.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(employees.getAttribute('aria-describedby')!)!.textContent).toBe(
      'Un número entero igual o mayor que 0.',
    );
    expect(container.querySelector('[role="alert"]')!.textContent).toBe('Corrija los campos marcados (2).');
    unmount();
  });

  test('theCompletenessMeterNamesTheMissingKeyFieldsAndFollowsTheForm', async () => {
    const { container, unmount } = render(
      <ProfileForm workspaceId={'w'.repeat(24)} profile={profile()} onSaved={jest.fn()} />,
    );
    const missing = () => container.querySelector('[data-testid="completeness-missing"]')!.textContent;
    expect(missing()).toContain('Specialisation');
    expect(missing()).toContain('Cooperation offers or requests');
    await typeText(container.querySelector<HTMLTextAreaElement>('#pf-specialisation')!, 'EV parts');
    expect(missing()).not.toContain('Specialisation');
    await click(container.querySelector<HTMLButtonElement>('#pf-add-offers')!);
    // The new card's title is focused and labelled.
    expect(document.activeElement?.tagName).toBe('INPUT');
    expect(document.activeElement?.closest('.field')?.querySelector('label')?.textContent).toBe('Title');
    expect(missing()).not.toContain('Cooperation');
    unmount();
  });
});

describe('directory filters in the URL', () => {
  test('onlyKnownWellFormedFiltersReachTheApi', () => {
    const url = new URLSearchParams(
      'q=pôle&regionGroup=EU&firmsMin=10&firmsMax=abc&validated=maybe&view=table&compare=a,b&sort=-firms&evil=1',
    );
    expect(apiQuery(url).toString()).toBe('q=p%C3%B4le&regionGroup=EU&firmsMin=10&sort=-firms');
    expect(apiQuery(url, { without: ['regionGroup'], limit: 500 }).toString()).toBe(
      'q=p%C3%B4le&firmsMin=10&sort=-firms&limit=100',
    );
  });

  test('settingAFilterKeepsTheOthersAndEmptyRemovesIt', () => {
    const url = new URLSearchParams('country=FR&view=table');
    expect(withParam(url, 'country', 'MX').toString()).toBe('country=MX&view=table');
    expect(withParam(url, 'country', '').toString()).toBe('view=table');
    expect(compareIds(new URLSearchParams('compare=a,b,c,d,e,<x>'))).toEqual(['a', 'b', 'c', 'd']);
  });
});
