import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router';
import { WorkspaceText } from '../../components/WorkspaceText';
import { SignInPage } from '../auth';
import { useSession } from '../auth';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';

/** `/`: sign-in for visitors; the workspace list (or the only workspace) for members. */
export function HomePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('home.title'));
  const { status, session } = useSession();
  // A deep link opened while signed out (see RequireSession) is where we go after signing in.
  const from = (useLocation().state as { from?: unknown } | null)?.from;
  if (status === 'loading') return <p aria-busy="true">{t('app.loading')}</p>;
  if (status === 'signedOut' || !session) return <SignInPage />;
  // (`/join/…`: an invite opened by someone who chose to sign in first.)
  if (typeof from === 'string' && (from.startsWith('/w/') || from.startsWith('/join/')))
    return <Navigate to={from} replace />;
  if (session.workspaces.length === 1) return <Navigate to={`/w/${session.workspaces[0].id}`} replace />;
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">{t('home.title')}</h1>
      <p>{t('home.intro')}</p>
      <h2>{t('home.workspaces')}</h2>
      {session.workspaces.length === 0 ? (
        <p>{t('home.noWorkspaces')}</p>
      ) : (
        <ul className="block-list">
          {session.workspaces.map((w) => (
            <li key={w.id} className="card">
              <Link to={`/w/${w.id}`}>
                <WorkspaceText workspace={w} field="title" />
              </Link>{' '}
              <span className="muted">· {t(`roles.${w.role}`)}</span>
              <p>
                <WorkspaceText workspace={w} field="description" />
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
