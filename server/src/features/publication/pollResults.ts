import Papa from 'papaparse';
import {
  POLL_SCALE_VALUES,
  REGION_GROUPS,
  type BundleLanguage,
  type PollGroupResultDto,
  type PollResultsDto,
  type RegionGroup,
} from '@polos/shared';
import { neutraliseCell } from '../districts/profileCsv';
import type { PollDoc } from '../polls/poll.model';
import { resultsOf } from '../polls/polls.service';
import type { QuestionDoc } from '../questions/question.model';
import type { BundleMessages } from './bundleMessages';
import { escapeHtml, htmlPage } from './html';

/** The poll fields the bundle reads. */
export type BundlePoll = Pick<
  PollDoc,
  | '_id'
  | 'questionId'
  | 'kind'
  | 'prompt'
  | 'options'
  | 'visibility'
  | 'unit'
  | 'state'
  | 'openedAt'
  | 'closedAt'
  | 'finalResults'
>;

export interface PollContext {
  polls: BundlePoll[];
  questionById: Map<string, QuestionDoc>;
  questionLabel: (q: QuestionDoc) => string;
  language: BundleLanguage;
  m: BundleMessages;
  timeZone: string;
  /** The workspace's title in the bundle's language. */
  workspaceTitle: string;
}

/**
 * A poll whose results may be published: closed (the frozen results of record), or open with live results. An
 * open poll whose results are hidden until close stays hidden here too (results null).
 */
async function publishable(poll: BundlePoll): Promise<PollResultsDto | null> {
  if (poll.state !== 'closed' && poll.visibility === 'hiddenUntilClose') return null;
  return resultsOf(poll as PollDoc);
}

/** Polls in question order (block.question), then by opening time and id. */
function ordered(
  ctx: PollContext,
): Array<{ poll: BundlePoll; question: QuestionDoc | undefined; label: string }> {
  const order = [...ctx.questionById.keys()];
  return ctx.polls
    .map((poll) => {
      const question = ctx.questionById.get(poll.questionId.toHexString());
      return { poll, question, label: question ? ctx.questionLabel(question) : '' };
    })
    .sort(
      (a, b) =>
        order.indexOf(a.poll.questionId.toHexString()) - order.indexOf(b.poll.questionId.toHexString()) ||
        a.poll.openedAt.getTime() - b.poll.openedAt.getTime() ||
        a.poll._id.toHexString().localeCompare(b.poll._id.toHexString()),
    );
}

const optionLabel = (poll: BundlePoll, option: number) =>
  poll.kind === 'scale' ? String(option) : (poll.options[option] ?? String(option));
const optionsOf = (poll: BundlePoll): number[] =>
  poll.kind === 'scale' ? [...POLL_SCALE_VALUES] : poll.options.map((_o, i) => i);
const tally = (group: PollGroupResultDto, option: number) => group.tallies.find((t) => t.option === option);
const share = (n: number | undefined) => (n === undefined ? '' : n.toFixed(4));
const GROUPS: Array<'overall' | RegionGroup> = ['overall', ...REGION_GROUPS];
const groupOf = (results: PollResultsDto, g: 'overall' | RegionGroup) =>
  g === 'overall' ? results.overall : results.byRegion[g];

/**
 * `polls/polls.csv` (UTF-8 with BOM, CRLF; papaparse): one row per poll option — the question (`block.question`),
 * the poll, its kind, unit and state, then count, share (0–1) and score for all voters and per region group (EU,
 * LAC, other), the voters per group and, for a 1–5 scale, the mean. A poll whose results are hidden until close
 * has one row with `hidden` = `true` and empty figures. Formula-like text cells are prefixed with `'`.
 */
export async function pollsCsv(ctx: PollContext): Promise<string> {
  const fields = [
    'question',
    'poll',
    'kind',
    'unit',
    'state',
    'hidden',
    'option',
    ...GROUPS.flatMap((g) => [`${g}_count`, `${g}_share`, `${g}_score`]),
    ...GROUPS.map((g) => `${g}_voters`),
    ...GROUPS.map((g) => `${g}_mean`),
  ];
  const data: string[][] = [];
  for (const { poll, label } of ordered(ctx)) {
    const results = await publishable(poll);
    const head = [label, poll.prompt, poll.kind, poll.unit, poll.state, results ? 'false' : 'true'];
    if (!results) {
      data.push([
        ...head,
        '',
        ...GROUPS.flatMap(() => ['', '', '']),
        ...GROUPS.map(() => ''),
        ...GROUPS.map(() => ''),
      ]);
      continue;
    }
    for (const option of optionsOf(poll)) {
      const cells = GROUPS.flatMap((g) => {
        const t = tally(groupOf(results, g), option);
        return [String(t?.count ?? 0), share(t?.share ?? 0), String(t?.score ?? 0)];
      });
      data.push([
        ...head,
        optionLabel(poll, option),
        ...cells,
        ...GROUPS.map((g) => String(groupOf(results, g).voters)),
        ...GROUPS.map((g) => {
          const mean = groupOf(results, g).mean;
          return mean === null ? '' : mean.toFixed(4);
        }),
      ]);
    }
  }
  const safe = data.map((row) => row.map((c) => neutraliseCell(c)));
  return `\uFEFF${Papa.unparse({ fields, data: safe }, { newline: '\r\n' })}\r\n`;
}

/**
 * Rank of each option of a group by score, highest first (1 = most points); equal scores share a rank ("1, 1, 3",
 * standard competition ranking).
 */
function ranks(group: PollGroupResultDto): Map<number, number> {
  const scores = group.tallies.map((t) => t.score);
  return new Map(group.tallies.map((t) => [t.option, 1 + scores.filter((s) => s > t.score).length]));
}

/**
 * `polls/polls.html`: one table per poll, options by rows, all / EU / LAC / other side by side. A cell is the count
 * and share of voters; for a ranking, the points and the option's rank, as the app shows a ranking (points).
 */
export async function pollsHtml(ctx: PollContext): Promise<string> {
  const { m, language, workspaceTitle } = ctx;
  const percent = new Intl.NumberFormat(m.locale, { style: 'percent', maximumFractionDigits: 1 });
  const number = new Intl.NumberFormat(m.locale, { maximumFractionDigits: 2 });
  const parts: string[] = [];
  for (const { poll, label } of ordered(ctx)) {
    const results = await publishable(poll);
    const caption = `${m.question(label)} — ${poll.prompt}`;
    if (!results) {
      parts.push(`<h2>${escapeHtml(caption)}</h2>\n<p>${escapeHtml(m.pollHidden)}</p>`);
      continue;
    }
    const rankOf = Object.fromEntries(GROUPS.map((g) => [g, ranks(groupOf(results, g))]));
    const names: Record<'overall' | RegionGroup, string> = { overall: m.overallColumn, ...m.regions };
    const head = `<tr><th scope="col">${escapeHtml(m.option)}</th>${GROUPS.map(
      (g) =>
        `<th scope="col">${escapeHtml(names[g])} (${escapeHtml(`${m.voters}${m.colon}`)}${groupOf(results, g).voters})</th>`,
    ).join('')}</tr>`;
    const rows = optionsOf(poll)
      .map((option) => {
        const cells = GROUPS.map((g) => {
          const t = tally(groupOf(results, g), option);
          if (poll.kind === 'ranking')
            return `<td class="n">${escapeHtml(m.rankedPoints(t?.score ?? 0, rankOf[g].get(option) ?? 1))}</td>`;
          return `<td class="n">${t?.count ?? 0} (${percent.format(t?.share ?? 0)})</td>`;
        }).join('');
        return `<tr><th scope="row">${escapeHtml(optionLabel(poll, option))}</th>${cells}</tr>`;
      })
      .join('\n');
    const mean =
      poll.kind === 'scale'
        ? `<tr><th scope="row">${escapeHtml(m.mean)}</th>${GROUPS.map((g) => {
            const value = groupOf(results, g).mean;
            return `<td class="n">${value === null ? '—' : number.format(value)}</td>`;
          }).join('')}</tr>`
        : '';
    parts.push(
      `<table>\n<caption>${escapeHtml(caption)}</caption>\n<thead>${head}</thead>\n<tbody>\n${rows}\n${mean}</tbody>\n</table>`,
    );
  }
  return htmlPage(
    language,
    `${workspaceTitle} — ${m.polls}`,
    `<h1>${escapeHtml(m.polls)}</h1>\n<p class="subtitle">${escapeHtml(workspaceTitle)}</p>\n${
      parts.length ? parts.join('\n') : `<p>${escapeHtml(m.noPolls)}</p>`
    }\n<p><a href="../index.html">index.html</a></p>`,
  );
}
