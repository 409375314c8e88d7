import './helpers/textEncoding';
import { act } from 'react';
import type { PresenceDto } from '@polos/shared';
import { i18next, setLanguage } from '../../client/src/i18n';
import '../../client/src/features/profiles/profileStrings';
import { CompletenessMeter } from '../../client/src/features/profiles/CompletenessMeter';
import { countryFilterOptions } from '../../client/src/features/profiles/pickers';
import { PresenceList } from '../../client/src/features/workspace/PresenceList';
import { render } from './helpers/render';

/** QA m9: small UI points — one word for "district", no repeated "complete", a country filter that fits. */
afterAll(async () => {
  await i18next.changeLanguage('en');
});

test('thePresenceListSaysDistrictLikeTheRestOfTheUi', async () => {
  const presence = {
    blockId: 'b'.repeat(24),
    users: [{ userId: 'u'.repeat(24), name: 'José Ñandú Pérez', role: 'participant', district: null }],
  } as unknown as PresenceDto;
  for (const [language, word] of [
    ['es', 'sin distrito'],
    ['pt', 'sem distrito'],
    ['fr', 'sans district'],
    ['en', 'no district'],
  ] as const) {
    await act(() => setLanguage(language));
    const view = render(<PresenceList presence={presence} />);
    expect(view.container.querySelector('.presence-where')!.textContent).toBe(word);
    view.unmount();
  }
});

test('theCompletenessLineSaysCompleteOnce', async () => {
  for (const [language, line] of [
    ['es', 'Completitud del perfil: 100 %'],
    ['en', 'Profile completeness: 100%'],
    ['pt', 'Completude do perfil: 100%'],
    ['fr', 'Complétude du profil\u00a0: 100\u00a0%'],
  ] as const) {
    await act(() => setLanguage(language));
    const view = render(<CompletenessMeter completeness={{ percent: 100, missing: [] } as never} />);
    expect(view.container.querySelector('#completeness-label')!.textContent).toBe(line);
    view.unmount();
  }
});

test('theCountryFilterListsTheCountriesWithDistrictsAndTheirCounts', () => {
  const all = [
    { code: 'AQ', label: 'Antártida' },
    { code: 'CO', label: 'Colombia' },
    { code: 'ES', label: 'España' },
    { code: 'PE', label: 'Perú' },
  ];
  expect(countryFilterOptions({ CO: 5, ES: 1234 }, all, null, 'es')).toEqual([
    { value: 'CO', label: 'Colombia (5)' },
    { value: 'ES', label: 'España (1234)' },
  ]);
  // A country picked in a shared link stays listed; before the counts load, every country is offered.
  expect(countryFilterOptions({ CO: 5 }, all, 'PE', 'es').map((o) => o.label)).toEqual([
    'Colombia (5)',
    'Perú (0)',
  ]);
  expect(countryFilterOptions(null, all, null, 'es')).toHaveLength(4);
});
