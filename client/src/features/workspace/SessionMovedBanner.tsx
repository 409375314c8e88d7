import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { localized } from '../../i18n/format';
import { useWorkspace } from './useWorkspace';

/**
 * The cue for someone who does not follow the moderator (the "Follow" box unticked, or reading the archive or the
 * drafts): when the live session moves to another question, a banner says where, with a link there. It is not shown
 * on the page of that question's block (the block view shows the current question itself) and goes away there.
 */
export function SessionMovedBanner() {
  const { t, i18n } = useTranslation();
  const ws = useWorkspace();
  const { pathname } = useLocation();
  const currentId = ws.live?.session?.currentQuestionId ?? null;
  const previous = useRef<string | null | undefined>(undefined);
  const [movedTo, setMovedTo] = useState<string | null>(null);

  useEffect(() => {
    // Only a change is a move: what runs when the page opens is shown by the workspace home and block view.
    if (previous.current !== undefined && currentId && currentId !== previous.current) setMovedTo(currentId);
    if (!currentId) setMovedTo(null);
    if (ws.status === 'ready') previous.current = currentId;
  }, [currentId, ws.status]);

  const found = movedTo ? ws.findQuestion(movedTo) : null;
  if (!found || movedTo !== currentId) return null;
  const blockPath = `/w/${ws.workspaceId}/b/${found.block.id}`;
  if (pathname === blockPath) return null;
  return (
    <div className="session-moved card" role="status" data-testid="session-moved">
      <p>
        {t('block.sessionMoved', {
          block: localized(found.block.title, i18n.language),
          n: found.question.order,
        })}{' '}
        <Link className="button primary" to={blockPath}>
          {t('block.sessionMovedGo')}
        </Link>{' '}
        <button type="button" className="link" onClick={() => setMovedTo(null)}>
          {t('block.sessionMovedDismiss')}
        </button>
      </p>
    </div>
  );
}
