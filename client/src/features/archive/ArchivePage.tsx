import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../i18n/format';
import { useWorkspace } from '../workspace';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';
import { Localized } from '../../components/Localized';
import { PublicationPanel } from '../publication';
import { useWorkspaceTitle, WorkspaceText } from '../../components/WorkspaceText';

/** Closed questions by block, each linking to its read-only thread. */
export default function ArchivePage() {
  const { t, i18n } = useTranslation();
  const ws = useWorkspace();
  useDocumentTitle(t('workspace.archive'), useWorkspaceTitle(ws.workspace));
  const lang = i18n.language;
  const blocks = ws.blocks
    .map((block) => ({ block, closed: block.questions.filter((q) => q.state === 'closed') }))
    .filter((entry) => entry.closed.length > 0);
  return (
    <section aria-labelledby="archive-title">
      <nav className="crumbs" aria-label={t('workspace.home')}>
        <Link to={`/w/${ws.workspaceId}`}>
          {ws.workspace && <WorkspaceText workspace={ws.workspace} field="title" />}
        </Link>
      </nav>
      <h1 id="archive-title">{t('archive.title')}</h1>
      <p>{t('archive.intro')}</p>
      {/* Moderators: the year's bundle; admins: the public year page (issue 12.4). Renders nothing for others. */}
      <PublicationPanel />
      {blocks.length === 0 && <p className="muted">{t('archive.empty')}</p>}
      {blocks.map(({ block, closed }) => (
        <section key={block.id} className="card" aria-labelledby={`archive-block-${block.id}`}>
          <h2 id={`archive-block-${block.id}`}>
            <Localized text={block.title} />
          </h2>
          <ol className="question-list">
            {closed.map((q) => (
              <li key={q.id}>
                <Link to={`/w/${ws.workspaceId}/archive/${q.id}`}>
                  <Localized text={q.text} />
                </Link>{' '}
                {q.closedAt && (
                  <span className="muted">
                    {t('archive.closedAt', { date: formatDateTime(q.closedAt, lang) })}
                  </span>
                )}
              </li>
            ))}
          </ol>
        </section>
      ))}
    </section>
  );
}
