import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  NACE_DIVISIONS,
  NETWORK_STATUSES,
  REGION_GROUPS,
  countryName,
  naceLabel,
  type NetworkDto,
  type NetworkNodeDto,
  type NetworkStatus,
} from '@polos/shared';
import { useOnConnect, useSocketEvent } from '../../realtime/useSocketEvent';
import { useWorkspace } from '../workspace';
import { EDGE_STYLE, NetworkGraph, NodeShape } from './NetworkGraph';
import { networkApi } from './networkApi';
import './networkStrings';
import './network.css';
import { useWorkspaceTitle } from '../../components/WorkspaceText';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';

type View = 'graph' | 'table';
const DETAIL_STATUSES = ['interest', 'requested', 'scheduled', 'held', 'agreement'] as const;
const NO_EDGES = { euLac: 0, euEu: 0, lacLac: 0, within: 0, other: 0, total: 0 };

/**
 * `/w/:workspaceId/network`: the bi-regional network of interests, matches, C2C meetings and agreements — a
 * graph and an equivalent table, counts EU–LAC versus within a region, filters by NACE sector and status. Live:
 * refetched on `matching:interest` (own districts, moderators), `network:changed` (a match anywhere),
 * `meeting:updated` (any meeting of the workspace) and after every reconnect.
 */
export default function NetworkPage() {
  const { t, i18n } = useTranslation();
  const { workspaceId, workspace } = useWorkspace();
  useDocumentTitle(t('network.title'), useWorkspaceTitle(workspace));
  const lng = i18n.resolvedLanguage ?? i18n.language;
  const ids = useId();
  const [network, setNetwork] = useState<NetworkDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sector, setSector] = useState('');
  const [statuses, setStatuses] = useState<NetworkStatus[]>([...NETWORK_STATUSES]);
  const [view, setView] = useState<View>('graph');
  const [announce, setAnnounce] = useState('');
  // One request at a time; facts arriving meanwhile ask for one more (coalesced).
  const loading = useRef<{ busy: boolean; again: boolean }>({ busy: false, again: false });
  const filterRef = useRef({ sector, statuses });
  filterRef.current = { sector, statuses };

  const load = useCallback(
    async (live: boolean) => {
      if (loading.current.busy) {
        loading.current.again = true;
        return;
      }
      loading.current.busy = true;
      try {
        do {
          loading.current.again = false;
          const q = new URLSearchParams();
          const f = filterRef.current;
          if (f.sector) q.set('sector', f.sector);
          if (f.statuses.length > 0 && f.statuses.length < NETWORK_STATUSES.length)
            q.set('status', f.statuses.join(','));
          const next = await networkApi.get(workspaceId, q);
          // No status ticked: nothing to show (the query cannot say "none").
          setNetwork(
            f.statuses.length === 0 ? { ...next, edges: [], counts: { ...next.counts, ...NO_EDGES } } : next,
          );
          setError(null);
        } while (loading.current.again);
        if (live) setAnnounce(t('network.updated'));
      } catch (err) {
        setError(t('network.error', { message: err instanceof Error ? err.message : String(err) }));
      } finally {
        loading.current.busy = false;
      }
    },
    [workspaceId, t],
  );

  useEffect(() => {
    void load(false);
  }, [load, sector, statuses]);
  // Facts missed while disconnected: reload after every reconnect.
  useOnConnect(() => void load(false), [load]);
  useSocketEvent('matching:interest', (fact) => {
    if (fact.workspaceId === workspaceId) void load(true);
  });
  useSocketEvent('network:changed', (fact) => {
    if (fact.workspaceId === workspaceId) void load(true);
  });
  useSocketEvent('meeting:updated', (fact) => {
    if (fact.workspaceId === workspaceId) void load(true);
  });

  const byId = new Map<string, NetworkNodeDto>((network?.nodes ?? []).map((n) => [n.id, n]));
  const mine = new Set(network?.myDistrictIds ?? []);
  const districtCell = (id: string) => {
    const n = byId.get(id);
    if (!n) return id;
    return (
      <>
        <span className="network-shape" aria-hidden="true">
          <svg viewBox="-10 -10 20 20" width="14" height="14">
            <NodeShape group={n.regionGroup} size={7} />
          </svg>
        </span>{' '}
        {n.name} {mine.has(id) && <span className="network-yours">{t('network.yours')}</span>}
        <span className="network-meta">
          {countryName(n.country, lng)} · {t(`network.region.${n.regionGroup}`)}
        </span>
      </>
    );
  };
  const toggleStatus = (s: NetworkStatus, on: boolean) =>
    setStatuses((cur) => NETWORK_STATUSES.filter((x) => (x === s ? on : cur.includes(x))));

  return (
    <section className="network-page" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('network.title')}</h2>
      <p>{t('network.intro')}</p>
      {network?.interests === 'own' && <p className="network-note">{t('network.privacyOwn')}</p>}
      {network?.interests === 'none' && <p className="network-note">{t('network.privacyNone')}</p>}
      <p role="status" aria-live="polite" className="network-announce">
        {announce}
      </p>
      {error && <p role="alert">{error}</p>}

      <section aria-label={t('network.filters')} className="network-filters">
        <label>
          {t('network.sector')}
          <select value={sector} onChange={(e) => setSector(e.target.value)}>
            <option value="">{t('network.anySector')}</option>
            {NACE_DIVISIONS.map((d) => (
              <option key={d.code} value={d.code}>
                {d.code} {naceLabel(d.code, lng)}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>{t('network.statuses')}</legend>
          {NETWORK_STATUSES.map((s) => (
            <label key={s} className="network-status-option">
              <input
                type="checkbox"
                checked={statuses.includes(s)}
                onChange={(e) => toggleStatus(s, e.target.checked)}
              />
              <svg viewBox="0 0 28 8" width="28" height="8" aria-hidden="true">
                <line
                  x1="1"
                  y1="4"
                  x2="27"
                  y2="4"
                  stroke={EDGE_STYLE[s].stroke}
                  strokeWidth={EDGE_STYLE[s].width}
                  strokeDasharray={EDGE_STYLE[s].dash}
                />
              </svg>
              {t(`network.status.${s}`)}
            </label>
          ))}
        </fieldset>
      </section>

      {!network && !error && <p aria-busy="true">{t('network.loading')}</p>}
      {network && (
        <>
          <section aria-labelledby={`${ids}-counts`} className="network-counts">
            <h3 id={`${ids}-counts`}>{t('network.counts.title')}</h3>
            <dl data-testid="network-counts">
              <div className="network-count-main">
                <dt>{t('network.counts.euLac')}</dt>
                <dd data-count="euLac">{network.counts.euLac}</dd>
              </div>
              <div className="network-count-main">
                <dt>{t('network.counts.within')}</dt>
                <dd data-count="within">{network.counts.within}</dd>
              </div>
              <div>
                <dt>{t('network.counts.euEu')}</dt>
                <dd data-count="euEu">{network.counts.euEu}</dd>
              </div>
              <div>
                <dt>{t('network.counts.lacLac')}</dt>
                <dd data-count="lacLac">{network.counts.lacLac}</dd>
              </div>
              {network.counts.other > 0 && (
                <div>
                  <dt>{t('network.counts.other')}</dt>
                  <dd data-count="other">{network.counts.other}</dd>
                </div>
              )}
              <div>
                <dt>{t('network.counts.total')}</dt>
                <dd data-count="total">{network.counts.total}</dd>
              </div>
            </dl>
          </section>

          <div role="group" aria-label={t('network.view.label')} className="network-view-toggle">
            {(['graph', 'table'] as const).map((v) => (
              <button key={v} type="button" aria-pressed={view === v} onClick={() => setView(v)}>
                {t(`network.view.${v}`)}
              </button>
            ))}
          </div>

          {view === 'graph' ? (
            <>
              <NetworkGraph network={network} />
              <section aria-label={t('network.legend')} className="network-legend">
                <ul>
                  {REGION_GROUPS.map((g) => (
                    <li key={g}>
                      <svg viewBox="-10 -10 20 20" width="16" height="16" aria-hidden="true">
                        <NodeShape group={g} size={7} />
                      </svg>{' '}
                      {t('network.legendRegion', {
                        region: t(`network.region.${g}`),
                        shape: t(`network.shape.${g}`),
                      })}
                    </li>
                  ))}
                  {NETWORK_STATUSES.map((s) => (
                    <li key={s}>
                      <svg viewBox="0 0 28 8" width="28" height="8" aria-hidden="true">
                        <line
                          x1="1"
                          y1="4"
                          x2="27"
                          y2="4"
                          stroke={EDGE_STYLE[s].stroke}
                          strokeWidth={EDGE_STYLE[s].width}
                          strokeDasharray={EDGE_STYLE[s].dash}
                        />
                      </svg>{' '}
                      {t(`network.status.${s}`)}
                    </li>
                  ))}
                </ul>
              </section>
            </>
          ) : (
            <div className="network-table-wrap" role="region" aria-labelledby={`${ids}-caption`} tabIndex={0}>
              <table className="network-table">
                <caption id={`${ids}-caption`}>
                  {t('network.tableCaption', { count: network.edges.length })}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('network.col.a')}</th>
                    <th scope="col">{t('network.col.b')}</th>
                    <th scope="col">{t('network.col.pairing')}</th>
                    <th scope="col">{t('network.col.status')}</th>
                    <th scope="col">{t('network.col.details')}</th>
                  </tr>
                </thead>
                <tbody>
                  {network.edges.length === 0 && (
                    <tr>
                      <td colSpan={5}>{t('network.empty')}</td>
                    </tr>
                  )}
                  {network.edges.map((e) => (
                    <tr key={`${e.a}|${e.b}`} data-edge={`${e.a}|${e.b}`} data-status={e.status}>
                      <td>{districtCell(e.a)}</td>
                      <td>{districtCell(e.b)}</td>
                      <td>{t(`network.pairing.${e.pairing}`)}</td>
                      <td>{t(`network.status.${e.status}`)}</td>
                      <td>
                        {DETAIL_STATUSES.filter((s) => e.counts[s] > 0)
                          .map((s) => t(`network.detail.${s}`, { count: e.counts[s] }))
                          .join(', ')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
