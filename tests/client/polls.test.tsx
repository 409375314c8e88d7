import './helpers/textEncoding';
import type { PollDto, PollGroupResultDto } from '@polos/shared';
import { i18next, setLanguage } from '../../client/src/i18n';
import { PollVoteForm } from '../../client/src/features/polls/PollVoteForm';
import { PollResults } from '../../client/src/features/polls/PollResults';
import { pollStrings } from '../../client/src/features/polls/pollStrings';
import { render } from './helpers/render';
import { click, settle } from './helpers/dom';

/** Issue 12.1, client side of polls: keyboard-operable voting controls, results with a table alternative. */
const group = (voters: number, counts: number[]): PollGroupResultDto => ({
  voters,
  tallies: counts.map((count, option) => ({
    option,
    count,
    score: count,
    share: voters ? count / voters : 0,
  })),
  mean: null,
});

function poll(overrides: Partial<PollDto> = {}): PollDto {
  return {
    id: 'p'.repeat(24),
    questionId: 'q'.repeat(24),
    workspaceId: 'w'.repeat(24),
    kind: 'single',
    prompt: 'Which priority first?',
    options: ['Skills', 'Export', 'Innovation'],
    visibility: 'live',
    unit: 'person',
    state: 'open',
    openedAt: new Date().toISOString(),
    closedAt: null,
    seq: 1,
    lastSeq: 3,
    voteCount: 3,
    results: {
      overall: group(3, [1, 2, 0]),
      byRegion: { EU: group(1, [1, 0, 0]), LAC: group(2, [0, 2, 0]), other: group(0, [0, 0, 0]) },
    },
    ...overrides,
  };
}

const keys = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );

describe('polls UI', () => {
  beforeAll(async () => {
    await i18next.changeLanguage('en');
  });

  it('singleChoiceIsANativeRadioGroupInAFieldsetWithTheQuestionAsLegend', async () => {
    const votes: number[][] = [];
    const view = render(
      <PollVoteForm
        poll={poll()}
        myVote={undefined}
        onVote={(c) => (votes.push(c), Promise.resolve(null))}
      />,
    );
    const radios = [...view.container.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    expect(radios).toHaveLength(3);
    expect(new Set(radios.map((r) => r.name)).size).toBe(1); // one group: arrow keys move between options
    expect(view.container.querySelector('legend')?.textContent).toBe('Which priority first?');
    await click(radios[1]);
    await click(view.container.querySelector<HTMLButtonElement>('button[type="submit"]')!);
    await settle();
    expect(votes).toEqual([[1]]);
    view.unmount();
  });

  it('aRankingIsReorderedWithLabelledUpAndDownButtons', async () => {
    const votes: number[][] = [];
    const view = render(
      <PollVoteForm
        poll={poll({ kind: 'ranking' })}
        myVote={undefined}
        onVote={(c) => (votes.push(c), Promise.resolve(null))}
      />,
    );
    const up = view.container.querySelector<HTMLButtonElement>('button[aria-label="Move “Innovation” up"]')!;
    await click(up);
    await click(
      view.container.querySelector<HTMLButtonElement>('button[aria-label="Move “Innovation” up"]')!,
    );
    expect(
      view.container.querySelector<HTMLButtonElement>('button[aria-label="Move “Innovation” up"]')!.disabled,
    ).toBe(true);
    await click(view.container.querySelector<HTMLButtonElement>('button[type="submit"]')!);
    await settle();
    expect(votes).toEqual([[2, 0, 1]]);
    view.unmount();
  });

  it('resultsShowOverallEuAndLacSideBySideWithATable', () => {
    const view = render(<PollResults poll={poll()} />);
    const groups = [...view.container.querySelectorAll('.poll-group')].map((g) =>
      g.getAttribute('aria-label'),
    );
    expect(groups).toEqual(['All', 'EU', 'Latin America & Caribbean']);
    const rows = [...view.container.querySelectorAll('tbody tr')].map((r) => r.textContent);
    expect(rows[1]).toContain('Export');
    expect(rows[1]).toContain('2 (100%)'); // LAC: both LAC voters chose Export
    view.unmount();
    const hidden = render(<PollResults poll={poll({ results: null, visibility: 'hiddenUntilClose' })} />);
    expect(hidden.container.textContent).toContain('hidden until the poll closes');
    expect(hidden.container.querySelector('table')).toBeNull();
    hidden.unmount();
  });

  it('rankingPointsArePluralised', async () => {
    const view = render(<PollResults poll={poll({ kind: 'ranking' })} />);
    const values = [...view.container.querySelectorAll('.poll-group')][0].querySelectorAll('.poll-bar-value');
    expect([...values].map((v) => v.textContent)).toEqual(['1 point', '2 points', '0 points']);
    view.unmount();
    await i18next.changeLanguage('es');
    const es = render(<PollResults poll={poll({ kind: 'ranking' })} />);
    expect(es.container.querySelector('.poll-bar-value')?.textContent).toBe('1 punto');
    es.unmount();
    await i18next.changeLanguage('en');
  });

  it('sharesAreIntlPercentagesInTheUiLanguageAndPortugueseIsBrazilian', async () => {
    // QA: "50 %" with a space in English and Portuguese; European Portuguese ("Sondagem", "Caraíbas", "fecho").
    const shares: Record<string, string> = {};
    try {
      for (const lang of ['en', 'pt', 'es', 'fr'] as const) {
        await setLanguage(lang);
        const view = render(<PollResults poll={poll()} />);
        const groups = [...view.container.querySelectorAll('.poll-group')];
        shares[lang] = groups[0].querySelectorAll('.poll-bar-value')[1].textContent ?? '';
        if (lang === 'pt') expect(groups[2].getAttribute('aria-label')).toBe('América Latina e Caribe');
        view.unmount();
      }
    } finally {
      await setLanguage('en');
    }
    const intl = (locale: string) =>
      new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(2 / 3);
    expect(shares).toEqual({
      en: '2 (67%)',
      pt: '2 (67%)',
      es: `2 (${intl('es')})`,
      fr: `2 (${intl('fr')})`,
    });
    const pt = JSON.stringify(pollStrings.pt);
    for (const european of ['ondage', 'Caraíbas', 'fecho', 'O seu', 'guardado'])
      expect(pt).not.toContain(european);
    expect(pollStrings.pt.polls.title).toBe('Enquetes');
  });

  it('theSpanishQuorumLineIsPluralisedAndItsRulePercentIsIntl', async () => {
    // QA: "(se requieren 1)".
    await import('../../client/src/features/endorsements/endorsementStrings');
    const line = (lng: string, required: number) =>
      i18next.t('endorsements.regionProgress', {
        lng,
        region: 'UE',
        counted: 1,
        districts: 3,
        required,
        state: '…',
      });
    expect(line('es', 1)).toContain('(se requiere 1)');
    expect(line('es', 2)).toContain('(se requieren 2)');
    expect(line('pt', 1)).toContain('(exigido 1)');
    expect(line('pt', 2)).toContain('(exigidos 2)');
    for (const lng of ['en', 'es', 'pt', 'fr'])
      expect(i18next.getResource(lng, 'translation', 'endorsements.quorumRule')).not.toMatch(
        /\{percent\}\s*%/,
      );
  });

  it('everyStringExistsInTheFourLanguages', () => {
    const en = keys(pollStrings.en).sort();
    for (const lang of ['es', 'pt', 'fr'] as const) expect(keys(pollStrings[lang]).sort()).toEqual(en);
  });
});
