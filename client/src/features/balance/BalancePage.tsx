import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  BALANCE_DIMENSIONS,
  canSeeBalance,
  type BalanceBucket,
  type BalanceDto,
  type BalanceFigures,
  type BalanceRow,
  type RegionGroup,
  REGION_GROUPS,
} from '@polos/shared';
import { api, ApiError } from '../../api/http';
import { countryName, formatDate, languageName, localized, viewerZone } from '../../i18n/format';
import { useWorkspace } from '../workspace';
import { regionLabel } from './regionLabel';
import './balanceStrings';
import './balance.css';
import { useWorkspaceTitle } from '../../components/WorkspaceText';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';

const COLUMNS: Array<keyof BalanceFigures> = [
  'posts',
  'words',
  'contributors',
  'crossRegionReplies',
  'reactions',
  'draftContributions',
  'pollVotes',
  'endorsements',
];
/** Colour-blind-safe pair (Okabe–Ito) plus grey; each series is also named in the legend and the table. */
const COLOURS = { EU: '#0072B2', LAC: '#E69F00', other: '#999999' } as const;
const isRegionGroup = (key: string): key is RegionGroup => (REGION_GROUPS as readonly string[]).includes(key);
const pct = (n: number | null) => (n === null ? '—' : `${Math.round(n * 100)}%`);
const DIMENSIONS_NAMED_HERE = ['country', 'language', 'role'] as const;

/**
 * A time bucket's start (UTC ISO) in the UI language: an hour in the viewer's time zone ("30 nov, 19:00"), a day as
 * the UTC calendar day the server counted ("30 nov 2026") — shown in another zone it would take the previous or the
 * next day's name.
 */
function bucketLabel(at: string, bucket: BalanceBucket, language: string): string {
  return bucket === 'hour'
    ? formatDate(at, language, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
    : formatDate(at, language, { dateStyle: 'medium', timeZone: 'UTC' });
}

function FiguresTable({ caption, rows }: { caption: string; rows: BalanceRow[] }) {
  const { t } = useTranslation();
  return (
    <div className="balance-table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table className="balance-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('balance.col.key')}</th>
            {COLUMNS.map((c) => (
              <th scope="col" key={c}>
                {t(`balance.col.${c}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              {COLUMNS.map((c) => (
                <td key={c}>{r[c]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A chart with its table alternative (a disclosure under it; the chart itself is hidden from screen readers). The
 * chart fills the card's width and follows window resizes (ResponsiveContainer measures its box), `height` in px.
 */
function ChartWithTable({
  title,
  chart,
  table,
  height,
}: {
  title: string;
  chart: React.ReactElement;
  table: React.ReactNode;
  height: number;
}) {
  const { t } = useTranslation();
  return (
    <section className="card balance-chart">
      <h2 className="small-title">{title}</h2>
      <div aria-hidden="true" className="balance-chart-box">
        <ResponsiveContainer width="100%" height={height}>
          {chart}
        </ResponsiveContainer>
      </div>
      <details>
        <summary>{t('balance.showTable')}</summary>
        {table}
      </details>
    </section>
  );
}

/**
 * `/w/:workspaceId/balance`: the bi-regional balance dashboard (docs/UI.md, "Balance dashboard"). Who may see it
 * ({@link canSeeBalance}: moderators always, other members while no live session runs) is known from the workspace's
 * live state, so a refused viewer's page asks nothing: it says why, without filters or CSV download, and loads the
 * figures as soon as the session ends (and drops them when one starts).
 */
export default function BalancePage() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const { workspaceId = '' } = useParams();
  const ws = useWorkspace();
  const [blockId, setBlockId] = useState('');
  const [questionId, setQuestionId] = useState('');
  const [bucket, setBucket] = useState<BalanceBucket>('day');
  const [data, setData] = useState<BalanceDto | null>(null);
  // The bucket the figures shown were asked with (the select may already have moved on).
  const [dataBucket, setDataBucket] = useState<BalanceBucket>('day');
  const [error, setError] = useState<string | null>(null);
  // The server refused (403) although the live state said otherwise: a session started before its update came.
  const [refusedByServer, setRefusedByServer] = useState(false);
  const allowed = canSeeBalance(ws.workspace?.role, Boolean(ws.live?.session));
  const refused = !allowed || refusedByServer;
  const query = useMemo(() => {
    const p = new URLSearchParams({ bucket });
    if (questionId) p.set('questionId', questionId);
    else if (blockId) p.set('blockId', blockId);
    return p.toString();
  }, [blockId, questionId, bucket]);

  useEffect(() => {
    let alive = true;
    setError(null);
    setRefusedByServer(false);
    if (!allowed) {
      // A request the server would refuse (403) is not sent; figures read before the session started go away.
      setData(null);
      return;
    }
    api<BalanceDto>('GET', `/api/workspaces/${workspaceId}/balance?${query}`).then(
      (d) => {
        if (!alive) return;
        setData(d);
        setDataBucket(bucket);
      },
      (e: unknown) => {
        if (!alive) return;
        if (e instanceof ApiError && e.status === 403) {
          setData(null);
          setRefusedByServer(true);
        } else setError(t('balance.error'));
      },
    );
    return () => {
      alive = false;
    };
  }, [workspaceId, query, allowed, bucket, t]);
  useDocumentTitle(t('balance.title'), useWorkspaceTitle(ws.workspace));

  const blocks = ws.blocks;
  // The region rows' keys are region groups ('EU', 'LAC', 'other'): name them in the viewer's language.
  const regionRows =
    data?.breakdown.regionGroup.map((r) =>
      isRegionGroup(r.key) ? { ...r, label: regionLabel(t, r.key) } : r,
    ) ?? [];
  const questions = blocks.find((b) => b.id === blockId)?.questions ?? [];
  // Countries, languages and roles come as codes: named in the UI language (districts come named).
  const dimensionRows = (d: (typeof DIMENSIONS_NAMED_HERE)[number], rows: BalanceRow[]): BalanceRow[] =>
    rows.map((r) => {
      if (r.key === '—') return { ...r, label: t('balance.unknown') };
      if (d === 'country') return { ...r, label: countryName(r.key, language) };
      if (d === 'language') return { ...r, label: languageName(r.key, language) };
      return { ...r, label: r.key === 'former' ? t('balance.formerMember') : t(`roles.${r.key}`) };
    });
  const timeLabel = (at: string) => bucketLabel(at, dataBucket, language);

  return (
    <section className="balance-page">
      <h1>{t('balance.title')}</h1>
      <p>{t('balance.intro')}</p>
      {/* Always in the page, so that the explanation is announced when a session starts while it is open. */}
      <div role="status">{refused && <p className="notice">{t('balance.forbidden')}</p>}</div>
      {!refused && (
        <form className="balance-filters" onSubmit={(e) => e.preventDefault()}>
          <label>
            {t('balance.block')}
            <select
              value={blockId}
              onChange={(e) => {
                setBlockId(e.target.value);
                setQuestionId('');
              }}
            >
              <option value="">{t('balance.all')}</option>
              {blocks.map((b) => (
                <option key={b.id} value={b.id}>
                  {`${b.order}. ${localized(b.title, language)}`}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('balance.question')}
            <select value={questionId} onChange={(e) => setQuestionId(e.target.value)} disabled={!blockId}>
              <option value="">{t('balance.all')}</option>
              {questions.map((q) => (
                <option key={q.id} value={q.id}>
                  {`${q.order}. ${localized(q.text, language)}`}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('balance.bucket')}
            <select value={bucket} onChange={(e) => setBucket(e.target.value as BalanceBucket)}>
              <option value="day">{t('balance.day')}</option>
              <option value="hour">{t('balance.hour')}</option>
            </select>
          </label>
          <a className="button" href={`/api/workspaces/${workspaceId}/balance.csv?${query}`} download>
            {t('balance.csv')}
          </a>
        </form>
      )}
      {error && <p role="alert">{error}</p>}
      {!refused && !data && !error && <p aria-busy="true">{t('balance.loading')}</p>}
      {!refused && data && (
        <div aria-live="polite">
          {data.live && <p className="notice">{t('balance.liveNote')}</p>}
          <section className="card" aria-labelledby="balance-indicator">
            <h2 id="balance-indicator" className="small-title">
              {t('balance.indicator')}
            </h2>
            <p>
              <strong>
                {data.indicator.dominant
                  ? t('balance.dominant', { region: regionLabel(t, data.indicator.dominant) })
                  : t('balance.balanced')}
              </strong>{' '}
              · {t('balance.sample', { n: data.indicator.sample })}
            </p>
            <dl className="balance-shares">
              {(['EU', 'LAC'] as const).map((r) => (
                <div key={r}>
                  <dt>{regionLabel(t, r)}</dt>
                  <dd>
                    {t('balance.contributionShare')}: {pct(data.indicator.contributionShare[r])} ·{' '}
                    {t('balance.memberShare')}: {pct(data.indicator.memberShare[r])}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
          <ChartWithTable
            title={t('balance.byRegion')}
            height={220}
            chart={
              <BarChart data={regionRows}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="label" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Bar dataKey="posts" name={t('balance.col.posts')} fill={COLOURS.EU} />
                <Bar dataKey="contributors" name={t('balance.col.contributors')} fill={COLOURS.LAC} />
              </BarChart>
            }
            table={<FiguresTable caption={t('balance.byRegion')} rows={regionRows} />}
          />
          <ChartWithTable
            title={t('balance.perQuestion')}
            height={240}
            chart={
              <BarChart
                data={data.questions.map((q) => ({
                  label: q.label,
                  EU: q.byRegion.EU.posts,
                  LAC: q.byRegion.LAC.posts,
                  other: q.byRegion.other.posts,
                }))}
              >
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="label" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Legend />
                {(['EU', 'LAC', 'other'] as const).map((r) => (
                  <Bar key={r} dataKey={r} name={regionLabel(t, r)} stackId="r" fill={COLOURS[r]} />
                ))}
              </BarChart>
            }
            table={
              <FiguresTable
                caption={t('balance.perQuestion')}
                rows={data.questions.map((q) => ({ ...q, key: q.id }))}
              />
            }
          />
          <ChartWithTable
            title={t('balance.overTime')}
            height={220}
            chart={
              <LineChart data={data.overTime.map((p) => ({ at: timeLabel(p.at), ...p.posts }))}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="at" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Legend />
                {(['EU', 'LAC', 'other'] as const).map((r) => (
                  <Line key={r} dataKey={r} name={regionLabel(t, r)} stroke={COLOURS[r]} dot={false} />
                ))}
              </LineChart>
            }
            table={
              <div
                className="balance-table-wrap"
                tabIndex={0}
                role="region"
                aria-label={t('balance.overTime')}
              >
                <table className="balance-table">
                  <caption>{t('balance.overTime')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">
                        {dataBucket === 'hour'
                          ? t('balance.col.hourIn', { zone: viewerZone() })
                          : t('balance.col.utcDay')}
                      </th>
                      {(['EU', 'LAC', 'other'] as const).map((r) => (
                        <th scope="col" key={r}>
                          {regionLabel(t, r)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {data.overTime.map((p) => (
                      <tr key={p.at}>
                        <th scope="row">
                          <time dateTime={p.at}>{timeLabel(p.at)}</time>
                        </th>
                        <td>{p.posts.EU}</td>
                        <td>{p.posts.LAC}</td>
                        <td>{p.posts.other}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            }
          />
          {BALANCE_DIMENSIONS.filter((d) => d !== 'regionGroup').map((d) => (
            <section key={d} className="card">
              <FiguresTable
                caption={t(`balance.dimension.${d}`)}
                rows={
                  (DIMENSIONS_NAMED_HERE as readonly string[]).includes(d)
                    ? dimensionRows(d as (typeof DIMENSIONS_NAMED_HERE)[number], data.breakdown[d])
                    : data.breakdown[d]
                }
              />
            </section>
          ))}
        </div>
      )}
    </section>
  );
}
