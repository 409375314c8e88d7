import { en } from '../../client/src/i18n/locales/en';
import { es } from '../../client/src/i18n/locales/es';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  const enKeys = flatten(en);
  const esKeys = flatten(es);

  test('spanishHasEveryEnglishKeyAndNoOther', () => {
    expect([...esKeys.keys()].sort()).toEqual([...enKeys.keys()].sort());
  });

  test('noEmptyStrings', () => {
    for (const [key, value] of [...enKeys, ...esKeys])
      expect({ key, empty: value.trim() === '' }).toEqual({ key, empty: false });
  });

  test('samePlaceholdersInBothLanguages', () => {
    for (const [key, value] of enKeys) {
      expect({ key, vars: placeholders(esKeys.get(key) ?? '') }).toEqual({ key, vars: placeholders(value) });
    }
  });

  test('spanishIsActuallyTranslated', () => {
    // Identical strings are allowed only for names and symbols.
    const same = [...enKeys].filter(([key, value]) => esKeys.get(key) === value).map(([key]) => key);
    expect(same.sort()).toEqual(['app.name', 'reactions.count'].sort());
  });
});
