import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isWindowOpenAt, type BlockDto, type QuestionDto } from '@polos/shared';
import { Localized } from '../../components/Localized';
import { AsyncWindowBadge, AsyncWindowEditor } from '../thread';

/** Whether `question` accepts contributions at `now` through its asynchronous window (start ≤ now < end). */
export function windowOpenNow(question: QuestionDto, now: number): boolean {
  const w = question.asyncWindow ?? null;
  return !!w && w.state !== 'closed' && isWindowOpenAt(w, now);
}

/**
 * The question a block page shows at its top, first match wins: the one picked with `?q=<id>`, the live
 * session's current question, a question in state `open`, else the first question open for contributions
 * through its asynchronous window (QA M3: a window open on a Block 1 question sat 8,000 px down at 390 px,
 * below the profile form, while the top said "no question is open"). Null when nothing of that.
 */
export function chooseQuestion(
  block: BlockDto,
  pickedId: string | null,
  currentQuestionId: string | null | undefined,
  now: number,
): QuestionDto | null {
  return (
    block.questions.find((q) => q.id === pickedId) ??
    block.questions.find((q) => q.id === currentQuestionId) ??
    block.questions.find((q) => q.state === 'open') ??
    block.questions.find((q) => windowOpenNow(q, now)) ??
    null
  );
}

/**
 * The top of a block page: the question shown (its number and either its state or, when it takes
 * contributions only through its window, the window's badge and countdown — never "Pending" next to "Open for
 * contributions"), then every other question of the block open for contributions, each a link to it with its
 * countdown. Without any: the profiles note (Block 1), the closed-block note, or "waiting".
 */
export function QuestionBanner({
  block,
  question,
  now,
  workspaceId,
}: {
  block: BlockDto;
  question: QuestionDto | null;
  now: number;
  workspaceId: string;
}) {
  const { t } = useTranslation();
  const othersOpen = block.questions.filter((q) => q.id !== question?.id && windowOpenNow(q, now));
  const byWindow = !!question && question.state !== 'open' && windowOpenNow(question, now);
  return (
    <section className="question-banner card" aria-labelledby="current-question-label" aria-live="polite">
      {question ? (
        <>
          <p id="current-question-label" className="eyebrow">
            {byWindow ? t('block.windowQuestion') : t('block.currentQuestion')} ·{' '}
            {t('block.questionN', { n: question.order })}
            {!byWindow && <> · {t(`questionState.${question.state}`)}</>}
          </p>
          <p className="question-text" data-testid="current-question" data-question-id={question.id}>
            <Localized text={question.text} />
          </p>
          {byWindow && <AsyncWindowBadge question={question} />}
          {question.state === 'closed' && !byWindow && <p className="notice">{t('block.closedNotice')}</p>}
          {question.locked && <p className="notice">{t('block.lockedNotice')}</p>}
        </>
      ) : (
        <p id="current-question-label" data-testid="current-question" data-question-id="">
          {block.kind === 'profiles' ? (
            t('block.profilesNote')
          ) : block.state === 'closed' ? (
            <>
              {t('block.blockClosed')} <Link to={`/w/${workspaceId}/archive`}>{t('archive.title')}</Link>
            </>
          ) : (
            t('block.waiting')
          )}
        </p>
      )}
      {othersOpen.length > 0 && (
        <div className="also-open" data-testid="also-open">
          <p className="small-title">{t('block.alsoOpen', { count: othersOpen.length })}</p>
          <ul>
            {othersOpen.map((q) => (
              <li key={q.id}>
                <Link to={`?q=${q.id}`}>
                  {t('block.questionN', { n: q.order })}: <Localized text={q.text} />
                </Link>
                <AsyncWindowBadge question={q} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/**
 * "Questions of this block": each with one status — the window's badge while its window is open (a pending or
 * closed question taking contributions), else its state — a link to the archive (closed), to `?q=<id>` (with a
 * window), and for moderators the window editor.
 */
export function BlockQuestionList({
  block,
  current,
  now,
  workspaceId,
  canModerate,
}: {
  block: BlockDto;
  current: QuestionDto | null;
  now: number;
  workspaceId: string;
  canModerate: boolean;
}) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="block-questions-title">
      <h2 id="block-questions-title" className="small-title">
        {t('block.questions')}
      </h2>
      <ol className="question-list">
        {block.questions.map((q) => {
          const byWindow = q.state !== 'open' && windowOpenNow(q, now);
          return (
            <li key={q.id} aria-current={q.id === current?.id ? 'true' : undefined}>
              {!byWindow && (
                <>
                  <span className={`badge state-${q.state}`}>{t(`questionState.${q.state}`)}</span>{' '}
                </>
              )}
              {q.state === 'closed' && !byWindow ? (
                <Link to={`/w/${workspaceId}/archive/${q.id}`}>
                  <Localized text={q.text} />
                </Link>
              ) : q.asyncWindow && q.id !== current?.id ? (
                <Link to={`?q=${q.id}`}>
                  <Localized text={q.text} />
                </Link>
              ) : (
                <Localized text={q.text} />
              )}
              {q.asyncWindow && <AsyncWindowBadge question={q} />}
              {canModerate && (
                <details className="async-window-details">
                  <summary>{t('asyncWindow.title')}</summary>
                  <AsyncWindowEditor question={q} />
                </details>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
