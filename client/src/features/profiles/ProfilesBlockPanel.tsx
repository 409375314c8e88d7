import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DistrictProfileDto } from '@polos/shared';
import { ApiError } from '../../api/http';
import { useSession } from '../auth';
import { useWorkspace } from '../workspace';
import { HistoryPanel } from './HistoryPanel';
import { ProfileForm } from './ProfileForm';
import { profileApi } from './profileApi';
import './profileStrings';
import './profiles.css';
import { ProgressLine } from './ProgressLine';
import { RepresentPanel } from './RepresentPanel';
import { RequestsPanel } from './RequestsPanel';
import { useConnected } from '../../realtime/useSocketEvent';
import { FALLBACK_POLL_MS, REQUEST_FACT, useDistrictUpdated, useWorkspaceFact } from './live';
import { ValidationBadge } from './ValidationBadge';

type Mine = { state: 'loading' } | { state: 'none' } | { state: 'ready'; profile: DistrictProfileDto };

/**
 * Block 1 "Profiles of the Polos": the group's live progress, my district's profile form (with completeness,
 * validation badge and history) or "ask to represent / propose a district", and, for moderators and admins, the
 * pending representation requests. Rendered by the block page under the block's questions.
 */
export default function ProfilesBlockPanel() {
  const { t } = useTranslation();
  const ws = useWorkspace();
  const { session, refresh } = useSession();
  const districtId = session?.user.district?.id ?? null;
  const [mine, setMine] = useState<Mine>({ state: 'loading' });
  const [showHistory, setShowHistory] = useState(false);
  const [waiting, setWaiting] = useState(false);

  const load = useCallback(() => {
    if (!districtId) {
      setMine({ state: 'none' });
      return;
    }
    profileApi
      .get(ws.workspaceId, districtId)
      .then((profile) => setMine({ state: 'ready', profile }))
      .catch((e: unknown) => {
        if (e instanceof ApiError && (e.status === 404 || e.status === 403)) setMine({ state: 'none' });
      });
  }, [ws.workspaceId, districtId]);
  useEffect(load, [load]);

  // Someone else changed my district's profile: show it (the form adopts it only if untouched).
  useDistrictUpdated(ws.workspaceId, (event) => {
    if (event?.district.id === districtId) load();
  });
  // Waiting for a moderator: `representation:updated` (to my sockets) says the request was decided; re-read the
  // session. (An approval also ends my sockets so that they reconnect with the district: WorkspaceProvider
  // re-reads the session then too.) Only while the socket is down does a slow re-read stand in for the fact.
  useWorkspaceFact(REQUEST_FACT, ws.workspaceId, () => void refresh());
  const connected = useConnected();
  useEffect(() => {
    if (!waiting || districtId || connected) return;
    const timer = setInterval(() => void refresh(), FALLBACK_POLL_MS);
    return () => clearInterval(timer);
  }, [waiting, districtId, connected, refresh]);

  return (
    <div className="profiles-block" data-testid="profiles-block">
      <ProgressLine workspaceId={ws.workspaceId} />
      <p>
        <Link to={`/w/${ws.workspaceId}/directory`}>{t('profiles.directory.title')}</Link>
      </p>
      {mine.state === 'loading' && <p aria-busy="true">{t('profiles.loading')}</p>}
      {mine.state === 'none' && ws.canPost && (
        <RepresentPanel
          workspaceId={ws.workspaceId}
          userId={session?.user.id ?? ''}
          onSent={() => setWaiting(true)}
        />
      )}
      {mine.state === 'ready' && (
        <section className="card">
          <ValidationBadge
            workspaceId={ws.workspaceId}
            profile={mine.profile}
            onChange={(profile) => setMine({ state: 'ready', profile })}
          />
          <ProfileForm
            key={mine.profile.id}
            workspaceId={ws.workspaceId}
            profile={mine.profile}
            onSaved={(profile) => setMine({ state: 'ready', profile })}
          />
          <button type="button" aria-expanded={showHistory} onClick={() => setShowHistory((s) => !s)}>
            {showHistory ? t('profiles.history.hide') : t('profiles.history.show')}
          </button>
          {showHistory && (
            <HistoryPanel
              workspaceId={ws.workspaceId}
              profile={mine.profile}
              onRestored={(profile) => setMine({ state: 'ready', profile })}
            />
          )}
        </section>
      )}
      {ws.canModerate && <RequestsPanel workspaceId={ws.workspaceId} />}
    </div>
  );
}
