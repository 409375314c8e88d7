import { useTranslation } from 'react-i18next';
import { QRCodeSVG } from 'qrcode.react';
import { Localized } from '../../components/Localized';
import { command } from '../../realtime/socket';
import { useOnConnect } from '../../realtime/useSocketEvent';
import { PollResults, usePolls } from '../polls';
import { useWorkspace } from '../workspace';
import './projectorStrings';
import './projector.css';

/** The current question's latest poll with live results (subscribes to the question room on every connect). */
function CurrentPoll({ questionId }: { questionId: string }) {
  useOnConnect(() => {
    void command('question:subscribe', { questionId });
  }, [questionId]);
  const { polls } = usePolls(questionId);
  const poll = polls[polls.length - 1];
  if (!poll) return null;
  return (
    <section className="projector-poll" aria-live="polite">
      <h2>{poll.prompt}</h2>
      <PollResults poll={poll} />
    </section>
  );
}

/**
 * Projector view (issue 12.5), opened by a moderator in a second window: the live session's current question in
 * large type, its latest poll's results, and the join link with its QR code. It follows the moderator: the
 * workspace state (`session:updated`) names the current question, so an advance re-renders it here.
 */
export default function ProjectorPage() {
  const { t } = useTranslation();
  const ws = useWorkspace();
  const currentId = ws.live?.session?.currentQuestionId ?? null;
  const question = currentId
    ? ws.blocks.flatMap((b) => b.questions).find((q) => q.id === currentId)
    : undefined;
  const joinUrl = `${window.location.origin}/w/${ws.workspaceId}`;
  return (
    <main className="projector" aria-label={t('projector.title')}>
      <div className="projector-question" aria-live="polite">
        {question ? (
          <h1 data-testid="projector-question">
            <Localized text={question.text} />
          </h1>
        ) : (
          <p>{t('projector.noQuestion')}</p>
        )}
      </div>
      {question && <CurrentPoll key={question.id} questionId={question.id} />}
      <aside className="projector-join">
        <QRCodeSVG value={joinUrl} size={192} title={t('projector.qr')} marginSize={2} />
        <p>
          {t('projector.join')}: <span className="projector-url">{joinUrl}</span>
        </p>
      </aside>
    </main>
  );
}
