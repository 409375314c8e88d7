import { lazy, Suspense, type ReactNode } from 'react';
import { Link, Navigate, Route, Routes, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { HomePage } from './features/home/HomePage';
import { useSession } from './features/auth/useSession';
import { UserMenu } from './features/auth/UserMenu';
import { LanguageSwitch } from './LanguageSwitch';

const WorkspaceRoutes = lazy(() => import('./features/workspace/WorkspaceRoutes'));
const JoinPage = lazy(() => import('./features/auth/JoinPage'));
const DraftRoutes = lazy(() => import('./features/drafts/DraftRoutes'));

function NotFound() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t('notFound.title')}</h1>
      <Link to="/">{t('notFound.back')}</Link>
    </section>
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
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
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
            <Route path="*" element={<NotFound />} />
          </Routes>
        </Suspense>
      </main>
    </>
  );
}
