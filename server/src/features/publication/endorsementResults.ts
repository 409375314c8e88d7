import Papa from 'papaparse';
import { REGION_GROUPS, type EndorsementRoundResultsDto, type RegionGroup } from '@polos/shared';
import { neutraliseCell } from '../districts/profileCsv';
import { listEndorsementResults } from '../endorsements';
import type { WorkspaceDoc } from '../workspaces/workspace.model';
import type { BundleMessages } from './bundleMessages';
import { escapeHtml, htmlPage } from './html';

/*
 * Endorsement results of the bundle, from the endorsements feature's port `listEndorsementResults` (issue 12.2):
 * per round and paragraph the agree / amend / object answers overall and per region group, the quorum per region,
 * and each district's answer with its proposed wording or reason. No person is named (the answering
 * representatives, proposers and appliers are left out: the bundle may be public); districts speak.
 */

const ANSWERS = ['agree', 'amend', 'object'] as const;
const GROUPS: Array<'overall' | RegionGroup> = ['overall', ...REGION_GROUPS];

const csv = (fields: string[], rows: string[][]) =>
  `\uFEFF${Papa.unparse(
    { fields, data: rows.map((r) => r.map((c) => neutraliseCell(c))) },
    { newline: '\r\n' },
  )}\r\n`;

/** `endorsements/endorsements.csv`: one row per (round, paragraph) with the answers per region group. */
export function endorsementsCsv(rounds: EndorsementRoundResultsDto[]): string {
  const fields = [
    'round',
    'draft',
    'version',
    'state',
    'release',
    'paragraph',
    'text',
    ...GROUPS.flatMap((g) => ANSWERS.map((a) => `${g}_${a}`)),
    'quorum_EU',
    'quorum_LAC',
    'quorum_reached',
  ];
  const rows: string[][] = [];
  rounds.forEach((round, i) => {
    for (const paragraph of round.paragraphs) {
      const result = round.results.find((r) => r.paragraphId === paragraph.id);
      const tallies = GROUPS.flatMap((g) => {
        const t = g === 'overall' ? result?.overall : result?.byRegion[g];
        return ANSWERS.map((a) => String(t?.[a] ?? 0));
      });
      const q = round.quorum.byRegion;
      rows.push([
        String(i + 1),
        round.draftTitle,
        round.versionName,
        round.state,
        round.release ? String(round.release.number) : '',
        String(paragraph.number),
        paragraph.text,
        ...tallies,
        `${q.EU.counted}/${q.EU.districts}`,
        `${q.LAC.counted}/${q.LAC.districts}`,
        String(round.quorum.reached),
      ]);
    }
  });
  return csv(fields, rows);
}

/** `endorsements/answers.csv`: each district's answer (district, country, region, answer, wording, reason). */
export function answersCsv(rounds: EndorsementRoundResultsDto[]): string {
  const fields = ['round', 'paragraph', 'district', 'country', 'regionGroup', 'answer', 'wording', 'reason'];
  const rows: string[][] = [];
  rounds.forEach((round, i) => {
    const number = new Map(round.paragraphs.map((p) => [p.id, p.number]));
    const answers = [...round.answers].sort(
      (a, b) =>
        (number.get(a.paragraphId) ?? 0) - (number.get(b.paragraphId) ?? 0) ||
        a.districtName.localeCompare(b.districtName) ||
        a.districtId.localeCompare(b.districtId),
    );
    for (const a of answers)
      rows.push([
        String(i + 1),
        String(number.get(a.paragraphId) ?? ''),
        a.districtName,
        a.country,
        a.regionGroup,
        a.answer,
        a.wording ?? '',
        a.reason ?? '',
      ]);
  });
  return csv(fields, rows);
}

/**
 * `endorsements/endorsements.html`: per round the quorum per region and a table of paragraphs by region, every
 * label (state, region groups, answers, quorum) in the bundle's language; the round's draft named by `draftTitleOf`.
 */
export function endorsementsHtml(
  workspaceTitle: string,
  rounds: EndorsementRoundResultsDto[],
  m: BundleMessages,
  language: WorkspaceLanguage,
  draftTitleOf: (round: EndorsementRoundResultsDto) => string = (round) => round.draftTitle,
): string {
  const parts = rounds.map((round, i) => {
    const q = round.quorum.byRegion;
    const quorum = (['EU', 'LAC'] as const)
      .map(
        (r) =>
          `${m.regions[r]} ${q[r].counted} / ${q[r].districts} (${q[r].reached ? `✓ ${m.quorumReached}` : `✗ ${m.quorumNotReached}`})`,
      )
      .join(' · ');
    const head = `<tr><th scope="col">#</th><th scope="col">${escapeHtml(m.paragraph)}</th>${GROUPS.map(
      (g) => `<th scope="col">${escapeHtml(g === 'overall' ? m.overallColumn : m.regions[g])}</th>`,
    ).join('')}</tr>`;
    const rows = round.paragraphs
      .map((p) => {
        const result = round.results.find((r) => r.paragraphId === p.id);
        const cells = GROUPS.map((g) => {
          const t = g === 'overall' ? result?.overall : result?.byRegion[g];
          return `<td class="n">${ANSWERS.map((a) => `${escapeHtml(m.answers[a])} ${t?.[a] ?? 0}`).join(', ')}</td>`;
        }).join('');
        return `<tr><th scope="row">${p.number}</th><td>${escapeHtml(p.text)}</td>${cells}</tr>`;
      })
      .join('\n');
    return `<h2>${i + 1}. ${escapeHtml(draftTitleOf(round))} — ${escapeHtml(round.versionName)}</h2>
<p>${escapeHtml(m.roundStates[round.state])} · ${escapeHtml(quorum)}</p>
<table>\n<thead>${head}</thead>\n<tbody>\n${rows}\n</tbody>\n</table>`;
  });
  return htmlPage(
    language,
    `${workspaceTitle} — ${m.endorsements}`,
    `<h1>${escapeHtml(m.endorsements)}</h1>\n<p class="subtitle">${escapeHtml(workspaceTitle)}</p>\n${
      parts.length ? parts.join('\n') : `<p>${escapeHtml(m.noEndorsements)}</p>`
    }\n<p><a href="answers.csv">${escapeHtml(m.answersByDistrict)}</a> · <a href="endorsements.csv">endorsements.csv</a> · <a href="../index.html">index.html</a></p>`,
  );
}

type WorkspaceLanguage = Parameters<typeof htmlPage>[0];

/**
 * The bundle's endorsement files (none when the workspace has no round); `workspaceTitle` and `draftTitleOf` give
 * the titles in the bundle's language. The CSVs keep machine-readable codes (`agree`, `closed`, `EU`…).
 */
export async function endorsementFiles(
  workspace: Pick<WorkspaceDoc, '_id'>,
  workspaceTitle: string,
  m: BundleMessages,
  language: WorkspaceLanguage,
  draftTitleOf: (round: EndorsementRoundResultsDto) => string,
): Promise<Array<{ path: string; contentType: string; label: string; make: () => Buffer }>> {
  const rounds = await listEndorsementResults(workspace._id);
  if (rounds.length === 0) return [];
  return [
    {
      path: 'endorsements/answers.csv',
      contentType: 'text/csv; charset=utf-8',
      label: `${m.formats.csv} — ${m.answersByDistrict}`,
      make: () => Buffer.from(answersCsv(rounds), 'utf8'),
    },
    {
      path: 'endorsements/endorsements.csv',
      contentType: 'text/csv; charset=utf-8',
      label: m.formats.csv,
      make: () => Buffer.from(endorsementsCsv(rounds), 'utf8'),
    },
    {
      path: 'endorsements/endorsements.html',
      contentType: 'text/html; charset=utf-8',
      label: m.formats.html,
      make: () => Buffer.from(endorsementsHtml(workspaceTitle, rounds, m, language, draftTitleOf), 'utf8'),
    },
  ];
}
