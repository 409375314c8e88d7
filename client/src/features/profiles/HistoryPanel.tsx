import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DistrictProfileDto, ProfileRevisionDto } from '@polos/shared';
import { formatDateTime } from './format';
import { profileApi } from './profileApi';
import { fieldLabel, formatFieldValue } from './profileModel';

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
                {t('profiles.history.entry', {
                  when: formatDateTime(r.at, lang),
                  who: r.by?.name || '—',
                })}
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
