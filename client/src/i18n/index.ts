import i18next from 'i18next';
import ICU from 'i18next-icu';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '@polos/shared';
import { en, type Messages } from './locales/en';
import { es } from './locales/es';

/**
 * UI languages (the server's `LOCALES`; the type below fails to compile when they drift apart). Messages are ICU
 * MessageFormat (i18next-icu + intl-messageformat): `{name}`, `{count, plural, one {# post} other {# posts}}`.
 * en and es ship in the entry chunk; pt and fr are loaded on demand (entry-chunk budget, scripts/check-bundle.mjs).
 */
export const SUPPORTED_LANGUAGES = ['en', 'es', 'pt', 'fr'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];
// Compile-time check that the client and the server offer the same languages.
const sameAsServer: [Language, Locale] extends [Locale, Language] ? true : never = true;
void sameAsServer;

/** Each language named in itself (the switcher shows these, whatever the current UI language). */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  es: 'Español',
  pt: 'Português',
  fr: 'Français',
};

const STORAGE_KEY = 'polos.language';

export const isLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && (SUPPORTED_LANGUAGES as readonly string[]).includes(value);

/** Core bundles not in the entry chunk. */
const LAZY: Partial<Record<Language, () => Promise<Messages>>> = {
  pt: () => import('./locales/pt').then((m) => m.pt),
  fr: () => import('./locales/fr').then((m) => m.fr),
};
const loaded = new Map<Language, Promise<void>>([
  ['en', Promise.resolve()],
  ['es', Promise.resolve()],
]);

/** Loads a language's core strings once (per-feature strings files register all four languages themselves). */
export function loadLanguage(language: Language): Promise<void> {
  let done = loaded.get(language);
  if (!done) {
    const load = LAZY[language];
    done = load
      ? load().then((messages) => {
          i18next.addResourceBundle(language, 'translation', messages, true, false);
        })
      : Promise.resolve();
    done.catch(() => loaded.delete(language)); // offline: try again on the next switch
    loaded.set(language, done);
  }
  return done;
}

/**
 * The language to start with: the stored choice of this browser, else the first of the browser's languages
 * (`navigator.languages`, e.g. ['pt-BR', 'en-US'] → pt) that the UI offers, else English. A signed-in user's
 * saved locale replaces it once the session is known (features/auth/SessionProvider).
 */
export function detectLanguage(): Language {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (isLanguage(stored)) return stored;
  const nav = globalThis.navigator;
  const browser = nav?.languages?.length ? nav.languages : [nav?.language ?? ''];
  for (const tag of browser) {
    const base = tag.slice(0, 2).toLowerCase();
    if (isLanguage(base)) return base;
  }
  return 'en';
}

/** Switches the UI language (loading its strings first) without remembering it. */
async function applyLanguage(language: Language): Promise<void> {
  await loadLanguage(language);
  await i18next.changeLanguage(language);
}

/** The language the person last picked in the switch on this page load, and when (ms since epoch). */
let picked: { language: Language; at: number } | null = null;

/** The person picked `language` in the language switch: applied and remembered like {@link setLanguage}. */
export function pickLanguage(language: Language): Promise<void> {
  picked = { language, at: Date.now() };
  return setLanguage(language);
}

/**
 * The language the person picked at or after `since` (ms since epoch), else null: a session read asked for before
 * that pick carries the account's older language and must not switch back.
 */
export const languagePickedSince = (since: number): Language | null =>
  picked && picked.at >= since ? picked.language : null;

/** Switches the UI language (loading its strings first) and remembers it on this browser. */
export async function setLanguage(language: Language): Promise<void> {
  globalThis.localStorage?.setItem(STORAGE_KEY, language);
  await applyLanguage(language);
}

const initial = detectLanguage();

/**
 * A message that is not valid ICU (e.g. a strings file still written with i18next's `{{name}}`) is shown with
 * its `{{name}}` placeholders filled rather than raw; tests/client/i18n.test.ts fails on such messages.
 */
function legacyInterpolation(_error: unknown, _key: string, res: string, options: object): string {
  const values = options as Record<string, unknown>;
  return res.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

void i18next
  .use(new ICU({ parseErrorHandler: legacyInterpolation }))
  .use(initReactI18next)
  .init({
    resources: { en: { translation: en }, es: { translation: es } },
    // A lazy language starts in English and switches as soon as its strings arrive (see `i18nReady`).
    lng: loaded.has(initial) ? initial : 'en',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  });

/** Resolves once the detected language is loaded and active (main.tsx renders after it; never rejects). */
export const i18nReady: Promise<void> =
  initial === i18next.language ? Promise.resolve() : applyLanguage(initial).catch(() => undefined);

i18next.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});
document.documentElement.lang = i18next.language;

export { i18next };
