import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DistrictProfileDto, ProfileRevisionDto } from '@polos/shared';
import type { TFunction } from 'i18next';
import { formatInstant, viewerZone } from '../../i18n/format';
import { profileApi } from './profileApi';
import { fieldLabel, formatFieldValue } from './profileModel';

/**
 * What a revision did, in words (QA m7: a validation showed only "Revision 5 … — Marta", the seed's author "— —"):
 * created, edited, imported, restored from revision n, validated / validation removed.
 */
export function revisionSummary(r: ProfileRevisionDto, t: TFunction): string {
  switch (r.kind) {
    case 'validate':
      return r.validated === false
        ? t('profiles.history.kind.unvalidated')
        : t('profiles.history.kind.validated');
    case 'restore':
      return r.restoredFrom === null
        ? t('profiles.history.kind.restoredAny')
        : t('profiles.history.kind.restored', { n: r.restoredFrom });
    case 'create':
      // The demo seed and rows created without an account carry no author.
      return r.by ? t('profiles.history.kind.created') : t('profiles.history.kind.seeded');
    case 'import':
      return t('profiles.history.kind.imported');
    default:
      return t('profiles.history.kind.update');
  }
}

/**
 * A profile's stored revisions, newest first: who, when, which fields, before and after; "Restore this version"
 * (editors) makes the profile as it was after that revision, as a new revision.
 */
export function HistoryPanel({
  workspaceId,
  profile,
  onRestored,
}: {
  workspaceId: string;
  profile: DistrictProfileDto;
  onRestored: (profile: DistrictProfileDto) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [items, setItems] = useState<ProfileRevisionDto[] | null>(null);
  const [nextBefore, setNextBefore] = useState<number | null>(null);
  const [status, setStatus] = useState('');

  const load = useCallback(() => {
    profileApi
      .revisions(workspaceId, profile.id)
      .then((page) => {
        setItems(page.items);
        setNextBefore(page.nextBefore);
      })
      .catch((e: Error) => setStatus(t('profiles.error', { message: e.message })));
  }, [workspaceId, profile.id, t]);
  // Reload when the profile gets a new revision (own save, restore, or someone else's change).
  useEffect(load, [load, profile.revision]);

  const restore = (revision: number) => {
    if (!window.confirm(t('profiles.history.restoreConfirm'))) return;
    profileApi
      .restore(workspaceId, profile.id, revision, profile.revision)
      .then((p) => {
        setStatus(t('profiles.history.restored'));
        onRestored(p);
      })
      .catch((e: Error) => setStatus(t('profiles.error', { message: e.message })));
  };

  return (
    <section className="card" aria-labelledby="history-title" data-testid="history">
      <h3 id="history-title">{t('profiles.history.title')}</h3>
      <p className="muted">{t('profiles.history.zone', { zone: viewerZone() })}</p>
      <p role="status">{status}</p>
      {items === null ? (
        <p aria-busy="true">{t('profiles.loading')}</p>
      ) : items.length === 0 ? (
        <p>{t('profiles.history.none')}</p>
      ) : (
        <ol className="history-list">
          {items.map((r) => (
            <li key={r.id} data-revision={r.revision}>
              <p>
                <strong>{t('profiles.history.revision', { n: r.revision })}</strong> ·{' '}
                <span data-testid="revision-kind">{revisionSummary(r, t)}</span> ·{' '}
                <time dateTime={r.at}>{formatInstant(r.at, lang) || r.at}</time>
                {r.by && <> — {r.by.name}</>}
              </p>
              {r.fields.length > 0 && (
                <>
                  <p className="muted">
                    {t('profiles.history.fields', {
                      fields: r.fields.map((f) => fieldLabel(f, t)).join(', '),
                    })}
                  </p>
                  <div className="compare-scroll">
                    <table className="diff-table">
                      <thead>
                        <tr>
                          <th scope="col">{t('profiles.compare.field')}</th>
                          <th scope="col">{t('profiles.history.before')}</th>
                          <th scope="col">{t('profiles.history.after')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {r.fields.map((f) => (
                          <tr key={f}>
                            <th scope="row">{fieldLabel(f, t)}</th>
                            <td className="pre-wrap">{formatFieldValue(f, r.before[f], t, lang)}</td>
                            <td className="pre-wrap">{formatFieldValue(f, r.after[f], t, lang)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </>
              )}
              {profile.canEdit && r.kind !== 'validate' && r.revision !== profile.revision && (
                <button type="button" onClick={() => restore(r.revision)}>
                  {t('profiles.history.restore')}
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
      {nextBefore !== null && (
        <button
          type="button"
          onClick={() =>
            void profileApi
              .revisions(workspaceId, profile.id, nextBefore)
              .then((page) => {
                setItems((old) => [...(old ?? []), ...page.items]);
                setNextBefore(page.nextBefore);
              })
              .catch((e: Error) => setStatus(t('profiles.error', { message: e.message })))
          }
        >
          {t('profiles.directory.more')}
        </button>
      )}
    </section>
  );
}
