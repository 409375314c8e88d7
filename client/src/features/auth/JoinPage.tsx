import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useParams } from 'react-router';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, type InvitePreviewDto } from '@polos/shared';
import { api, ApiError, errorCode } from '../../api/http';
import { useSession } from './useSession';
import './joinStrings';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';
import { isLanguage } from '../../i18n';
import { formatDate } from '../../i18n/format';
import { workspaceTitle } from '../../components/WorkspaceText';

/** `/join/:token`: preview the invite, then create an account (or join with the current one). */
export default function JoinPage() {
  const { t, i18n } = useTranslation();
  const { token = '' } = useParams();
  const { status, session, acceptInvite } = useSession();
  const [preview, setPreview] = useState<InvitePreviewDto | null>(null);
  // The title in the viewer's language, else English/Spanish (a plain string inside the sentence: no marker).
  const workspaceName = preview ? workspaceTitle(preview.workspace, i18n.language) : '';
  useDocumentTitle(preview ? t('auth.joinTitle', { workspace: workspaceName }) : null);
  const [invalid, setInvalid] = useState(false);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [joinedWorkspace, setJoinedWorkspace] = useState<string | null>(null);
  const hintId = useId();
  const passwordRef = useRef<HTMLInputElement>(null);
  const [passwordProblem, setPasswordProblem] = useState(false);

  useEffect(() => {
    let cancelled = false;
    api<InvitePreviewDto>('GET', `/api/invites/${encodeURIComponent(token)}`).then(
      (p) => !cancelled && setPreview(p),
      () => !cancelled && setInvalid(true),
    );
    return () => {
      cancelled = true;
    };
  }, [token]);

  if (joinedWorkspace) return <Navigate to={`/w/${joinedWorkspace}`} replace />;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!preview) return;
    setError(null);
    setPasswordProblem(false);
    // Say which field and why before asking the server (its answer would only be "check the input").
    const lengthProblem =
      status === 'signedIn'
        ? null
        : password.length < PASSWORD_MIN_LENGTH
          ? t('join.passwordTooShort', { min: PASSWORD_MIN_LENGTH })
          : password.length > PASSWORD_MAX_LENGTH
            ? t('join.passwordTooLong', { max: PASSWORD_MAX_LENGTH })
            : null;
    if (lengthProblem) {
      setError(lengthProblem);
      setPasswordProblem(true);
      passwordRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const locale = isLanguage(i18n.language) ? i18n.language : 'en';
      await acceptInvite(token, status === 'signedIn' ? {} : { name, email, password, locale });
      setJoinedWorkspace(preview.workspace.id);
    } catch (err) {
      const code = errorCode(err);
      const message = err instanceof ApiError ? err.message : t('app.error');
      if (code === 'weak_password') {
        setError(t('join.weakPassword'));
        setPasswordProblem(true);
        passwordRef.current?.focus();
      } else if (code === 'unauthenticated' && status !== 'signedIn') {
        // The same answer whether or not the email has an account (the server never says which).
        setError(t('join.credentials'));
        setPasswordProblem(true);
        passwordRef.current?.focus();
      } else setError(t('auth.joinFailed', { message: t(`errors.${code}`, { defaultValue: message }) }));
      setBusy(false);
    }
  };

  if (invalid) {
    return (
      <section className="card">
        <p role="alert">{t('auth.inviteInvalid')}</p>
      </section>
    );
  }
  if (!preview) return <p aria-busy="true">{t('app.loading')}</p>;

  const date = formatDate(preview.expiresAt, i18n.language);
  return (
    <section className="auth-page" aria-labelledby="join-title">
      <form className="card form" onSubmit={(e) => void onSubmit(e)} noValidate>
        <h1 id="join-title">{t('auth.joinTitle', { workspace: workspaceName })}</h1>
        <p>{t('auth.joinIntro', { role: t(`roles.${preview.role}`), date })}</p>
        {status !== 'signedIn' && (
          <>
            <label className="field">
              <span>{t('auth.name')}</span>
              <input autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} />
            </label>
            <label className="field">
              <span>{t('auth.email')}</span>
              <input
                type="email"
                autoComplete="email"
                required
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            </label>
            <label className="field">
              <span>{t('auth.newPassword')}</span>
              <input
                type="password"
                autoComplete="new-password"
                minLength={PASSWORD_MIN_LENGTH}
                required
                ref={passwordRef}
                aria-describedby={hintId}
                aria-invalid={passwordProblem || undefined}
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </label>
            <p id={hintId} className="muted">
              {t('join.passwordHint')}
            </p>
            <p>
              {t('join.haveAccount')}{' '}
              <Link to="/" state={{ from: `/join/${token}` }}>
                {t('join.signInFirst')}
              </Link>
            </p>
          </>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy
            ? t('auth.joining')
            : status === 'signedIn'
              ? t('auth.joinSignedIn', { name: session?.user.name })
              : t('auth.join')}
        </button>
      </form>
    </section>
  );
}
