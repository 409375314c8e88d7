import { REGION_GROUPS, type BalanceDto, type BundleLanguage, type RegionGroup } from '@polos/shared';
import type { BundleMessages } from './bundleMessages';
import { escapeHtml, htmlPage } from './html';

/*
 * Participation figures of the bundle, from the balance dashboard's figures (`computeBalance`, issue 12.3): a
 * chart drawn on the server as SVG (no script; a `<title>` and `<desc>` for screen readers, text labels on every
 * bar, colours told apart by the labels as well) and an HTML page with the same figures as tables.
 */

const COLOURS: Record<RegionGroup, string> = { EU: '#1f4e9c', LAC: '#b85c00', other: '#6b6b6b' };

/**
 * `participation/participation.svg`: two bar charts — posts per region group, and EU / LAC posts per block
 * (side by side). Width 640, height by the number of bars; sizes in SVG user units.
 */
export function participationSvg(dto: BalanceDto, m: BundleMessages, language: BundleLanguage): string {
  const number = new Intl.NumberFormat(m.locale);
  const regionRows = REGION_GROUPS.map((r) => ({
    label: m.regions[r],
    value: dto.breakdown.regionGroup.find((row) => row.key === r)?.posts ?? 0,
    colour: COLOURS[r],
  }));
  const blockRows = dto.blocks.flatMap((b) =>
    (['EU', 'LAC'] as const).map((r) => ({
      label: `${m.blockColumn} ${b.label} ${m.regions[r]}`,
      value: b.byRegion[r].posts,
      colour: COLOURS[r],
    })),
  );
  const max = Math.max(1, ...regionRows.map((r) => r.value), ...blockRows.map((r) => r.value));
  const left = 90;
  const width = 640;
  const barArea = width - left - 80;
  const bar = 18;
  const gap = 8;
  let y = 30;
  const out: string[] = [];
  const chart = (title: string, rows: Array<{ label: string; value: number; colour: string }>) => {
    out.push(`<text x="0" y="${y}" font-weight="bold">${escapeHtml(title)}</text>`);
    y += 12;
    for (const row of rows) {
      const w = Math.round((row.value / max) * barArea);
      out.push(
        `<text x="${left - 6}" y="${y + 13}" text-anchor="end">${escapeHtml(row.label)}</text>`,
        `<rect x="${left}" y="${y}" width="${w}" height="${bar}" fill="${row.colour}"/>`,
        `<text x="${left + w + 6}" y="${y + 13}">${number.format(row.value)}</text>`,
      );
      y += bar + gap;
    }
    y += 24;
  };
  chart(m.postsByRegion, regionRows);
  if (blockRows.length) chart(m.postsPerBlock, blockRows);
  const summary = regionRows.map((r) => `${r.label}${m.colon}${number.format(r.value)}`).join(', ');
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}" role="img" aria-labelledby="t d" xml:lang="${language}" font-family="sans-serif" font-size="13">
<title id="t">${escapeHtml(m.participation)}</title>
<desc id="d">${escapeHtml(`${m.postsByRegion}${m.colon}${summary}`)}</desc>
${out.join('\n')}
</svg>
`;
}

/**
 * `participation/participation.html`: the chart and its figures as tables (region group, block, question), under
 * the workspace's title in the bundle's language.
 */
export function participationHtml(
  workspaceTitle: string,
  dto: BalanceDto,
  m: BundleMessages,
  language: BundleLanguage,
): string {
  const number = new Intl.NumberFormat(m.locale);
  const percent = new Intl.NumberFormat(m.locale, { style: 'percent', maximumFractionDigits: 1 });
  const table = (caption: string, headers: string[], rows: Array<{ label: string; cells: string[] }>) =>
    `<table>\n<caption>${escapeHtml(caption)}</caption>\n<thead><tr>${headers
      .map((h) => `<th scope="col">${escapeHtml(h)}</th>`)
      .join('')}</tr></thead>\n<tbody>\n${rows
      .map(
        (r) =>
          `<tr><th scope="row">${escapeHtml(r.label)}</th>${r.cells.map((c) => `<td class="n">${escapeHtml(c)}</td>`).join('')}</tr>`,
      )
      .join('\n')}\n</tbody>\n</table>`;
  const share = (n: number | null) => (n === null ? '—' : percent.format(n));
  const regions = table(
    m.postsByRegion,
    [m.region, m.posts, m.contributors, m.members],
    REGION_GROUPS.map((r) => {
      const row = dto.breakdown.regionGroup.find((x) => x.key === r);
      return {
        label: m.regions[r],
        cells: [
          number.format(row?.posts ?? 0),
          number.format(row?.contributors ?? 0),
          number.format(dto.members[r]),
        ],
      };
    }),
  );
  const scopeHeaders = (first: string) => [first, m.posts, m.contributors, m.regions.EU, m.regions.LAC];
  const scopeRow = (r: BalanceDto['blocks'][number]) => ({
    label: r.label,
    cells: [
      number.format(r.posts),
      number.format(r.contributors),
      share(r.indicator.contributionShare.EU),
      share(r.indicator.contributionShare.LAC),
    ],
  });
  return htmlPage(
    language,
    `${workspaceTitle} — ${m.participation}`,
    `<h1>${escapeHtml(m.participation)}</h1>
<p class="subtitle">${escapeHtml(workspaceTitle)}</p>
<p>${escapeHtml(m.participationIntro)}</p>
<p><img src="participation.svg" alt="${escapeHtml(m.postsByRegion)}"></p>
${regions}
${table(m.postsPerBlock, scopeHeaders(m.blockColumn), dto.blocks.map(scopeRow))}
${table(m.postsPerQuestion, scopeHeaders(m.questionColumn), dto.questions.map(scopeRow))}
<p><a href="participation.csv">${escapeHtml(m.formats.csv)}</a> · <a href="../index.html">index.html</a></p>`,
  );
}
