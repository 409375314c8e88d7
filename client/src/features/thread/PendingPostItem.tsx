import { useTranslation } from 'react-i18next';
import { initials } from '../../i18n/format';
import { Markdown } from '../../markdown/Markdown';
import { useConnected } from '../../realtime/useSocketEvent';
import { SEND_STATUS, type PendingPost } from './threadState';

/**
 * This user's post before the server stored it: "Sending…" (or, offline, waiting for the connection: it goes out by
 * itself), or failed with Retry / Discard.
 */
export function PendingPostItem({
  pending,
  depth,
  authorName,
  onRetry,
  onDiscard,
}: {
  pending: PendingPost;
  depth: 0 | 1;
  authorName: string;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
}) {
  const { t } = useTranslation();
  const failed = pending.status === SEND_STATUS.failed;
  const connected = useConnected();
  return (
    <article
      className={`post depth-${depth} pending${failed ? ' failed' : ''}`}
      aria-label={authorName}
      data-client-id={pending.clientId}
      data-status={!failed && !connected ? 'queued' : pending.status}
    >
      <header className="post-header">
        <span className="avatar" aria-hidden="true">
          {initials(authorName)}
        </span>
        <span className="post-meta">
          <strong>{authorName}</strong>
          <span className="muted" role="status">
            {failed
              ? t('post.failed', {
                  code: t(`errors.${pending.error ?? 'internal_error'}`, { defaultValue: pending.error }),
                })
              : connected
                ? t('post.pending')
                : t('post.queued')}
          </span>
        </span>
      </header>
      <div className="post-body">
        <Markdown source={pending.body} />
      </div>
      {failed && (
        <div className="row-actions">
          <button type="button" className="primary" onClick={() => onRetry(pending.clientId)}>
            {t('post.retry')}
          </button>
          <button type="button" onClick={() => onDiscard(pending.clientId)}>
            {t('post.discard')}
          </button>
        </div>
      )}
    </article>
  );
}
