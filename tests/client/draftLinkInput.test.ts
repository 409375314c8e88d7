/**
 * QA finding: a link address without a scheme (`example.org`) or with a refused one (`javascript:`) was silently
 * ignored by the Link button. It now adds `https://` or says why the link was not added (en/es).
 */
import { readLinkInput } from '../../client/src/features/drafts/linkInput';
import { i18next } from '../../client/src/i18n';
import '../../client/src/features/drafts/draftStrings';

test.each([
  ['example.org', 'https://example.org'],
  ['  example.org/informe?x=1  ', 'https://example.org/informe?x=1'],
  ['//example.org/a', 'https://example.org/a'],
  ['localhost.example:8080/x', 'https://localhost.example:8080/x'],
  ['https://example.org/a', 'https://example.org/a'],
  ['HTTP://example.org', 'HTTP://example.org'],
  ['mailto:ana@example.org', 'mailto:ana@example.org'],
  ['bücher.example/ñandú', 'https://bücher.example/ñandú'],
])('%s links to %s', (typed, href) => {
  expect(readLinkInput(typed)).toEqual({ kind: 'link', href });
});

test.each([
  ['javascript:alert(1)', 'javascript:'],
  ['JavaScript:alert(1)', 'javascript:'],
  ['data:text/html,hi', 'data:'],
  ['ftp://example.org', 'ftp:'],
  ['vbscript:x', 'vbscript:'],
])('%s is refused by name', (typed, scheme) => {
  expect(readLinkInput(typed)).toEqual({ kind: 'refused', scheme });
});

test.each(['not a url', 'localhost', 'hello'])('%s is not a web address', (typed) => {
  expect(readLinkInput(typed)).toEqual({ kind: 'invalid' });
});

test('emptyRemovesTheLink', () => {
  expect(readLinkInput('   ')).toEqual({ kind: 'remove' });
});

test('theMessagesExistInEnglishAndSpanish', () => {
  for (const lng of ['en', 'es']) {
    for (const key of ['drafts.toolbar.linkRefused', 'drafts.toolbar.linkInvalid']) {
      expect(i18next.exists(key, { lng })).toBe(true);
    }
    expect(i18next.t('drafts.toolbar.linkRefused', { lng, scheme: 'javascript:' })).toContain(
      '"javascript:"',
    );
  }
});
