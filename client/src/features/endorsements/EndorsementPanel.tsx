import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DEFAULT_QUORUM_RULE,
  ENDORSEMENT_ANSWERS,
  MAX_AMENDMENT_LENGTH,
  MAX_OBJECTION_LENGTH,
  QUORUM_BASES,
  REGION_GROUPS,
  type EndorsementAnswer,
  type EndorsementAnswerDto,
  type EndorsementChangeDto,
  type EndorsementParagraphDto,
  type EndorsementRoundDto,
  type QuorumBasis,
} from '@polos/shared';
import { formatNumber } from '../../i18n/format';
import { command } from '../../realtime/socket';
import { useOnConnect, useSocketEvent } from '../../realtime/useSocketEvent';
import './endorsementStrings';
import './endorsements.css';

type MyDistrict = { id: string; name: string; regionGroup: string } | null;

export interface EndorsementPanelProps {
  workspaceId: string;
  draftId: string;
  /** The draft's saved versions, newest first (a round opens on one). */
  versions: Array<{ id: string; name: string }>;
  canModerate: boolean;
}

/** Keeps the round with the highest `rev` (facts may arrive out of order). */
const newer = (known: EndorsementRoundDto | undefined, next: EndorsementRoundDto): boolean =>
  !known || next.rev >= known.rev;

/**
 * Endorsement rounds of one conclusions draft (issue 12.2), on the draft page: the moderator opens a round on a
 * saved version with a quorum rule and closes it; representatives answer each paragraph (radio group + textarea);
 * progress and quorum per region in text, per-paragraph results EU vs LAC as a table, amendments taken into the
 * draft; live through `endorsement:changed`, announced in a polite live region.
 */
export function EndorsementPanel({ workspaceId, draftId, versions, canModerate }: EndorsementPanelProps) {
  const { t } = useTranslation();
  const [rounds, setRounds] = useState<EndorsementRoundDto[]>([]);
  const [answers, setAnswers] = useState<EndorsementAnswerDto[]>([]);
  const [myDistrict, setMyDistrict] = useState<MyDistrict>(null);
  const [announcement, setAnnouncement] = useState('');
  const [error, setError] = useState<string | null>(null);
  const current = rounds[0];

  const loadAnswers = async (roundId: string) => {
    const ack = await command('endorsement:get', { roundId });
    if (ack.ok) setAnswers(ack.data.answers);
  };

  useOnConnect(() => {
    void (async () => {
      const ack = await command('endorsement:list', { workspaceId });
      if (!ack.ok) return setError(ack.error.message);
      const mine = ack.data.rounds.filter((r) => r.draftId === draftId);
      setRounds(mine);
      setMyDistrict(ack.data.myDistrict);
      if (mine[0]) await loadAnswers(mine[0].id);
    })();
  }, [workspaceId, draftId]);

  const upsertRound = (round: EndorsementRoundDto) =>
    setRounds((list) => {
      const known = list.find((r) => r.id === round.id);
      if (!newer(known, round)) return list;
      return [round, ...list.filter((r) => r.id !== round.id)].sort((a, b) =>
        b.openedAt.localeCompare(a.openedAt),
      );
    });
  const upsertAnswer = (a: EndorsementAnswerDto) =>
    setAnswers((list) => [
      ...list.filter((x) => !(x.paragraphId === a.paragraphId && x.districtId === a.districtId)),
      a,
    ]);

  useSocketEvent('endorsement:changed', (change: EndorsementChangeDto) => {
    if (change.round.draftId !== draftId) return;
    upsertRound(change.round);
    if (change.kind === 'opened') setAnswers([]);
    if (change.answer) upsertAnswer(change.answer);
    const number = change.round.paragraphs.find((p) => p.id === change.answer?.paragraphId)?.number ?? 0;
    const messages = {
      opened: t('endorsements.announceOpened'),
      answered: t('endorsements.announceAnswered', { district: change.answer?.districtName ?? '', number }),
      closed: t('endorsements.announceClosed'),
      amended: t('endorsements.announceAmended'),
      attached: t('endorsements.announceAttached'),
    };
    setAnnouncement(messages[change.kind]);
  });

  const run = async (work: () => Promise<{ ok: boolean; error?: { message: string } }>) => {
    setError(null);
    const ack = await work();
    if (!ack.ok) setError(ack.error?.message ?? '');
    return ack.ok;
  };

  return (
    <section className="endorsements" aria-labelledby="endorsements-title">
      <h2 id="endorsements-title">{t('endorsements.title')}</h2>
      <p className="muted">{t('endorsements.intro')}</p>
      <p className="visually-hidden" aria-live="polite" data-testid="endorsement-live">
        {announcement}
      </p>
      {error && <p role="alert">{t('endorsements.failed', { message: error })}</p>}
      {canModerate && current?.state !== 'open' && (
        <OpenRoundForm
          versions={versions}
          onOpen={(versionId, minShare, basis) =>
            run(async () => {
              const ack = await command('endorsement:open', {
                draftId,
                versionId,
                quorum: { minShare, basis },
              });
              if (ack.ok) {
                upsertRound(ack.data);
                setAnswers([]);
              }
              return ack;
            })
          }
        />
      )}
      {!current ? (
        <p className="muted">{t('endorsements.none')}</p>
      ) : (
        <RoundView
          round={current}
          answers={answers}
          myDistrict={myDistrict}
          canModerate={canModerate}
          onAnswer={(paragraphId, answer, text) =>
            run(async () => {
              const ack = await command('endorsement:answer', {
                roundId: current.id,
                paragraphId,
                answer,
                ...(answer === 'amend' ? { wording: text } : {}),
                ...(answer === 'object' ? { reason: text } : {}),
              });
              if (ack.ok) {
                upsertRound(ack.data.round);
                if (ack.data.answer) upsertAnswer(ack.data.answer);
              }
              return ack;
            })
          }
          onClose={() =>
            window.confirm(t('endorsements.closeConfirm')) &&
            void run(async () => {
              const ack = await command('endorsement:close', { roundId: current.id });
              if (ack.ok) upsertRound(ack.data);
              return ack;
            })
          }
          onTakeIn={(paragraphId, districtId) =>
            void run(async () => {
              const ack = await command('endorsement:apply-amendment', {
                roundId: current.id,
                paragraphId,
                districtId,
              });
              if (ack.ok) upsertRound(ack.data);
              return ack;
            })
          }
        />
      )}
    </section>
  );
}

function OpenRoundForm({
  versions,
  onOpen,
}: {
  versions: Array<{ id: string; name: string }>;
  onOpen: (versionId: string, minShare: number, basis: QuorumBasis) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [versionId, setVersionId] = useState('');
  const [percent, setPercent] = useState(String(DEFAULT_QUORUM_RULE.minShare * 100));
  const [basis, setBasis] = useState<QuorumBasis>(DEFAULT_QUORUM_RULE.basis);
  if (versions.length === 0) return <p className="muted">{t('endorsements.noVersion')}</p>;
  const chosen = versionId || versions[0].id;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onOpen(chosen, Math.min(100, Math.max(1, Number(percent) || 50)) / 100, basis);
  };
  return (
    <form className="endorsement-open" onSubmit={submit} aria-label={t('endorsements.open')}>
      <h3>{t('endorsements.open')}</h3>
      <label>
        {t('endorsements.version')}
        <select value={chosen} onChange={(e) => setVersionId(e.target.value)}>
          {versions.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('endorsements.minShare')}
        <input
          type="number"
          min={1}
          max={100}
          step={1}
          value={percent}
          onChange={(e) => setPercent(e.target.value)}
          required
        />
      </label>
      <fieldset>
        <legend>{t('endorsements.basis')}</legend>
        {QUORUM_BASES.map((b) => (
          <label key={b} className="endorsement-choice">
            <input
              type="radio"
              name="quorum-basis"
              value={b}
              checked={basis === b}
              onChange={() => setBasis(b)}
            />{' '}
            {t(`endorsements.bases.${b}`)}
          </label>
        ))}
      </fieldset>
      <button type="submit">{t('endorsements.openButton')}</button>
    </form>
  );
}

function RoundView({
  round,
  answers,
  myDistrict,
  canModerate,
  onAnswer,
  onClose,
  onTakeIn,
}: {
  round: EndorsementRoundDto;
  answers: EndorsementAnswerDto[];
  myDistrict: MyDistrict;
  canModerate: boolean;
  onAnswer: (paragraphId: string, answer: EndorsementAnswer, text: string) => Promise<boolean>;
  onClose: () => void;
  onTakeIn: (paragraphId: string, districtId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const { quorum } = round;
  return (
    <article className="endorsement-round" data-testid="endorsement-round" data-state={round.state}>
      <h3>
        {t('endorsements.round', { version: round.versionName })}{' '}
        <span className="badge">
          {round.state === 'open' ? t('endorsements.stateOpen') : t('endorsements.stateClosed')}
        </span>
      </h3>
      {round.state === 'closed' && (
        <p>
          {round.release
            ? t('endorsements.attached', { number: round.release.number })
            : t('endorsements.awaitingRelease')}
        </p>
      )}
      <section aria-label={t('endorsements.quorum')} className="endorsement-quorum">
        <h4>{t('endorsements.quorum')}</h4>
        <p className="muted">
          {t('endorsements.quorumRule', {
            // Intl in the UI language: "50%" in en/pt, "50 %" in es/fr.
            percent: formatNumber(quorum.rule.minShare, i18n.language, {
              style: 'percent',
              maximumFractionDigits: 0,
            }),
            basis: t(`endorsements.bases.${quorum.rule.basis}`),
          })}
        </p>
        <ul>
          {REGION_GROUPS.filter((g) => g !== 'other' || quorum.byRegion.other.districts > 0).map((g) => {
            const q = quorum.byRegion[g];
            return (
              <li key={g} data-testid={`quorum-${g}`} data-reached={q.reached}>
                <span aria-hidden="true">{q.reached ? '✔ ' : '○ '}</span>
                {t('endorsements.regionProgress', {
                  region: t(`endorsements.regions.${g}`),
                  counted: q.counted,
                  districts: q.districts,
                  required: q.required,
                  state: q.reached ? t('endorsements.reached') : t('endorsements.notReached'),
                })}
                <progress max={Math.max(1, q.districts)} value={q.counted} aria-hidden="true" />
              </li>
            );
          })}
        </ul>
        <p>
          <strong>
            {quorum.reached ? t('endorsements.overallReached') : t('endorsements.overallNotReached')}
          </strong>
        </p>
      </section>
      {round.amendments.length > 0 && (
        <p>{t('endorsements.amendmentsTaken', { count: round.amendments.length })}</p>
      )}
      {round.state === 'open' && !myDistrict && (
        <p className="muted">{t('endorsements.notRepresentative')}</p>
      )}
      {round.state === 'open' && myDistrict && <p className="muted">{t('endorsements.voiceNote')}</p>}
      <ol className="endorsement-paragraphs">
        {round.paragraphs.map((p) => (
          <ParagraphItem
            key={p.id}
            round={round}
            paragraph={p}
            answers={answers.filter((a) => a.paragraphId === p.id)}
            myDistrict={myDistrict}
            canModerate={canModerate}
            onAnswer={onAnswer}
            onTakeIn={onTakeIn}
          />
        ))}
      </ol>
      {canModerate && round.state === 'open' && (
        <button type="button" onClick={onClose}>
          {t('endorsements.close')}
        </button>
      )}
    </article>
  );
}

function ParagraphItem({
  round,
  paragraph,
  answers,
  myDistrict,
  canModerate,
  onAnswer,
  onTakeIn,
}: {
  round: EndorsementRoundDto;
  paragraph: EndorsementParagraphDto;
  answers: EndorsementAnswerDto[];
  myDistrict: MyDistrict;
  canModerate: boolean;
  onAnswer: (paragraphId: string, answer: EndorsementAnswer, text: string) => Promise<boolean>;
  onTakeIn: (paragraphId: string, districtId: string) => void;
}) {
  const { t } = useTranslation();
  const result = round.results.find((r) => r.paragraphId === paragraph.id);
  const mine = myDistrict ? answers.find((a) => a.districtId === myDistrict.id) : undefined;
  const proposals = answers.filter((a) => a.answer !== 'agree');
  const headingId = `endorsement-p-${paragraph.id}`;
  return (
    <li className="endorsement-paragraph" data-testid="endorsement-paragraph" aria-labelledby={headingId}>
      <h4 id={headingId}>{t('endorsements.paragraph', { number: paragraph.number })}</h4>
      <blockquote>{paragraph.text}</blockquote>
      {result && (
        <div className="endorsement-table-wrap">
          <table>
            <caption>{t('endorsements.resultsTable', { number: paragraph.number })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('endorsements.answer')}</th>
                {(['EU', 'LAC'] as const).map((g) => (
                  <th key={g} scope="col">
                    {t(`endorsements.regions.${g}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {ENDORSEMENT_ANSWERS.map((a) => (
                <tr key={a}>
                  <th scope="row">{t(`endorsements.answers.${a}`)}</th>
                  <td data-testid={`tally-EU-${a}`}>{result.byRegion.EU[a]}</td>
                  <td data-testid={`tally-LAC-${a}`}>{result.byRegion.LAC[a]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {round.state === 'open' && myDistrict && (
        <AnswerForm
          key={mine ? `${mine.answer}-${mine.at}` : 'none'}
          legend={t('endorsements.yourAnswer', { district: myDistrict.name, number: paragraph.number })}
          paragraphId={paragraph.id}
          stored={mine}
          onAnswer={onAnswer}
        />
      )}
      {proposals.length > 0 && (
        <details open={canModerate}>
          <summary>{t('endorsements.proposals')}</summary>
          <ul className="endorsement-proposals">
            {proposals.map((a) => {
              const taken = round.amendments.find(
                (m) => m.paragraphId === paragraph.id && m.districtId === a.districtId,
              );
              return (
                <li key={a.districtId}>
                  <strong>{t(`endorsements.answers.${a.answer}`)}</strong> —{' '}
                  {t('endorsements.proposedBy', {
                    district: a.districtName,
                    region: t(`endorsements.regions.${a.regionGroup}`),
                    name: a.by.name,
                  })}
                  <p className="endorsement-text">{a.wording ?? a.reason}</p>
                  {taken ? (
                    <p className="muted">{t('endorsements.takenIn', { name: taken.appliedBy.name })}</p>
                  ) : (
                    canModerate &&
                    a.answer === 'amend' && (
                      <button type="button" onClick={() => onTakeIn(paragraph.id, a.districtId)}>
                        {t('endorsements.takeIn')}
                      </button>
                    )
                  )}
                </li>
              );
            })}
          </ul>
        </details>
      )}
    </li>
  );
}

function AnswerForm({
  legend,
  paragraphId,
  stored,
  onAnswer,
}: {
  legend: string;
  paragraphId: string;
  stored: EndorsementAnswerDto | undefined;
  onAnswer: (paragraphId: string, answer: EndorsementAnswer, text: string) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [answer, setAnswer] = useState<EndorsementAnswer>(stored?.answer ?? 'agree');
  const [text, setText] = useState(stored?.wording ?? stored?.reason ?? '');
  const needsText = answer !== 'agree';
  const textId = `endorsement-text-${paragraphId}`;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (needsText && !text.trim()) return;
    void onAnswer(paragraphId, answer, text.trim());
  };
  return (
    <form className="endorsement-answer" onSubmit={submit}>
      <fieldset>
        <legend>{legend}</legend>
        <div className="endorsement-choices">
          {ENDORSEMENT_ANSWERS.map((a) => (
            <label key={a} className="endorsement-choice">
              <input
                type="radio"
                name={`answer-${paragraphId}`}
                value={a}
                checked={answer === a}
                onChange={() => setAnswer(a)}
              />{' '}
              {t(`endorsements.answers.${a}`)}
            </label>
          ))}
        </div>
        {needsText && (
          <label htmlFor={textId} className="endorsement-textarea">
            {answer === 'amend' ? t('endorsements.wording') : t('endorsements.reason')}
            <textarea
              id={textId}
              value={text}
              onChange={(e) => setText(e.target.value)}
              required
              rows={3}
              maxLength={answer === 'amend' ? MAX_AMENDMENT_LENGTH : MAX_OBJECTION_LENGTH}
            />
          </label>
        )}
        <button type="submit">{t('endorsements.send')}</button>
        {stored && (
          <p className="muted" data-testid="endorsement-stored">
            {t('endorsements.stored', {
              answer: t(`endorsements.answers.${stored.answer}`),
              name: stored.by.name,
            })}
          </p>
        )}
      </fieldset>
    </form>
  );
}
