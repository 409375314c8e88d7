import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { can, isolateBidi } from '@polos/shared';
import { InvitePanel } from './InvitePanel';
import { useWorkspace } from './useWorkspace';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';
import { Localized } from '../../components/Localized';
import { WorkspaceText } from '../../components/WorkspaceText';
import { useWorkspaceTitle } from '../../components/WorkspaceText';

/** Workspaces whose live block this page load has already taken the user to. */
const autoLanded = new Set<string>();

/** Workspace home: the live session card and the blocks with their state. */
export default function WorkspaceHome() {
  const { t } = useTranslation();
  const ws = useWorkspace();
  useDocumentTitle(t('workspace.home'), useWorkspaceTitle(ws.workspace));
  const session = ws.live?.session ?? null;
  const current = session?.currentQuestionId ? ws.findQuestion(session.currentQuestionId) : null;
  const liveBlockId = session?.currentBlockId ?? null;
  const navigate = useNavigate();

  // Follow the moderator: a late joiner lands on the live block once per page load; afterwards the
  // home stays reachable and only a move of the live session to another block navigates. Admins are never
  // taken away: they come to the home to manage the workspace (members, invites) during a session too.
  const previousBlock = useRef(liveBlockId);
  const administers = can(ws.workspace?.role, 'administer');
  useEffect(() => {
    const firstVisit = !autoLanded.has(ws.workspaceId);
    autoLanded.add(ws.workspaceId);
    if (!administers && liveBlockId && (firstVisit || liveBlockId !== previousBlock.current)) {
      void navigate(`/w/${ws.workspaceId}/b/${liveBlockId}`);
    }
    previousBlock.current = liveBlockId;
  }, [administers, liveBlockId, navigate, ws.workspaceId]);

  return (
    <div className="workspace-home">
      <header className="page-header">
        <h1 dir="auto">{ws.workspace && <WorkspaceText workspace={ws.workspace} field="title" />}</h1>
        {ws.workspace?.description && (
          <p>
            <WorkspaceText workspace={ws.workspace} field="description" />
          </p>
        )}
        {ws.workspace && (
          <p className="muted">{t('workspace.yourRole', { role: t(`roles.${ws.workspace.role}`) })}</p>
        )}
      </header>
      <section className="card live-card" aria-labelledby="live-title">
        <h2 id="live-title">{session ? t('workspace.liveNow') : t('workspace.liveTitle')}</h2>
        {session ? (
          <>
            <p>{t('workspace.liveSession', { title: isolateBidi(session.title) })}</p>
            {current && (
              <p className="question-text">
                <span className="eyebrow">
                  <Localized text={current.block.title} />
                </span>{' '}
                <Localized text={current.question.text} />
              </p>
            )}
            {liveBlockId && (
              <Link className="button primary" to={`/w/${ws.workspaceId}/b/${liveBlockId}`}>
                {t('workspace.goToLive')}
              </Link>
            )}
          </>
        ) : (
          <p>{t('workspace.noSession')}</p>
        )}
      </section>
      <section aria-labelledby="blocks-title">
        <h2 id="blocks-title">{t('workspace.blocks')}</h2>
        <ol className="block-list">
          {ws.blocks.map((block) => (
            <li key={block.id} className="card block-card">
              <h3>
                <Link to={`/w/${ws.workspaceId}/b/${block.id}`}>
                  <Localized text={block.title} />
                </Link>{' '}
                <span className={`badge state-${block.state}`}>{t(`blockState.${block.state}`)}</span>
              </h3>
              <p>
                <Localized text={block.description} />
              </p>
              <p className="muted">{t('workspace.questionsCount', { count: block.questions.length })}</p>
            </li>
          ))}
        </ol>
      </section>
      <p>
        <Link to={`/w/${ws.workspaceId}/archive`}>{t('archive.title')}</Link>
      </p>
      {can(ws.workspace?.role, 'administer') && <InvitePanel workspaceId={ws.workspaceId} />}
    </div>
  );
}
