import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { REGION_GROUPS, type PublicConclusionDto, type PublicWorkspaceDto } from '@polos/shared';
import { api } from '../../api/http';
import { Localized } from '../../components/Localized';
import { useDocumentTitle } from '../../hooks/useDocumentTitle';
import { formatDate, formatNumber, localized } from '../../i18n/format';
import { workspaceText, workspaceTitle, WorkspaceText } from '../../components/WorkspaceText';
import { Markdown } from '../../markdown/Markdown';
import './publicationStrings';
import './publication.css';

type Load =
  { state: 'loading' } | { state: 'error'; notFound: boolean } | { state: 'ready'; dto: PublicWorkspaceDto };

function Conclusion({ conclusion, headingId }: { conclusion: PublicConclusionDto; headingId: string }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="conclusion" aria-describedby={headingId}>
      <p className="muted">
        {t('publication.page.released', {
          number: conclusion.number,
          date: formatDate(conclusion.publishedAt, i18n.language, { dateStyle: 'long' }),
        })}
      </p>
      <Markdown source={conclusion.markdown} />
    </div>
  );
}

/**
 * `/public/:workspaceId`: the read-only year page, readable without an account while an admin keeps it public —
 * title, description, each block with its latest released conclusions, the overall conclusions, the
 * participation summary (a table; hidden while a live session runs) and the bundle's download. Lazy route.
 */
export default function PublicYearPage() {
  const { t, i18n } = useTranslation();
  const { workspaceId = '' } = useParams();
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const language = i18n.language;
  useEffect(() => {
    let alive = true;
    setLoad({ state: 'loading' });
    api<PublicWorkspaceDto>(
      'GET',
      `/api/public/workspaces/${encodeURIComponent(workspaceId)}?lang=${language}`,
    )
      .then((dto) => alive && setLoad({ state: 'ready', dto }))
      .catch((error: unknown) => {
        const status = (error as { status?: number }).status;
        if (alive) setLoad({ state: 'error', notFound: status === 404 || status === 400 });
      });
    return () => {
      alive = false;
    };
  }, [workspaceId, language]);
  useDocumentTitle(load.state === 'ready' ? workspaceTitle(load.dto, language) : null);

  if (load.state === 'loading') return <p aria-busy="true">{t('publication.page.loading')}</p>;
  if (load.state === 'error')
    return (
      <p role="alert">{load.notFound ? t('publication.page.notFound') : t('publication.error.failed')}</p>
    );
  const { dto } = load;
  const n = (value: number) => formatNumber(value, language);
  return (
    <article className="public-year" aria-labelledby="public-year-title">
      <h1 id="public-year-title">
        <WorkspaceText workspace={dto} field="title" />
      </h1>
      {localized(workspaceText(dto, 'description'), language)
        .split(/\n{2,}/)
        .filter((p) => p.trim())
        .map((p, i) => (
          <p key={i}>{p}</p>
        ))}

      <section className="card" aria-labelledby="public-downloads">
        <h2 id="public-downloads">{t('publication.page.downloads')}</h2>
        <p>
          <a href={`${dto.bundlePath}?lang=${language}`} download>
            {t('publication.page.downloadZip')}
          </a>
        </p>
        <p className="muted">{t('publication.page.zipHelp')}</p>
      </section>

      <section aria-labelledby="public-blocks">
        <h2 id="public-blocks">{t('publication.page.blocks')}</h2>
        {dto.blocks.map((block) => (
          <section key={block.id} className="card" aria-labelledby={`public-block-${block.id}`}>
            <h3 id={`public-block-${block.id}`}>
              {block.order}. <Localized text={block.title} />
            </h3>
            <p className="muted">{t('publication.page.questions', { n: block.questions })}</p>
            {block.conclusions ? (
              <Conclusion conclusion={block.conclusions} headingId={`public-block-${block.id}`} />
            ) : (
              <p>{t('publication.page.noConclusions')}</p>
            )}
          </section>
        ))}
        {dto.overall && (
          <section className="card" aria-labelledby="public-overall">
            <h3 id="public-overall">{t('publication.page.overall')}</h3>
            <Conclusion conclusion={dto.overall} headingId="public-overall" />
          </section>
        )}
      </section>

      <section className="card" aria-labelledby="public-participation">
        <h2 id="public-participation">{t('publication.page.participation')}</h2>
        {dto.participation ? (
          <>
            <p>
              {t('publication.page.posts', { n: dto.participation.posts })} ·{' '}
              {t('publication.page.contributors', { n: dto.participation.contributors })}
            </p>
            <table>
              <caption className="visually-hidden">{t('publication.page.participation')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('publication.page.region')}</th>
                  <th scope="col">{t('publication.page.regionPosts')}</th>
                  <th scope="col">{t('publication.page.regionMembers')}</th>
                </tr>
              </thead>
              <tbody>
                {REGION_GROUPS.map((r) => (
                  <tr key={r}>
                    <th scope="row">{r}</th>
                    <td className="n">{n(dto.participation?.postsByRegion[r] ?? 0)}</td>
                    <td className="n">{n(dto.participation?.members[r] ?? 0)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : (
          <p>{t('publication.page.liveNote')}</p>
        )}
      </section>
    </article>
  );
}
