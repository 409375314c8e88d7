import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorCode } from '../../api/http';
import { useSession } from './useSession';

/** The landing page for signed-out visitors. */
export function SignInPage() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email, password);
    } catch (err) {
      const code = errorCode(err);
      setError(
        code === 'rate_limited'
          ? t('auth.rateLimited')
          : code === 'unauthenticated' || code === 'invalid'
            ? t('auth.failed')
            : t(`errors.${code}`, { defaultValue: t('app.error') }),
      );
      setBusy(false);
    }
  };

  return (
    <section className="auth-page" aria-labelledby="signin-title">
      <div className="intro">
        <h1>{t('home.title')}</h1>
        <p>{t('home.intro')}</p>
      </div>
      <form
        className="card form"
        onSubmit={(e) => void onSubmit(e)}
        aria-labelledby="signin-title"
        noValidate
      >
        <h2 id="signin-title">{t('auth.signInTitle')}</h2>
        <label className="field">
          <span>{t('auth.email')}</span>
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t('auth.password')}</span>
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('auth.signingIn') : t('auth.signIn')}
        </button>
      </form>
    </section>
  );
}
