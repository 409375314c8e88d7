import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { PrivacyErrorCode } from '@polos/shared';
import { api, errorCode } from '../../api/http';
import { useSession } from '../auth';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';

/** Error codes of `DELETE /api/users/me` with their own message (others: a generic one). */
const KNOWN_ERRORS = new Set<string>([PrivacyErrorCode.wrongPassword, PrivacyErrorCode.lastAdmin, 'invalid']);

/**
 * The signed-in user's account and data (reliability row 21): download everything stored about them
 * (`GET /api/users/me/export`, a JSON file) and delete the account (`DELETE /api/users/me`, password and an explicit
 * confirmation). After a deletion the session is gone on the server; signing out here clears this device's caches.
 */
export default function AccountPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('account.title'));
  const { session, signOut } = useSession();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const errorId = useId();
  useEffect(() => heading.current?.focus(), []);
  if (!session) return null;

  const onDelete = async (event: FormEvent) => {
    event.preventDefault();
    if (!password) {
      setError(t('account.errors.invalid'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api<undefined>('DELETE', '/api/users/me', { password });
    } catch (caught) {
      const code = errorCode(caught);
      setError(t(`account.errors.${KNOWN_ERRORS.has(code) ? code : 'other'}`));
      setBusy(false);
      return;
    }
    // The server ended every session (no logout request, it would only answer 401): this clears the device's
    // caches of this user and shows the sign-in page.
    await signOut(false, { serverEnded: true }).catch(() => undefined);
    void navigate('/', { replace: true, state: { notice: 'accountDeleted' } });
  };

  return (
    <section className="account-page" aria-labelledby="account-title" data-testid="account-page">
      <h1 id="account-title" ref={heading} tabIndex={-1}>
        {t('account.title')}
      </h1>
      <section className="card" aria-labelledby="account-export-title">
        <h2 id="account-export-title">{t('account.exportTitle')}</h2>
        <p>{t('account.exportBody')}</p>
        <p>
          {/* A plain link: the browser downloads the file the server names (Content-Disposition). */}
          <a className="button primary" href="/api/users/me/export" download data-testid="account-export">
            {t('account.exportButton')}
          </a>
        </p>
      </section>
      <form
        className="card form"
        aria-labelledby="account-delete-title"
        onSubmit={(e) => void onDelete(e)}
        noValidate
      >
        <h2 id="account-delete-title">{t('account.deleteTitle')}</h2>
        <p>{t('account.deleteBody')}</p>
        <label className="field">
          <span>{t('account.deletePassword')}</span>
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
          <span>{t('account.deleteConfirm')}</span>
        </label>
        {error && (
          <p className="error" role="alert" id={errorId}>
            {error}
          </p>
        )}
        <button type="submit" className="danger" disabled={busy || !confirmed}>
          {busy ? t('account.deleting') : t('account.deleteButton')}
        </button>
      </form>
    </section>
  );
}
