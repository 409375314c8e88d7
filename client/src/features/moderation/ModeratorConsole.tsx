import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ack, BlockDto, LiveSessionDto, QuestionDto } from '@polos/shared';
import { formatElapsed } from '../../i18n/format';
import { useNow } from '../../hooks/useNow';
import { command } from '../../realtime/socket';

/**
 * The moderator's controls for the block in view: session, block, next/close/reopen question, lock,
 * spotlight, and the time since the question opened. Every control is a real button; the main ones
 * also have Alt+Shift shortcuts (announced with aria-keyshortcuts). Closing an open question, locking it and
 * closing a live block never depend on a running session, so nothing can be left open without a control to close
 * it. A disclosure (`<details>`, open by default) lets a moderator on a phone fold it away: at narrow widths it is
 * the first thing on the block page.
 */
export function ModeratorConsole({
  workspaceId,
  block,
  question,
  session,
}: {
  workspaceId: string;
  block: BlockDto;
  question: QuestionDto | null;
  session: LiveSessionDto | null;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [title, setTitle] = useState('');
  const [skipTo, setSkipTo] = useState('');
  const now = useNow(1000, question?.state === 'open');

  const run = async (label: string, action: () => Promise<Ack<unknown>>) => {
    setBusy(true);
    const ack = await action();
    setBusy(false);
    setStatus(
      ack.ok
        ? t('moderator.done', { action: label })
        : t('moderator.failed', {
            message: t(`errors.${ack.error.code}`, { defaultValue: ack.error.message }),
          }),
    );
  };

  const pending = block.questions.filter((q) => q.state === 'pending');
  const hasNext = pending.length > 0;
  // Later pending questions can be opened only by explicitly skipping the ones before them.
  const skippable = pending.slice(1);
  const blockLive = block.state === 'live' && session?.currentBlockId === block.id;
  const spotlight = session?.spotlight ?? null;
  // Open questions of this block other than the one in view (e.g. reopened earlier): each gets its own close.
  const otherOpen = block.questions.filter((q) => q.state === 'open' && q.id !== question?.id);

  const actions = {
    next: () =>
      hasNext &&
      blockLive &&
      run(t('moderator.nextQuestion'), () => command('question:open-next', { blockId: block.id })),
    close: () =>
      question?.state === 'open' &&
      run(t('moderator.closeQuestion'), () => command('question:close', { questionId: question.id })),
    lock: () =>
      question &&
      run(question.locked ? t('moderator.unlock') : t('moderator.lock'), () =>
        command(question.locked ? 'thread:unlock' : 'thread:lock', { questionId: question.id }),
      ),
  };
  const actionsRef = useRef(actions);
  useEffect(() => {
    actionsRef.current = actions;
  });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return;
      const map: Record<string, keyof typeof actions> = { KeyN: 'next', KeyC: 'close', KeyL: 'lock' };
      const name = map[event.code];
      if (!name) return;
      event.preventDefault();
      void actionsRef.current[name]();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <details className="moderator card" open data-testid="moderator-console">
      <summary>
        <h2 id="moderator-title" className="small-title">
          {t('moderator.title')}
        </h2>
      </summary>
      <div className="moderator-controls" role="group" aria-labelledby="moderator-title">
        {!session ? (
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              void run(t('moderator.startSession'), () =>
                command(
                  'session:start',
                  title.trim() ? { workspaceId, title: title.trim() } : { workspaceId },
                ),
              );
            }}
          >
            <label className="field inline">
              <span>{t('moderator.sessionTitle')}</span>
              <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />
            </label>
            <button type="submit" className="primary" disabled={busy}>
              {t('moderator.startSession')}
            </button>
          </form>
        ) : (
          <>
            {!blockLive && (
              <button
                type="button"
                className="primary"
                disabled={busy}
                onClick={() =>
                  void run(t('moderator.openBlock'), () => command('block:open', { blockId: block.id }))
                }
              >
                {t('moderator.openBlock')}
              </button>
            )}
            {blockLive && (
              <button
                type="button"
                className="primary"
                disabled={busy || !hasNext}
                aria-keyshortcuts="Alt+Shift+N"
                title={hasNext ? undefined : t('moderator.noNext')}
                onClick={() => void actions.next()}
              >
                {t('moderator.nextQuestion')}
              </button>
            )}
          </>
        )}
        {question?.state === 'open' && (
          <button
            type="button"
            disabled={busy}
            aria-keyshortcuts="Alt+Shift+C"
            onClick={() => void actions.close()}
          >
            {t('moderator.closeQuestion')}
          </button>
        )}
        {question?.state === 'closed' && (
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void run(t('moderator.reopenQuestion'), () =>
                command('question:reopen', { questionId: question.id }),
              )
            }
          >
            {t('moderator.reopenQuestion')}
          </button>
        )}
        {question && (
          <button
            type="button"
            disabled={busy}
            aria-keyshortcuts="Alt+Shift+L"
            onClick={() => void actions.lock()}
          >
            {question.locked ? t('moderator.unlock') : t('moderator.lock')}
          </button>
        )}
        {spotlight && question && spotlight.questionId === question.id && (
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void run(t('moderator.clearSpotlight'), () =>
                command('post:spotlight', { questionId: question.id, postId: null }),
              )
            }
          >
            {t('moderator.clearSpotlight')}
          </button>
        )}
        {block.state === 'live' && (
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void run(t('moderator.closeBlock'), () => command('block:close', { blockId: block.id }))
            }
          >
            {t('moderator.closeBlock')}
          </button>
        )}
        {session && (
          <button
            type="button"
            disabled={busy}
            onClick={() => void run(t('moderator.endSession'), () => command('session:end', { workspaceId }))}
          >
            {t('moderator.endSession')}
          </button>
        )}
      </div>
      {otherOpen.length > 0 && (
        <div className="moderator-open-questions">
          <p className="small muted" id="moderator-open-title">
            {t('moderator.openQuestions')}
          </p>
          <div className="moderator-controls" role="group" aria-labelledby="moderator-open-title">
            {otherOpen.map((q) => (
              <button
                key={q.id}
                type="button"
                disabled={busy}
                onClick={() =>
                  void run(t('moderator.closeQuestionN', { n: q.order }), () =>
                    command('question:close', { questionId: q.id }),
                  )
                }
              >
                {t('moderator.closeQuestionN', { n: q.order })}
              </button>
            ))}
          </div>
        </div>
      )}
      {session && blockLive && skippable.length > 0 && (
        <form
          className="inline-form skip-form"
          onSubmit={(e) => {
            e.preventDefault();
            const target = skippable.find((q) => q.id === skipTo);
            if (!target) return;
            void run(t('moderator.skipButton'), () =>
              command('question:open-next', { blockId: block.id, skip: true, questionId: target.id }),
            );
          }}
        >
          <label className="field inline">
            <span>{t('moderator.skipTo')}</span>
            <select value={skipTo} onChange={(e) => setSkipTo(e.target.value)}>
              <option value="">—</option>
              {skippable.map((q) => (
                <option key={q.id} value={q.id}>
                  {t('block.questionN', { n: q.order })}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={busy || !skipTo}>
            {t('moderator.skipButton')}
          </button>
        </form>
      )}
      {question?.state === 'open' && question.openedAt && (
        <p className="elapsed" aria-live="off">
          {t('moderator.openFor', { time: formatElapsed(now - Date.parse(question.openedAt)) })}
        </p>
      )}
      <p className="muted small">{t('moderator.shortcuts')}</p>
      <p role="status" className="muted small">
        {status}
      </p>
    </details>
  );
}
