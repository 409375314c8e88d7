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
import { QuestionThread } from '../thread';
import { useNow } from '../../hooks/useNow';
import { BlockQuestionList, chooseQuestion, QuestionBanner } from './blockQuestions';
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
  // Windows open and close by the clock: re-evaluated every 15 s while one of this block's is not closed.
  const now = useNow(
    15_000,
    !!block?.questions.some((q) => q.asyncWindow && q.asyncWindow.state !== 'closed'),
  );

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
  const question = chooseQuestion(block, searchParams.get('q'), session?.currentQuestionId, now);

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
        <QuestionBanner block={block} question={question} now={now} workspaceId={ws.workspaceId} />
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
        <BlockQuestionList
          block={block}
          current={question}
          now={now}
          workspaceId={ws.workspaceId}
          canModerate={ws.canModerate}
        />
      </aside>
    </div>
  );
}
