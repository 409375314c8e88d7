import { useTranslation } from 'react-i18next';
import type { PollDto, PollGroupResultDto } from '@polos/shared';
import { formatNumber } from '../../i18n/format';

const GROUPS = ['overall', 'EU', 'LAC'] as const;

const percent = (share: number) => Math.round(share * 100);
/** The share as the UI language writes a percentage (Intl: "50%" in en/pt, "50 %" in es/fr). */
const percentText = (share: number, language: string) =>
  formatNumber(share, language, { style: 'percent', maximumFractionDigits: 0 });

/** One group's bars: each option's share as a bar (`role="img"`-free: the numbers are text next to it). */
function GroupBars({ poll, group, title }: { poll: PollDto; group: PollGroupResultDto; title: string }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="poll-group" aria-label={title}>
      <h5>
        {title} · {t('polls.votes', { count: group.voters })}
        {group.mean !== null && <> · {t('polls.mean', { value: group.mean.toFixed(1) })}</>}
      </h5>
      <ul className="poll-bars">
        {group.tallies.map((tally) => {
          const label = poll.kind === 'scale' ? String(tally.option) : (poll.options[tally.option] ?? '');
          return (
            <li key={tally.option}>
              <span className="poll-bar-label">{label}</span>
              <span className="poll-bar-track" aria-hidden="true">
                <span className="poll-bar-fill" style={{ width: `${percent(tally.share)}%` }} />
              </span>
              <span className="poll-bar-value">
                {poll.kind === 'ranking'
                  ? t('polls.points', { count: tally.score })
                  : t('polls.share', {
                      count: tally.count,
                      percent: percentText(tally.share, i18n.language),
                    })}
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/**
 * Results overall and EU vs LAC side by side (stacked under 600 px), with a table alternative holding the same
 * figures (and the `other` group).
 */
export function PollResults({ poll }: { poll: PollDto }) {
  const { t, i18n } = useTranslation();
  const results = poll.results;
  if (!results) return <p className="notice">{t('polls.hidden')}</p>;
  const groupOf = (g: (typeof GROUPS)[number]) => (g === 'overall' ? results.overall : results.byRegion[g]);
  const title = (g: string) => (g === 'overall' ? t('polls.overall') : t(`polls.regions.${g}`));
  const tableGroups = ['overall', 'EU', 'LAC', 'other'] as const;
  return (
    <div className="poll-results">
      <div className="poll-groups">
        {GROUPS.map((g) => (
          <GroupBars key={g} poll={poll} group={groupOf(g === 'overall' ? 'overall' : g)} title={title(g)} />
        ))}
      </div>
      <details className="poll-table">
        <summary>{t('polls.table')}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('polls.option')}</th>
              {tableGroups.map((g) => (
                <th scope="col" key={g}>
                  {title(g)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {results.overall.tallies.map((tally, i) => (
              <tr key={tally.option}>
                <th scope="row">
                  {poll.kind === 'scale' ? String(tally.option) : (poll.options[tally.option] ?? '')}
                </th>
                {tableGroups.map((g) => {
                  const cell = (g === 'overall' ? results.overall : results.byRegion[g]).tallies[i];
                  return (
                    <td key={g}>
                      {poll.kind === 'ranking'
                        ? cell.score
                        : t('polls.share', {
                            count: cell.count,
                            percent: percentText(cell.share, i18n.language),
                          })}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
