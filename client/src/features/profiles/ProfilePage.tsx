import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { DistrictProfileDto } from '@polos/shared';
import { ApiError } from '../../api/http';
import { countryName } from '../../i18n/format';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';
import { useWorkspace } from '../workspace';
import { CompletenessMeter } from './CompletenessMeter';
import { HistoryPanel } from './HistoryPanel';
import { useDistrictUpdated } from './live';
import { profileApi } from './profileApi';
import { ProfileForm } from './ProfileForm';
import './profileStrings';
import './profiles.css';
import { ProfileView } from './ProfileView';
import { ValidationBadge } from './ValidationBadge';
import { useWorkspaceTitle } from '../../components/WorkspaceText';

/** One district's profile page: read-only view, validation, history; editors can switch to the form. */
export default function ProfilePage() {
  const { t, i18n } = useTranslation();
  const { districtId = '' } = useParams();
  const ws = useWorkspace();
  const [profile, setProfile] = useState<DistrictProfileDto | null>(null);
  const [missing, setMissing] = useState(false);
  const [editing, setEditing] = useState(false);
  const [showHistory, setShowHistory] = useState(false);
  useDocumentTitle(profile?.name ?? null, useWorkspaceTitle(ws.workspace));

  const load = useCallback(() => {
    profileApi
      .get(ws.workspaceId, districtId)
      .then((p) => {
        setProfile(p);
        setMissing(false);
      })
      .catch((e: unknown) => {
        if (e instanceof ApiError && (e.status === 404 || e.status === 400)) setMissing(true);
      });
  }, [ws.workspaceId, districtId]);
  useEffect(load, [load]);
  useDistrictUpdated(ws.workspaceId, (event) => {
    if (event?.district.id === districtId) load();
  });

  // Arriving on a profile (from the directory, a search result, a link) moves keyboard focus to its heading, not
  // the page body (QA m8); once per district, not on every live re-read.
  const heading = useRef<HTMLHeadingElement>(null);
  const focusedFor = useRef<string | null>(null);
  useEffect(() => {
    if (!profile || profile.id !== districtId || focusedFor.current === districtId) return;
    focusedFor.current = districtId;
    heading.current?.focus();
  }, [profile, districtId]);

  const back = (
    <nav className="crumbs">
      <Link to={`/w/${ws.workspaceId}/directory`}>{t('profiles.profilePage.back')}</Link>
    </nav>
  );
  if (missing)
    return (
      <section className="card">
        {back}
        <p role="alert">{t('profiles.profilePage.notFound')}</p>
      </section>
    );
  if (!profile) return <p aria-busy="true">{t('profiles.loading')}</p>;

  return (
    <article className="profile-page" data-testid="profile-page">
      {back}
      <h1 ref={heading} tabIndex={-1} data-testid="profile-heading">
        {profile.name} {profile.demo && <span className="badge">{t('profiles.demo')}</span>}
      </h1>
      <p className="muted">
        {countryName(profile.country, i18n.language)} · {t(`profiles.regionGroup.${profile.regionGroup}`)}
      </p>
      <ValidationBadge workspaceId={ws.workspaceId} profile={profile} onChange={setProfile} />
      <CompletenessMeter completeness={profile.completeness} />
      {profile.representatives.length > 0 && (
        <p>
          {t('profiles.profilePage.representatives')}: {profile.representatives.map((r) => r.name).join(', ')}
        </p>
      )}
      {profile.canEdit && (
        <button type="button" aria-expanded={editing} onClick={() => setEditing((e) => !e)}>
          {t('profiles.profilePage.edit')}
        </button>
      )}
      {editing && profile.canEdit ? (
        <ProfileForm key={profile.id} workspaceId={ws.workspaceId} profile={profile} onSaved={setProfile} />
      ) : (
        <ProfileView profile={profile} />
      )}
      <button type="button" aria-expanded={showHistory} onClick={() => setShowHistory((s) => !s)}>
        {showHistory ? t('profiles.history.hide') : t('profiles.history.show')}
      </button>
      {showHistory && <HistoryPanel workspaceId={ws.workspaceId} profile={profile} onRestored={setProfile} />}
    </article>
  );
}
