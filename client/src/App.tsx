import { lazy, Suspense, type ReactNode } from 'react';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { HomePage } from './features/home/HomePage';
import { useSession } from './features/auth/useSession';
import { UserMenu } from './features/auth/UserMenu';
import { LanguageSwitch } from './LanguageSwitch';
import { NotFoundPage } from './components/NotFoundPage';
import { COMPOSER_SHORTCUT, focusSkipTarget, useSkipTargets } from './components/skipTargets';

const WorkspaceRoutes = lazy(() => import('./features/workspace/WorkspaceRoutes'));
const JoinPage = lazy(() => import('./features/auth/JoinPage'));
const DraftRoutes = lazy(() => import('./features/drafts/DraftRoutes'));
const AccountPage = lazy(() => import('./features/account/AccountPage'));
// The public year page (issue 12.4): readable without an account, so outside RequireSession.
const PublicYearPage = lazy(() => import('./features/publication').then((m) => m.loadPublicYearPage()));

/** Skip links, first in the tab order: to the content, and to the composer on pages that have one. */
function SkipLinks() {
  const { t } = useTranslation();
  const targets = useSkipTargets();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      {targets.includes('composer') && (
        <a
          className="skip-link"
          href="#composer"
          aria-keyshortcuts={COMPOSER_SHORTCUT}
          onClick={(event) => {
            if (focusSkipTarget('composer')) event.preventDefault();
          }}
        >
          {t('app.skipToComposer')}
        </a>
      )}
    </>
  );
}

function RequireSession({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { status } = useSession();
  const location = useLocation();
  if (status === 'loading') return <p aria-busy="true">{t('app.loading')}</p>;
  if (status === 'signedOut') return <Navigate to="/" replace state={{ from: location.pathname }} />;
  return children;
}

export function App() {
  const { t } = useTranslation();
  return (
    <>
      <SkipLinks />
      <header className="app-header">
        <Link to="/" className="brand">
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </Link>
        <div className="header-tools">
          <UserMenu />
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<p aria-busy="true">{t('app.loading')}</p>}>
          <Routes>
            <Route path="/" element={<HomePage />} />
            <Route path="/join/:token" element={<JoinPage />} />
            <Route path="/public/:workspaceId" element={<PublicYearPage />} />
            <Route
              path="/account"
              element={
                <RequireSession>
                  <AccountPage />
                </RequireSession>
              }
            />
            <Route
              path="/w/:workspaceId/drafts/*"
              element={
                <RequireSession>
                  <DraftRoutes />
                </RequireSession>
              }
            />
            <Route
              path="/w/:workspaceId/*"
              element={
                <RequireSession>
                  <WorkspaceRoutes />
                </RequireSession>
              }
            />
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </Suspense>
      </main>
    </>
  );
}
