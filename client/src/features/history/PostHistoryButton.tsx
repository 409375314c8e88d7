import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PostDto, PostHistoryDto } from '@polos/shared';
import { api, ApiError } from '../../api/http';
import { formatTime } from '../../i18n/format';
import { Markdown } from '../../markdown/Markdown';
import './historyStrings';

/**
 * "History" on an edited post, for its author and moderators (the server refuses others): opens a modal
 * dialog listing the current version and the kept earlier ones — who changed what and when.
 */
export function PostHistoryButton({ post }: { post: PostDto }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  // Focus returns to the button once the modal dialog is gone (while it is open, the page behind is inert).
  useEffect(() => {
    if (wasOpen.current && !open) buttonRef.current?.focus();
    wasOpen.current = open;
  }, [open]);
  if (post.deleted || post.editCount === 0) return null;
  return (
    <>
      <button
        type="button"
        ref={buttonRef}
        aria-haspopup="dialog"
        aria-label={t('history.openLabel', { name: post.author.name })}
        onClick={() => setOpen(true)}
      >
        {t('history.open')}
      </button>
      {open && <PostHistoryDialog post={post} onClose={() => setOpen(false)} />}
    </>
  );
}

function PostHistoryDialog({ post, onClose }: { post: PostDto; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const titleId = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [history, setHistory] = useState<PostHistoryDto | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    // A modal <dialog> traps focus and closes on Escape (older engines: shown without a backdrop).
    if (dialog && !dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    }
  }, []);

  useEffect(() => {
    let cancelled = false;
    api<PostHistoryDto>('GET', `/api/questions/${post.questionId}/posts/${post.id}/history`).then(
      (h) => !cancelled && setHistory(h),
      (err: unknown) => !cancelled && setError(err instanceof ApiError ? err.message : t('app.error')),
    );
    return () => {
      cancelled = true;
    };
  }, [post.id, post.questionId, post.lastSeq, t]);

  const when = (iso: string) => formatTime(iso, i18n.language);
  const dropped = history ? history.editCount - history.revisions.length : 0;
  return (
    <dialog
      ref={dialogRef}
      className="dialog card history-dialog"
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>{t('history.title')}</h2>
      <div aria-live="polite" aria-busy={!history && !error}>
        {error && <p role="alert">{t('history.failed', { message: error })}</p>}
        {!history && !error && <p>{t('history.loading')}</p>}
        {history && (
          <ol className="history-list" reversed>
            <li>
              <h3>{t('history.current', { time: when(history.current.at) })}</h3>
              <Markdown source={history.current.body} />
            </li>
            {history.revisions.map((r) => (
              <li key={r.n}>
                <h3>
                  {t('history.revision', {
                    n: r.n,
                    written: when(r.writtenAt),
                    replaced: when(r.replacedAt),
                    editor: r.editor.name,
                  })}
                </h3>
                <Markdown source={r.body} />
              </li>
            ))}
          </ol>
        )}
        {history && history.revisions.length === 0 && <p>{t('history.none')}</p>}
        {dropped > 0 && (
          <p className="muted">{t('history.dropped', { count: dropped, limit: history?.limit })}</p>
        )}
      </div>
      <div className="dialog-actions">
        <button type="button" className="primary" onClick={onClose}>
          {t('history.close')}
        </button>
      </div>
    </dialog>
  );
}
