import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { BalanceWarningBanner } from '../balance';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { NotFoundPage } from '../../components/NotFoundPage';
import { localized } from '../../i18n/format';
import { command } from '../../realtime/socket';
import { useOnConnect } from '../../realtime/useSocketEvent';
import { ModeratorConsole } from '../moderation';
import { loadProfilesBlockPanel } from '../profiles';
import { AsyncWindowBadge, AsyncWindowEditor, QuestionThread } from '../thread';
import { PresenceList } from './PresenceList';
import { useWorkspace } from './useWorkspace';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';
import { Localized } from '../../components/Localized';
import { useWorkspaceTitle, WorkspaceText } from '../../components/WorkspaceText';

// Block 1 (profiles): the profile form, directory link and live progress, in their own lazy chunk.
const ProfilesBlockPanel = lazy(loadProfilesBlockPanel);

/** A block: current-question banner, presence, the live thread, and the moderator console. */
export default function BlockPage() {
  const { t, i18n } = useTranslation();
  const { blockId = '' } = useParams();
  const navigate = useNavigate();
  const ws = useWorkspace();
  const block = ws.blocks.find((b) => b.id === blockId);
  useDocumentTitle(block ? localized(block.title, i18n.language) : null, useWorkspaceTitle(ws.workspace));
  const session = ws.live?.session ?? null;
  const [follow, setFollow] = useState(true);
  const [searchParams] = useSearchParams();

  // Presence: be in this block (again after every reconnect).
  const { setPresence } = ws;
  useOnConnect(() => {
    void command('block:join', { blockId }).then((ack) => ack.ok && setPresence(ack.data));
  }, [blockId]);
  useEffect(
    () => () => {
      void command('block:leave', { blockId }, 2000);
    },
    [blockId],
  );

  // Follow the moderator to another block when the live session moves (not on first render).
  const previousBlock = useRef(session?.currentBlockId);
  useEffect(() => {
    const current = session?.currentBlockId;
    if (current && current !== previousBlock.current && follow && current !== blockId) {
      void navigate(`/w/${ws.workspaceId}/b/${current}`);
    }
    previousBlock.current = current;
  }, [session?.currentBlockId, follow, blockId, navigate, ws.workspaceId]);

  if (!block) return <NotFoundPage home={`/w/${ws.workspaceId}`} />;

  // `?q=<id>`: a question of this block picked from the list (e.g. one open in its asynchronous window).
  const picked = block.questions.find((q) => q.id === searchParams.get('q'));
  const question =
    picked ??
    block.questions.find((q) => q.id === session?.currentQuestionId) ??
    block.questions.find((q) => q.state === 'open') ??
    null;

  return (
    <div className="block-page">
      <div className="block-main">
        <nav className="crumbs" aria-label={t('workspace.home')}>
          <Link to={`/w/${ws.workspaceId}`}>
            {ws.workspace && <WorkspaceText workspace={ws.workspace} field="title" />}
          </Link>
        </nav>
        <h1 className="block-title">
          <Localized text={block.title} />{' '}
          <span className={`badge state-${block.state}`}>{t(`blockState.${block.state}`)}</span>
        </h1>
        <section className="question-banner card" aria-labelledby="current-question-label" aria-live="polite">
          {question ? (
            <>
              <p id="current-question-label" className="eyebrow">
                {t('block.currentQuestion')} · {t('block.questionN', { n: question.order })} ·{' '}
                {t(`questionState.${question.state}`)}
              </p>
              <p className="question-text" data-testid="current-question" data-question-id={question.id}>
                <Localized text={question.text} />
              </p>
              {question.state === 'closed' && <p className="notice">{t('block.closedNotice')}</p>}
              {question.locked && <p className="notice">{t('block.lockedNotice')}</p>}
            </>
          ) : (
            <p id="current-question-label" data-testid="current-question" data-question-id="">
              {block.kind === 'profiles' ? (
                t('block.profilesNote')
              ) : block.state === 'closed' ? (
                <>
                  {t('block.blockClosed')}{' '}
                  <Link to={`/w/${ws.workspaceId}/archive`}>{t('archive.title')}</Link>
                </>
              ) : (
                t('block.waiting')
              )}
            </p>
          )}
        </section>
        {question && ws.canModerate && (
          <BalanceWarningBanner key={`b-${question.id}`} questionId={question.id} />
        )}
        {question && <QuestionThread key={question.id} question={question} live />}
        {block.kind === 'profiles' && (
          <Suspense fallback={<p aria-busy="true">{t('app.loading')}</p>}>
            <ProfilesBlockPanel />
          </Suspense>
        )}
      </div>
      <aside className="block-side">
        {ws.canModerate && (
          <ModeratorConsole
            workspaceId={ws.workspaceId}
            block={block}
            question={question}
            session={session}
          />
        )}
        <label className="checkbox">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
          {t('block.followLive')}
        </label>
        <PresenceList presence={ws.presence[block.id]} />
        <section className="card" aria-labelledby="block-questions-title">
          <h2 id="block-questions-title" className="small-title">
            {t('block.questions')}
          </h2>
          <ol className="question-list">
            {block.questions.map((q) => (
              <li key={q.id} aria-current={q.id === question?.id ? 'true' : undefined}>
                <span className={`badge state-${q.state}`}>{t(`questionState.${q.state}`)}</span>{' '}
                {q.state === 'closed' ? (
                  <Link to={`/w/${ws.workspaceId}/archive/${q.id}`}>
                    <Localized text={q.text} />
                  </Link>
                ) : q.asyncWindow && q.id !== question?.id ? (
                  <Link to={`?q=${q.id}`}>
                    <Localized text={q.text} />
                  </Link>
                ) : (
                  <Localized text={q.text} />
                )}
                {q.asyncWindow && <AsyncWindowBadge question={q} />}
                {ws.canModerate && (
                  <details className="async-window-details">
                    <summary>{t('asyncWindow.title')}</summary>
                    <AsyncWindowEditor question={q} />
                  </details>
                )}
              </li>
            ))}
          </ol>
        </section>
      </aside>
    </div>
  );
}
