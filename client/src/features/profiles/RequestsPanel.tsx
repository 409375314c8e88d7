import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RepresentationRequestDto } from '@polos/shared';
import { countryName } from '../../i18n/format';
import { profileApi } from './profileApi';
import { useConnected } from '../../realtime/useSocketEvent';
import { FALLBACK_POLL_MS, REQUEST_FACT, useDistrictUpdated, useWorkspaceFact } from './live';

/** Moderators and admins: pending requests to represent a district (or proposals of new ones), approve/reject. */
export function RequestsPanel({ workspaceId }: { workspaceId: string }) {
  const { t, i18n } = useTranslation();
  const [items, setItems] = useState<RepresentationRequestDto[] | null>(null);
  const [status, setStatus] = useState('');
  const load = useCallback(() => {
    profileApi
      .requests(workspaceId)
      .then((list) => setItems(list.filter((r) => r.state === 'pending')))
      .catch((e: Error) => setStatus(t('profiles.error', { message: e.message })));
  }, [workspaceId, t]);
  // `representation:updated` (to the moderators' room) announces new and decided requests; only while the socket
  // is down does a slow re-read stand in for it (and one re-read on reconnect catches what was missed).
  const connected = useConnected();
  useEffect(() => {
    if (connected) {
      load();
      return;
    }
    const timer = setInterval(load, FALLBACK_POLL_MS);
    return () => clearInterval(timer);
  }, [connected, load]);
  useDistrictUpdated(workspaceId, load);
  useWorkspaceFact(REQUEST_FACT, workspaceId, load);

  const decide = (request: RepresentationRequestDto, approve: boolean) => {
    profileApi
      .decide(workspaceId, request.id, approve)
      .then(() => {
        setStatus(t(approve ? 'profiles.represent.approved' : 'profiles.represent.rejected'));
        load();
      })
      .catch((e: Error) => setStatus(t('profiles.error', { message: e.message })));
  };

  return (
    <section className="card" aria-labelledby="requests-title" data-testid="representation-requests">
      <h2 id="requests-title" className="small-title">
        {t('profiles.represent.requestsTitle')}
      </h2>
      {items === null ? (
        <p aria-busy="true">{t('profiles.loading')}</p>
      ) : items.length === 0 ? (
        <p className="muted">{t('profiles.represent.noRequests')}</p>
      ) : (
        <ul className="history-list">
          {items.map((r) => {
            const district = `${r.district.name} (${countryName(r.district.country, i18n.language)})`;
            return (
              <li key={r.id} data-testid="representation-request">
                <p>
                  {t(
                    r.proposedDistrict ? 'profiles.represent.proposalLine' : 'profiles.represent.requestLine',
                    {
                      user: r.user.name,
                      district,
                    },
                  )}
                </p>
                {r.message && <p className="muted pre-wrap">{r.message}</p>}
                <div className="inline-form">
                  <button type="button" className="primary" onClick={() => decide(r, true)}>
                    {t('profiles.represent.approve')}
                  </button>
                  <button type="button" onClick={() => decide(r, false)}>
                    {t('profiles.represent.reject')}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <p role="status">{status}</p>
    </section>
  );
}
