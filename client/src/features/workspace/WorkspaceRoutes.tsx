import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Route, Routes, useParams } from 'react-router';
import { can, canSeeBalance } from '@polos/shared';
import { NotFoundPage } from '../../components/NotFoundPage';
import '../history';
import { loadComparePage, loadDirectoryPage, loadProfilePage } from '../profiles';
import { loadTranslationsPage } from '../translations';
import { loadMatchingPage } from '../matching';
import { loadMeetingsPage } from '../meetings';
import { loadNetworkPage } from '../network';
import { AgendaBanner, AgendaPage } from '../agenda';
import { loadBalancePage } from '../balance';
import { loadProjectorPage } from '../projector';
import { SearchPage, useSearchShortcut } from '../search';
import { useConnected } from '../../realtime/useSocketEvent';
import { SessionMovedBanner } from './SessionMovedBanner';
import { useWorkspace } from './useWorkspace';
import { WorkspaceProvider } from './WorkspaceProvider';
import { useWorkspaceTitle } from '../../components/WorkspaceText';

const WorkspaceHome = lazy(() => import('./WorkspaceHome'));
const BlockPage = lazy(() => import('./BlockPage'));
// Through the archive feature's public entry (one lazily loaded chunk).
const ArchivePage = lazy(() => import('../archive').then((m) => ({ default: m.ArchivePage })));
const ArchiveThreadPage = lazy(() => import('../archive').then((m) => ({ default: m.ArchiveThreadPage })));
const PostLinkPage = lazy(() => import('./PostLinkPage'));
const MembersPage = lazy(() => import('../members').then((m) => ({ default: m.MembersPage })));
const AuditPage = lazy(() => import('../members').then((m) => ({ default: m.AuditPage })));
const DirectoryPage = lazy(loadDirectoryPage);
const TranslationsPage = lazy(loadTranslationsPage);
const ProfilePage = lazy(loadProfilePage);
const ComparePage = lazy(loadComparePage);
const MatchingPage = lazy(loadMatchingPage);
const MeetingsPage = lazy(loadMeetingsPage);
const NetworkPage = lazy(loadNetworkPage);
const BalancePage = lazy(loadBalancePage);
const ProjectorPage = lazy(loadProjectorPage);

function ConnectionBanner() {
  const { t } = useTranslation();
  const connected = useConnected();
  const ws = useWorkspace();
  if (connected || ws.status === 'loading') return null;
  return (
    <p className="offline-banner" role="status">
      {t('app.offline')}
    </p>
  );
}

function WorkspaceShell() {
  const { t } = useTranslation();
  const ws = useWorkspace();
  const workspaceTitle = useWorkspaceTitle(ws.workspace);
  useSearchShortcut(ws.workspaceId);
  if (ws.status === 'loading') return <p aria-busy="true">{t('app.loading')}</p>;
  if (ws.status === 'error') {
    return (
      <section className="card">
        <p role="alert">{t('workspace.notFound')}</p>
        <Link to="/">{t('notFound.back')}</Link>
      </section>
    );
  }
  return (
    <>
      <nav className="workspace-nav" aria-label={workspaceTitle}>
        <NavLink to={`/w/${ws.workspaceId}`} end>
          {t('workspace.home')}
        </NavLink>
        <NavLink to={`/w/${ws.workspaceId}/archive`}>{t('workspace.archive')}</NavLink>
        <NavLink to={`/w/${ws.workspaceId}/drafts`}>{t('workspace.conclusions')}</NavLink>
        <NavLink to={`/w/${ws.workspaceId}/directory`}>{t('profiles.nav')}</NavLink>
        <NavLink to={`/w/${ws.workspaceId}/partners`}>{t('matching.nav')}</NavLink>
        <NavLink to={`/w/${ws.workspaceId}/meetings`}>{t('meetings.nav')}</NavLink>
        <NavLink to={`/w/${ws.workspaceId}/network`}>{t('network.nav')}</NavLink>
        <NavLink to={`/w/${ws.workspaceId}/agenda`}>{t('agenda.nav')}</NavLink>
        <NavLink to={`/w/${ws.workspaceId}/search`}>{t('search.nav')}</NavLink>
        {can(ws.workspace?.role, 'administer') && (
          <NavLink to={`/w/${ws.workspaceId}/members`}>{t('members.nav')}</NavLink>
        )}
        {can(ws.workspace?.role, 'administer') && (
          <NavLink to={`/w/${ws.workspaceId}/translations`}>{t('translations.nav')}</NavLink>
        )}
        {can(ws.workspace?.role, 'moderate') && (
          <NavLink to={`/w/${ws.workspaceId}/audit`}>{t('audit.nav')}</NavLink>
        )}
        {/* Projector view (issue 12.5): a second window for the room's screen, following the live session. */}
        {can(ws.workspace?.role, 'moderate') && (
          <a href={`/w/${ws.workspaceId}/projector`} target="_blank" rel="noopener">
            {t('projector.open')}
          </a>
        )}
        {/* Balance: moderators always; everyone else while no live session runs (docs/API.md, "Balance dashboard"). */}
        {canSeeBalance(ws.workspace?.role, Boolean(ws.live?.session)) && (
          <NavLink to={`/w/${ws.workspaceId}/balance`}>{t('balance.nav')}</NavLink>
        )}
      </nav>
      <ConnectionBanner />
      <SessionMovedBanner />
      <AgendaBanner workspaceId={ws.workspaceId} />
      <Suspense fallback={<p aria-busy="true">{t('app.loading')}</p>}>
        <Routes>
          <Route index element={<WorkspaceHome />} />
          <Route path="b/:blockId" element={<BlockPage />} />
          <Route path="archive" element={<ArchivePage />} />
          <Route path="archive/:questionId" element={<ArchiveThreadPage />} />
          <Route path="q/:questionId" element={<PostLinkPage />} />
          <Route path="members" element={<MembersPage />} />
          <Route path="audit" element={<AuditPage />} />
          <Route path="translations" element={<TranslationsPage />} />
          <Route path="directory" element={<DirectoryPage />} />
          <Route path="directory/compare" element={<ComparePage />} />
          <Route path="directory/:districtId" element={<ProfilePage />} />
          <Route path="partners" element={<MatchingPage />} />
          <Route path="meetings" element={<MeetingsPage />} />
          <Route path="network" element={<NetworkPage />} />
          <Route path="agenda" element={<AgendaPage />} />
          <Route path="search" element={<SearchPage />} />
          <Route path="balance" element={<BalancePage />} />
          <Route path="projector" element={<ProjectorPage />} />
          <Route path="*" element={<NotFoundPage home={`/w/${ws.workspaceId}`} />} />
        </Routes>
      </Suspense>
    </>
  );
}

/** Everything under `/w/:workspaceId` (a lazy chunk: the socket client lives here). */
export default function WorkspaceRoutes() {
  const { workspaceId = '' } = useParams();
  return (
    <WorkspaceProvider key={workspaceId} workspaceId={workspaceId}>
      <WorkspaceShell />
    </WorkspaceProvider>
  );
}
