import { useTranslation } from 'react-i18next';
import { api } from './api/http';
import { useSession } from './features/auth';
import { isLanguage, LANGUAGE_NAMES, pickLanguage, SUPPORTED_LANGUAGES } from './i18n';

/**
 * The UI language picker: every language named in itself (with its `lang`). Signed in, the choice is also saved
 * to the account (`PATCH /api/users/me {locale}`) so every device of the user opens in it.
 */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const { status } = useSession();
  const change = (value: string) => {
    if (!isLanguage(value)) return;
    void pickLanguage(value);
    // Best effort: offline, the choice still applies here and the next sign-in brings the saved one back.
    if (status === 'signedIn') void api('PATCH', '/api/users/me', { locale: value }).catch(() => undefined);
  };
  return (
    <label className="language-switch">
      <span className="visually-hidden">{t('app.language')}</span>
      <select
        value={i18n.language}
        onChange={(event) => change(event.target.value)}
        aria-label={t('app.language')}
      >
        {SUPPORTED_LANGUAGES.map((lng) => (
          <option key={lng} value={lng} lang={lng}>
            {LANGUAGE_NAMES[lng]}
          </option>
        ))}
      </select>
    </label>
  );
}
