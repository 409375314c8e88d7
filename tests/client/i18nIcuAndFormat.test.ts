import { i18next, setLanguage, SUPPORTED_LANGUAGES } from '../../client/src/i18n';
import '../../client/src/features/history/historyStrings';
import {
  formatDate,
  formatDateTime,
  formatLocale,
  formatNumber,
  resolveLocalized,
} from '../../client/src/i18n/format';

/**
 * ICU plurals and placeholders through the real i18next + i18next-icu setup in all four languages (CLDR rules:
 * French and Brazilian Portuguese count 0 and 1 as singular, English and Spanish only 1); dates and numbers by the
 * browser's full locale; admin-written texts with a marked fallback.
 */
beforeAll(async () => {
  for (const language of SUPPORTED_LANGUAGES) await setLanguage(language); // loads the lazy pt and fr bundles
  await setLanguage('en');
});

const count = (language: string, key: string, n: number, extra: Record<string, unknown> = {}) =>
  i18next.getFixedT(language)(key, { count: n, ...extra });

test.each([
  ['en', ['0 questions', '1 question', '2 questions', '5 questions']],
  ['es', ['0 preguntas', '1 pregunta', '2 preguntas', '5 preguntas']],
  ['pt', ['0 pergunta', '1 pergunta', '2 perguntas', '5 perguntas']],
  ['fr', ['0 question', '1 question', '2 questions', '5 questions']],
])('pluralOfQuestionsIn %s', (language, expected) => {
  expect([0, 1, 2, 5].map((n) => count(language, 'workspace.questionsCount', n))).toEqual(expected);
});

test('pluralsInAPerFeatureStringsFileWithAnotherPlaceholderInside', () => {
  expect(count('fr', 'history.dropped', 1, { limit: 20 })).toBe(
    'La version la plus ancienne n’est plus conservée (les 20 dernières le sont).',
  );
  expect(count('fr', 'history.dropped', 3, { limit: 20 })).toMatch(/^Les 3 versions les plus anciennes/);
  expect(count('pt', 'history.dropped', 0, { limit: 20 })).toMatch(/^A versão mais antiga/);
  expect(count('es', 'history.dropped', 0, { limit: 20 })).toMatch(/^Las 0 versiones/);
  expect(count('en', 'audit.detail.closedQuestions', 1)).toBe('1 question closed');
});

test('pluralNumbersAreFormattedForTheLanguage', () => {
  // "#" uses the language's digits grouping: 1,234 in English, 1 234 (narrow no-break space) in French.
  expect(count('en', 'thread.newPosts', 1234)).toBe('1,234 new posts');
  expect(count('fr', 'thread.newPosts', 1234)).toMatch(/^1\s234 nouveaux messages$/u);
});

test('placeholdersAreFilledInEveryLanguage', () => {
  for (const language of SUPPORTED_LANGUAGES) {
    const text = i18next.getFixedT(language)('app.signedInAs', { name: 'Zoë {x}' });
    expect(text).toContain('Zoë {x}');
    expect(text).not.toMatch(/\{name\}/);
  }
  expect(i18next.getFixedT('pt')('typing.two', { a: 'Ana', b: 'Bea' })).toBe('Ana e Bea estão digitando…');
});

describe('browser full locale', () => {
  const languages = (tags: string[]) =>
    Object.defineProperty(window.navigator, 'languages', { value: tags, configurable: true });
  afterEach(() => languages(['en-US', 'en']));
  const day = '2026-03-05T12:00:00.000Z';
  const numeric = { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'UTC' } as const;

  test('englishDatesFollowTheBrowserRegion', () => {
    languages(['en-GB', 'en']);
    expect(formatLocale('en')).toBe('en-GB');
    expect(formatDate(day, 'en', numeric)).toBe('05/03/2026');
    languages(['en-US']);
    expect(formatDate(day, 'en', numeric)).toBe('03/05/2026');
  });

  // QA m10: an English UI on an es-ES browser showed post times US-style ("09:57 AM").
  test('aUiLanguageTheBrowserDoesNotNameUsesItsRegionalDefault', () => {
    languages(['es-ES', 'es']);
    const time = { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' } as const;
    expect(formatLocale('en')).toBe('en-GB');
    expect(formatDate('2026-11-30T09:57:00.000Z', 'en', time)).toBe('09:57');
    expect(formatDate(day, 'en', numeric)).toBe('05/03/2026');
    expect(formatDateTime('2026-11-30T21:57:00.000Z', 'en')).not.toMatch(/AM|PM/);
    languages(['en-US']);
    expect(['es', 'pt', 'fr'].map(formatLocale)).toEqual(['es-ES', 'pt-BR', 'fr-FR']);
    expect(formatNumber(12345.5, 'es')).toBe('12.345,5');
    // The browser's own region still wins for its language.
    expect(formatDate('2026-11-30T09:57:00.000Z', 'en', time)).toBe('09:57 AM');
  });

  test('theUiLanguagePicksTheBrowserTagOfTheSameLanguage', () => {
    languages(['es-MX', 'fr-CA', 'pt-PT']);
    expect(['es', 'fr', 'pt', 'en'].map(formatLocale)).toEqual(['es-MX', 'fr-CA', 'pt-PT', 'en-GB']);
    expect(formatDate(day, 'fr', numeric)).toBe('2026-03-05'); // fr-CA: ISO order
    expect(formatNumber(12345.5, 'es')).toBe('12,345.5'); // es-MX
    languages(['es-ES']);
    expect(formatNumber(12345.5, 'es')).toBe('12.345,5');
    expect(formatDate('not a date', 'es')).toBe('');
  });
});

describe('admin-written texts', () => {
  const text = { en: 'Competitiveness', es: 'Competitividad', fr: 'Compétitivité' };

  test('ownVersionIsShownWithoutAMark', () => {
    expect(resolveLocalized(text, 'fr')).toEqual({ text: 'Compétitivité', lang: 'fr', fallback: false });
    expect(resolveLocalized(text, 'es')).toEqual({ text: 'Competitividad', lang: 'es', fallback: false });
  });

  test('aMissingVersionFallsBackToEnglishThenSpanishAndIsMarked', () => {
    expect(resolveLocalized(text, 'pt')).toEqual({ text: 'Competitiveness', lang: 'en', fallback: true });
    expect(resolveLocalized({ en: ' ', es: 'Competitividad' }, 'pt')).toEqual({
      text: 'Competitividad',
      lang: 'es',
      fallback: true,
    });
  });
});

test('aLegacyDoubleBraceMessageIsStillFilledInRatherThanShownRaw', () => {
  // Not valid ICU (i18n.test.ts fails on it); at run time the reader still sees the value, not "{{name}}".
  i18next.addResourceBundle('en', 'translation', { legacyProbe: 'Hello {{name}}' }, true, true);
  expect(i18next.getFixedT('en')('legacyProbe', { name: 'Ana' })).toBe('Hello Ana');
});
