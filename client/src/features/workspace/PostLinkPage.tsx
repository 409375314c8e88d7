import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useParams } from 'react-router';
import { useWorkspace } from './useWorkspace';

/**
 * `/w/:workspaceId/q/:questionId#post-<id>` — the stable link to a post (quote sources in drafts and exports):
 * the live block page while the question is open, its archive page once closed, keeping the post anchor.
 */
export default function PostLinkPage() {
  const { t } = useTranslation();
  const { questionId = '' } = useParams();
  const { hash } = useLocation();
  const ws = useWorkspace();
  const found = ws.findQuestion(questionId);
  if (!found) return <p role="alert">{t('notFound.title')}</p>;
  const pathname =
    found.question.state === 'open'
      ? `/w/${ws.workspaceId}/b/${found.block.id}`
      : `/w/${ws.workspaceId}/archive/${found.question.id}`;
  return <Navigate replace to={{ pathname, hash }} />;
}
