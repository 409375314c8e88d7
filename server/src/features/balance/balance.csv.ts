import Papa from 'papaparse';
import { BALANCE_DIMENSIONS, type BalanceDto, type BalanceFigures } from '@polos/shared';
import { neutraliseCell } from '../districts/profileCsv';

const FIGURES: Array<keyof BalanceFigures> = [
  'posts',
  'words',
  'contributors',
  'crossRegionReplies',
  'reactions',
  'draftContributions',
  'pollVotes',
  'endorsements',
];

/**
 * The dashboard's tables as one CSV (UTF-8 with BOM, `,`, CRLF; papaparse): columns
 * `table,key,label,<figures…>,euShare,lacShare,dominant` — one row per breakdown row (`table` = dimension), per
 * block (`block`), per question (`question`) and per time bucket (`time`, posts only). Text cells that a
 * spreadsheet would run as a formula are prefixed with `'` (CSV injection, OWASP).
 */
export function balanceToCsv(dto: BalanceDto): string {
  const fields = ['table', 'key', 'label', ...FIGURES, 'euShare', 'lacShare', 'dominant'];
  const data: string[][] = [];
  const share = (n: number | null) => (n === null ? '' : n.toFixed(4));
  const push = (
    table: string,
    key: string,
    label: string,
    f: BalanceFigures,
    rest: string[] = ['', '', ''],
  ) =>
    data.push(
      [table, key, label, ...FIGURES.map((k) => String(f[k])), ...rest].map((c) => neutraliseCell(c)),
    );
  push('total', 'all', 'all', dto.totals, [
    share(dto.indicator.contributionShare.EU),
    share(dto.indicator.contributionShare.LAC),
    dto.indicator.dominant ?? '',
  ]);
  for (const d of BALANCE_DIMENSIONS) for (const r of dto.breakdown[d]) push(d, r.key, r.label, r);
  for (const [table, rows] of [
    ['block', dto.blocks],
    ['question', dto.questions],
  ] as const)
    for (const r of rows)
      push(table, r.id, r.label, r, [
        share(r.indicator.contributionShare.EU),
        share(r.indicator.contributionShare.LAC),
        r.indicator.dominant ?? '',
      ]);
  for (const p of dto.overTime)
    for (const region of ['EU', 'LAC', 'other'] as const)
      push('time', p.at, region, {
        posts: p.posts[region],
        words: p.words[region],
        contributors: 0,
        crossRegionReplies: 0,
        reactions: 0,
        draftContributions: 0,
        pollVotes: 0,
        endorsements: 0,
      });
  return `\uFEFF${Papa.unparse({ fields, data }, { newline: '\r\n' })}\r\n`;
}
