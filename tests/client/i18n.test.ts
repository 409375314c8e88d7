import { readdirSync } from 'node:fs';
import path from 'node:path';
import IntlMessageFormat from 'intl-messageformat';
import { en } from '../../client/src/i18n/locales/en';
import { es } from '../../client/src/i18n/locales/es';
import { pt } from '../../client/src/i18n/locales/pt';
import { fr } from '../../client/src/i18n/locales/fr';
import { SUPPORTED_LANGUAGES } from '../../client/src/i18n';
import { LOCALES } from '@polos/shared';
import type * as I18nModule from '../../client/src/i18n';

/**
 * Locale completeness: the core locales and EVERY per-feature strings file (client/src/features/<f>/*Strings.ts,
 * discovered on disk, so a new feature is covered without touching this test) provide all four UI languages with
 * exactly English's keys; every message is valid ICU MessageFormat with the same arguments (and plural/select
 * kinds) in every language.
 */
type Tree = { [key: string]: unknown };

function flatten(tree: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof tree !== 'object' || tree === null) return out;
  for (const [key, value] of Object.entries(tree as Tree)) {
    const at = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(at, value);
    else for (const [k, v] of flatten(value, at)) out.set(k, v);
  }
  return out;
}

/** The strings files' bundles, captured from their addResourceBundle calls in an isolated module registry. */
const featuresDir = path.join(__dirname, '../../client/src/features');
const stringsFiles = readdirSync(featuresDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    readdirSync(path.join(featuresDir, d.name))
      .filter((f) => /Strings\.tsx?$/.test(f))
      .map((f) => path.join(featuresDir, d.name, f)),
  );

function bundlesOf(file: string): Record<string, Tree> {
  const bundles: Record<string, Tree> = {};
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { i18next } = require('../../client/src/i18n') as typeof I18nModule;
    const original = i18next.addResourceBundle.bind(i18next);
    i18next.addResourceBundle = ((
      lng: string,
      ns: string,
      resources: Tree,
      deep?: boolean,
      overwrite?: boolean,
    ) => {
      bundles[lng] = { ...(bundles[lng] ?? {}), ...resources };
      return original(lng, ns, resources, deep, overwrite);
    }) as typeof i18next.addResourceBundle;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(file);
  });
  return bundles;
}

const sources: [string, Record<string, Tree>][] = [
  ['core locales', { en, es, pt, fr }],
  ...stringsFiles.map((f): [string, Record<string, Tree>] => [path.relative(featuresDir, f), bundlesOf(f)]),
];

type Ast = ReturnType<IntlMessageFormat['getAst']>;
/** "name:kind" of every argument in an ICU AST (kind: plain, number, date, time, plural, select), sorted. */
function argumentsOf(ast: Ast, out = new Set<string>()): string[] {
  const kinds: Record<number, string> = {
    1: 'plain',
    2: 'number',
    3: 'date',
    4: 'time',
    5: 'select',
    6: 'plural',
  };
  for (const el of ast as unknown as {
    type: number;
    value?: string;
    options?: Record<string, { value: Ast }>;
    children?: Ast;
  }[]) {
    if (kinds[el.type]) out.add(`${el.value}:${kinds[el.type]}`);
    for (const option of Object.values(el.options ?? {})) argumentsOf(option.value, out);
    if (el.children) argumentsOf(el.children, out);
  }
  return [...out].sort();
}

function parse(message: string, language: string): Ast {
  // i18next's own `{{name}}` / `{{name, format}}` (an ICU branch may legitimately start with a nested argument:
  // `=0 {{minutes, plural, …}}`).
  if (/\{\{\s*[\w.-]+\s*(,[^{}]*)?\}\}/.test(message)) throw new Error('i18next {{x}} syntax: write ICU {x}');
  return new IntlMessageFormat(message, language, undefined, { ignoreTag: true }).getAst();
}

test('theClientOffersExactlyTheServerLocales', () => {
  expect([...SUPPORTED_LANGUAGES].sort()).toEqual([...LOCALES].sort());
  expect(stringsFiles.length).toBeGreaterThanOrEqual(3); // drafts, history, join at least
});

describe.each(sources)('%s', (_name, bundles) => {
  const reference = flatten(bundles.en);

  test('everyLanguageHasExactlyTheEnglishKeys', () => {
    expect(reference.size).toBeGreaterThan(0);
    for (const language of SUPPORTED_LANGUAGES) {
      const keys = [...flatten(bundles[language]).keys()].sort();
      const missing = [...reference.keys()].filter((k) => !keys.includes(k));
      const extra = keys.filter((k) => !reference.has(k));
      expect({ language, missing, extra }).toEqual({ language, missing: [], extra: [] });
    }
  });

  test('everyMessageIsNonEmptyValidIcuWithTheSameArguments', () => {
    const problems: string[] = [];
    for (const [key, english] of reference) {
      let expected: string[] = [];
      try {
        expected = argumentsOf(parse(english, 'en'));
      } catch (error) {
        problems.push(`en ${key}: ${(error as Error).message}`);
      }
      for (const language of SUPPORTED_LANGUAGES) {
        const message = flatten(bundles[language]).get(key);
        if (message === undefined) continue; // reported by the key test
        if (message.trim() === '') problems.push(`${language} ${key}: empty`);
        try {
          const args = argumentsOf(parse(message, language));
          if (JSON.stringify(args) !== JSON.stringify(expected))
            problems.push(`${language} ${key}: arguments ${args.join(',')} ≠ en ${expected.join(',')}`);
        } catch (error) {
          problems.push(`${language} ${key}: ${(error as Error).message}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  test('otherLanguagesAreActuallyTranslated', () => {
    // Names, symbols and words spelled alike ("Conclusions", "Question") may match English, but not most text.
    for (const language of SUPPORTED_LANGUAGES.filter((l) => l !== 'en')) {
      const own = flatten(bundles[language]);
      const same = [...reference].filter(([key, value]) => own.get(key) === value).length;
      expect({ language, share: same / reference.size < 0.2 }).toEqual({ language, share: true });
    }
  });
});
