/**
 * QA finding: a read-only observer was listed under "Editing now". The server stamps `readOnly` on each awareness
 * state (draftHub `stampUser`); the draft page lists such people under "Viewing".
 */
import { splitPresence } from '../../client/src/features/drafts/presence';
import { i18next } from '../../client/src/i18n';
import '../../client/src/features/drafts/draftStrings';

test('readOnlyPeopleAreViewersNotEditors', () => {
  const states = new Map<number, unknown>([
    [1, { user: { id: 'a', name: 'Me', color: '#111111', readOnly: false } }],
    [2, { user: { id: 'b', name: 'Ana', color: '#222222', readOnly: false } }],
    [3, { user: { id: 'c', name: 'Olga Observer', color: '#333333', readOnly: true } }],
    [4, {}],
    [5, null],
  ]);
  const { editing, viewing } = splitPresence(states, 1);
  expect(editing.map((p) => p.user.name)).toEqual(['Ana']);
  expect(viewing.map((p) => p.user.name)).toEqual(['Olga Observer']);
});

test('theViewingLabelExistsInEnglishAndSpanish', () => {
  expect(i18next.t('drafts.viewingNow', { lng: 'en' })).toBe('Viewing (read-only)');
  expect(i18next.t('drafts.viewingNow', { lng: 'es' })).toBe('Viendo (solo lectura)');
});
