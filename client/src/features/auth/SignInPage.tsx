import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import type { PublicConfigDto } from '@polos/shared';
import { api, errorCode } from '../../api/http';
import { useSession } from './useSession';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';

type Demo = NonNullable<PublicConfigDto['demo']>;

/**
 * The demo accounts, when the server runs the demo workspace (`GET /api/config`): who they are, the shared
 * password, and a button per account that fills in the form (focus moves to the Sign in button).
 */
function DemoAccounts({ demo, onUse }: { demo: Demo; onUse: (email: string, password: string) => void }) {
  const { t } = useTranslation();
  return (
    <section className="card demo-accounts" aria-labelledby="demo-title" data-testid="demo-accounts">
      <h2 id="demo-title" className="small-title">
        {t('auth.demoTitle')}
      </h2>
      <p>{t('auth.demoIntro', { password: demo.password })}</p>
      <ul>
        {demo.accounts.map((account) => (
          <li key={account.email}>
            <span className="badge">{t(`roles.${account.role}`)}</span>
            <bdi>{account.name}</bdi>
            <code className="demo-email">{account.email}</code>
            <button
              type="button"
              className="link"
              aria-label={t('auth.demoUseLabel', { email: account.email, role: t(`roles.${account.role}`) })}
              onClick={() => onUse(account.email, demo.password)}
            >
              {t('auth.demoUse')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The landing page for signed-out visitors. */
export function SignInPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('auth.signInTitle'));
  // Set by the account page after a deletion (announced once, on arrival).
  const accountDeleted = (useLocation().state as { notice?: string } | null)?.notice === 'accountDeleted';
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [demo, setDemo] = useState<Demo | null>(null);
  const submitRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let active = true;
    // Best effort: without the hint the form works the same.
    api<PublicConfigDto>('GET', '/api/config').then(
      (config) => active && setDemo(config.demo),
      () => undefined,
    );
    return () => {
      active = false;
    };
  }, []);

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
        {accountDeleted && (
          <p className="notice" role="status">
            {t('account.deleted')}
          </p>
        )}
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
        <button type="submit" className="primary" disabled={busy} ref={submitRef}>
          {busy ? t('auth.signingIn') : t('auth.signIn')}
        </button>
      </form>
      {demo && (
        <DemoAccounts
          demo={demo}
          onUse={(nextEmail, nextPassword) => {
            setEmail(nextEmail);
            setPassword(nextPassword);
            submitRef.current?.focus();
          }}
        />
      )}
    </section>
  );
}
