import { formatDateTime } from '../../client/src/i18n/format';

/** Records read later (archive, audit) always carry a date, in the UI language (QA: "Cerrada el 00:49"). */
describe('formatDateTime', () => {
  const now = new Date();
  const year = String(now.getFullYear());

  test('aMomentOfTodayStillShowsTheDateAndTheTime', () => {
    const iso = now.toISOString();
    for (const language of ['en', 'es']) {
      const text = formatDateTime(iso, language);
      expect(text).toContain(year);
      expect(text).toContain(String(now.getDate()));
      expect(text).toMatch(/\d{1,2}:\d{2}/);
    }
  });

  test('followsTheLanguageAndRefusesAnInvalidDate', () => {
    const iso = '2026-03-05T12:00:00.000Z';
    expect(formatDateTime(iso, 'en-GB')).toMatch(/Mar/);
    expect(formatDateTime(iso, 'es')).toMatch(/mar/);
    expect(formatDateTime('not a date', 'es')).toBe('');
  });
});
