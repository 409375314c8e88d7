import './helpers/textEncoding';
import { act } from 'react';
import type { DistrictProfileDto, ProfileRevisionDto } from '@polos/shared';
import { i18next } from '../../client/src/i18n';
import '../../client/src/features/profiles/profileStrings';
import { HistoryPanel } from '../../client/src/features/profiles/HistoryPanel';
import { settle } from './helpers/dom';
import { render } from './helpers/render';

const page: { items: ProfileRevisionDto[]; nextBefore: number | null } = { items: [], nextBefore: null };
jest.mock('../../client/src/features/profiles/profileApi', () => ({
  profileApi: { revisions: () => Promise.resolve(page), restore: jest.fn() },
}));

/**
 * QA m7, a profile's history: a moderator's validation read "Revisión 5 … — Marta Moderadora" with no word of
 * what happened, the seed's first revision "… — —", and times had no zone.
 */
const D = 'd'.repeat(24);
function revision(n: number, extra: Partial<ProfileRevisionDto>): ProfileRevisionDto {
  return {
    id: String(n).repeat(24),
    districtId: D,
    revision: n,
    kind: 'update',
    at: '2026-11-30T15:39:00.000Z',
    by: { id: 'u'.repeat(24), name: 'Marta Moderadora' } as ProfileRevisionDto['by'],
    fields: [],
    before: {},
    after: {},
    restoredFrom: null,
    validated: null,
    ...extra,
  };
}

test('everyRevisionSaysWhatHappenedWithTheZoneNamedAndNoEmptyAuthor', async () => {
  await act(() => i18next.changeLanguage('es'));
  page.items = [
    revision(5, { kind: 'validate', validated: true }),
    revision(4, { kind: 'restore', restoredFrom: 2 }),
    revision(1, { kind: 'create', by: null }),
  ];
  const profile = { id: D, revision: 5, canEdit: false } as DistrictProfileDto;
  const view = render(<HistoryPanel workspaceId={'w'.repeat(24)} profile={profile} onRestored={() => {}} />);
  await settle();
  const rows = Array.from(view.container.querySelectorAll('li[data-revision]')).map(
    (li) => li.querySelector('p')!.textContent,
  );
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  expect(view.container.textContent).toContain(`Horas en ${zone}`);
  expect(rows[0]).toMatch(/^Revisión 5 · Validado · .+ — Marta Moderadora$/);
  expect(rows[1]).toContain('Restaurada la revisión 2');
  expect(rows[2]).toMatch(/^Revisión 1 · Importado \/ creado · [^—]+$/);
  expect(rows.join('\n')).not.toContain('— —');
  // Each time carries the zone's short name (GMT±n, UTC, CET…), after the hour.
  for (const row of rows) expect(row).toMatch(/\d{2}:\d{2}\s\S*(GMT|UTC|[A-Z]{2,5})/);
  view.unmount();
  await act(() => i18next.changeLanguage('en'));
});
