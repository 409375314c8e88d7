import { postPath } from '@polos/shared/editor';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useParams } from 'react-router';
import {
  type DraftDto,
  type DraftPublicationDto,
  type DraftVersionDto,
} from '@polos/shared';
import { errorCode } from '../../api/http';
import { useSession } from '../auth';
import { Localized } from '../../components/Localized';
import { NotFoundPage } from '../../components/NotFoundPage';
import { getSocket } from '../../realtime/socket';
import { draftApi, exportUrl, type DraftListItem } from './draftApi';
import { Downloads, Releases } from './DraftReleases';
import { DraftEditor } from './DraftEditor';
import { EndorsementPanel } from '../endorsements';
import './draftStrings';
import './drafts.css';
import { localized } from '../../i18n/format';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';

/**
 * A draft's title in the viewer's language (QA m6): a default title comes per language (`titleText`, from the
 * block's translated title) and is shown like block titles, the English one marked where there is no translation;
 * a custom title as written, the overall conclusions' prefixed with "Overall conclusions".
 */
function DraftTitle({ draft }: { draft: DraftDto }) {
  const { t } = useTranslation();
  if (draft.titleText) return <Localized text={draft.titleText} />;
  return <>{draft.blockId ? draft.title : `${t('drafts.overall')} — ${draft.title}`}</>;
}

/** The draft's title as {@link DraftTitle} shows it, as plain text in the UI language (the tab title). */
function draftTitleText(draft: DraftDto, language: string, overall: string): string {
  if (draft.titleText) return localized(draft.titleText, language);
  return draft.blockId ? draft.title : `${overall} — ${draft.title}`;
}

function DraftList() {
  const { t } = useTranslation();
  const { workspaceId = '' } = useParams();
  useDocumentTitle(t('drafts.title'));
  const [drafts, setDrafts] = useState<DraftListItem[] | null>(null);
  const [publications, setPublications] = useState<DraftPublicationDto[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    draftApi.list(workspaceId).then(
      (r) => setDrafts(r.drafts),
      (e: unknown) => setError(errorCode(e)),
    );
    draftApi.workspacePublications(workspaceId).then(setPublications, () => undefined);
  }, [workspaceId]);
  return (
    <section className="drafts-page">
      <Link to={`/w/${workspaceId}`}>{t('drafts.backToWorkspace')}</Link>
      <h1>{t('drafts.title')}</h1>
      <p className="muted">{t('drafts.intro')}</p>
      {error && <p role="alert">{t('drafts.error', { message: error })}</p>}
      {drafts === null ? (
        <p aria-busy="true">…</p>
      ) : (
        <ul className="draft-list">
          {drafts.map((d) => (
            <li key={d.id} className="card">
              <Link to={d.id} data-testid="draft-link">
                <DraftTitle draft={d} />
              </Link>{' '}
              {d.locked && <span className="badge">{t('drafts.locked')}</span>}
              {d.access === 'read' && <span className="badge">{t('drafts.readOnly')}</span>}
            </li>
          ))}
        </ul>
      )}
      <h2>{t('drafts.releases')}</h2>
      <Releases publications={publications} drafts={drafts ?? []} />
    </section>
  );
}

function DraftPage() {
  const { t, i18n } = useTranslation();
  const { workspaceId = '', draftId = '' } = useParams();
  const { session } = useSession();
  const [draft, setDraft] = useState<DraftDto | null>(null);
  useDocumentTitle(draft ? draftTitleText(draft, i18n.language, t('drafts.overall')) : null, t('drafts.title'));
  const [canModerate, setCanModerate] = useState(false);
  const [access, setAccess] = useState<'edit' | 'read' | null>(null);
  const [versions, setVersions] = useState<DraftVersionDto[]>([]);
  const [publications, setPublications] = useState<DraftPublicationDto[]>([]);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(() => {
    draftApi.get(draftId).then(
      (r) => {
        setDraft(r.draft);
        setCanModerate(r.canModerate);
      },
      (e: unknown) => setError(errorCode(e)),
    );
    draftApi.versions(draftId).then(setVersions, () => undefined);
    draftApi.publications(draftId).then(setPublications, () => undefined);
  }, [draftId]);
  useEffect(refresh, [refresh]);

  // Others' versions, releases and lock changes arrive live.
  useEffect(() => {
    const socket = getSocket();
    const onVersion = (v: DraftVersionDto) =>
      v.draftId === draftId && setVersions((list) => (list.some((x) => x.id === v.id) ? list : [v, ...list]));
    const onPublished = (p: DraftPublicationDto) =>
      p.draftId === draftId && setPublications((list) => [p, ...list.filter((x) => x.id !== p.id)]);
    const onUpdated = (d: DraftDto) => d.id === draftId && setDraft(d);
    socket.on('draft:version-saved', onVersion);
    socket.on('draft:published', onPublished);
    socket.on('draft:updated', onUpdated);
    return () => {
      socket.off('draft:version-saved', onVersion);
      socket.off('draft:published', onPublished);
      socket.off('draft:updated', onUpdated);
    };
  }, [draftId]);

  const act = (work: () => Promise<unknown>) => {
    setError(null);
    work().then(refresh, (e: unknown) => setError(errorCode(e)));
  };

  if (!session) return null;
  return (
    <section className="draft-page">
      <Link to={`/w/${workspaceId}/drafts`}>{t('drafts.back')}</Link>
      <h1>{draft ? <DraftTitle draft={draft} /> : '…'}</h1>
      {draft?.locked && <p className="badge">{t('drafts.locked')}</p>}
      {error && <p role="alert">{t('drafts.error', { message: error })}</p>}
      {canModerate && draft && (
        <button type="button" onClick={() => act(() => draftApi.lock(draftId, !draft.locked))}>
          {draft.locked ? t('drafts.unlock') : t('drafts.lock')}
        </button>
      )}
      <DraftEditor
        draftId={draftId}
        user={{ id: session.user.id, name: session.user.name }}
        onAccess={setAccess}
        sourceHref={(source) => postPath(workspaceId, source.questionId, source.postId)}
      />
      <p>
        {t('drafts.workingCopy')}:{' '}
        <Downloads
          href={(format) => exportUrl.workingCopy(draftId, format)}
          label={t('drafts.workingCopy')}
        />
      </p>
      <section aria-labelledby="versions-title">
        <h2 id="versions-title">{t('drafts.versions')}</h2>
        {(access === 'edit' || canModerate) && (
          <form
            className="draft-version-form"
            onSubmit={(event) => {
              event.preventDefault();
              if (!name.trim()) return;
              act(() => draftApi.saveVersion(draftId, name.trim()).then(() => setName('')));
            }}
          >
            <label>
              {t('drafts.versionName')}{' '}
              <input value={name} onChange={(e) => setName(e.target.value)} maxLength={120} required />
            </label>{' '}
            <button type="submit">{t('drafts.saveVersion')}</button>
          </form>
        )}
        {versions.length === 0 ? (
          <p className="muted">{t('drafts.noVersions')}</p>
        ) : (
          <ul className="draft-versions">
            {versions.map((v) => (
              <li key={v.id} data-testid="draft-version">
                <strong>{v.name}</strong>{' '}
                <span className="muted">{t('drafts.by', { name: v.createdBy.name })}</span>{' '}
                <a href={exportUrl.viewVersion(draftId, v.id)} target="_blank" rel="noreferrer">
                  {t('drafts.view')}
                </a>{' '}
                {access === 'edit' && (
                  <button
                    type="button"
                    onClick={() =>
                      window.confirm(t('drafts.restoreConfirm', { name: v.name })) &&
                      act(() => draftApi.restore(draftId, v.id))
                    }
                  >
                    {t('drafts.restore')}
                  </button>
                )}{' '}
                {canModerate && (
                  <button
                    type="button"
                    onClick={() =>
                      window.confirm(t('drafts.publishConfirm', { name: v.name })) &&
                      act(() => draftApi.publish(draftId, v.id))
                    }
                  >
                    {t('drafts.publish')}
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <EndorsementPanel
        workspaceId={workspaceId}
        draftId={draftId}
        versions={versions}
        canModerate={canModerate}
      />
      <section aria-labelledby="releases-title">
        <h2 id="releases-title">{t('drafts.releases')}</h2>
        <Releases publications={publications} drafts={draft ? [draft] : []} />
      </section>
    </section>
  );
}

/** `/w/:workspaceId/drafts/*` — a lazy chunk with TipTap, Yjs and the socket provider. */
export default function DraftRoutes() {
  return (
    <Routes>
      <Route index element={<DraftList />} />
      <Route path=":draftId" element={<DraftPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
