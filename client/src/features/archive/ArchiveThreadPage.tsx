import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { localized } from '../../i18n/format';
import { QuestionThread } from '../thread';
import { useWorkspace } from '../workspace';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';
import { Localized } from '../../components/Localized';
import { useWorkspaceTitle } from '../../components/WorkspaceText';

/** A closed question's thread, read-only. */
export default function ArchiveThreadPage() {
  const { t, i18n } = useTranslation();
  const { questionId = '' } = useParams();
  const ws = useWorkspace();
  const found = ws.findQuestion(questionId);
  useDocumentTitle(
    found ? localized(found.question.text, i18n.language) : null,
    t('workspace.archive'),
    useWorkspaceTitle(ws.workspace),
  );
  if (!found) return <p>{t('notFound.title')}</p>;
  const { block, question } = found;
  return (
    <section aria-labelledby="archive-question">
      <nav className="crumbs" aria-label={t('workspace.archive')}>
        <Link to={`/w/${ws.workspaceId}/archive`}>{t('archive.back')}</Link>
      </nav>
      <p className="eyebrow">
        <Localized text={block.title} /> · {t('block.questionN', { n: question.order })} ·{' '}
        {t(`questionState.${question.state}`)}
      </p>
      <h1 id="archive-question" className="question-text">
        <Localized text={question.text} />
      </h1>
      <QuestionThread key={question.id} question={question} live={false} />
    </section>
  );
}
