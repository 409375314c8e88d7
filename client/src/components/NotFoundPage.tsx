import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useDocumentTitle } from '../hooks/useDocumentTitle';

/**
 * What an unknown address shows (top level, inside a workspace, inside the drafts): a heading that takes focus, so
 * screen readers announce it, the address that was not found, and a way back. `home` defaults to the start page.
 */
export function NotFoundPage({ home = '/' }: { home?: string }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  useDocumentTitle(t('notFound.title'));
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [pathname]);
  return (
    <section className="card not-found" aria-labelledby="not-found-title" data-testid="not-found">
      <h1 id="not-found-title" ref={heading} tabIndex={-1}>
        {t('notFound.title')}
      </h1>
      <p>{t('notFound.intro')}</p>
      <p className="muted">
        <bdi>{t('notFound.path', { path: pathname })}</bdi>
      </p>
      <p>
        <Link className="button primary" to={home}>
          {t('notFound.back')}
        </Link>
      </p>
    </section>
  );
}
