import type { LocalizedText } from '@polos/shared';
import { useTranslation } from 'react-i18next';
import { resolveLocalized } from '../i18n/format';

const languageNames = new Map<string, Intl.DisplayNames | null>();
/** "inglés" for ('en', 'es'); the code itself when the browser has no display names. */
function languageName(code: string, uiLanguage: string): string {
  if (!languageNames.has(uiLanguage)) {
    try {
      languageNames.set(uiLanguage, new Intl.DisplayNames([uiLanguage], { type: 'language' }));
    } catch {
      languageNames.set(uiLanguage, null);
    }
  }
  return languageNames.get(uiLanguage)?.of(code) ?? code;
}

/**
 * An admin-written text (workspace, block or question title or description) in the UI language. When that
 * language's version is missing, the fallback (English, then Spanish, then any) is shown with its `lang` and a
 * small badge with the language code ("EN") whose accessible text says so ("Not translated yet: shown in English").
 */
export function Localized({ text }: { text: LocalizedText }) {
  const { t, i18n } = useTranslation();
  const resolved = resolveLocalized(text, i18n.language);
  if (!resolved.fallback) return <>{resolved.text}</>;
  const note = t('app.contentFallback', { language: languageName(resolved.lang, i18n.language) });
  return (
    <>
      <span lang={resolved.lang}>{resolved.text}</span>{' '}
      <span className="lang-fallback" title={note}>
        <span aria-hidden="true">{resolved.lang.toUpperCase()}</span>
        <span className="visually-hidden">({note})</span>
      </span>
    </>
  );
}
