import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_POST_BODY_LENGTH, hasVisibleText, isolateBidi, type PostDto } from '@polos/shared';
import { Markdown } from '../../markdown/Markdown';
import { emitVolatile } from '../../realtime/socket';
import { COMPOSER_SHORTCUT } from '../../components/skipTargets';
import { loadComposerDraft, saveComposerDraft } from '../../storage/composeStore';

/** Minimum time between two `typing:start` signals (ms), and idle time before `typing:stop`. */
const TYPING_THROTTLE_MS = 2500;
const TYPING_IDLE_MS = 4000;

/**
 * Markdown composer with a Write / Preview switch; Ctrl/⌘+Enter posts. What is typed is kept on the device per
 * user, question and reply target (`composeStore.ts`) and comes back when the composer is mounted again (thread
 * unlocked, question revisited, page reloaded) or the reply target is chosen again.
 */
export function Composer({
  questionId,
  userId,
  replyTo,
  onCancelReply,
  onSend,
}: {
  questionId: string;
  /** Whose device drafts these are. */
  userId: string;
  replyTo: PostDto | null;
  onCancelReply: () => void;
  onSend: (body: string, parentId: string | null) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const target = replyTo?.id ?? null;
  const [body, setBody] = useState(() => loadComposerDraft(userId, questionId, target));
  // Switching the reply target switches to that target's draft (the other one stays on the device).
  const [shownTarget, setShownTarget] = useState(target);
  if (shownTarget !== target) {
    setShownTarget(target);
    setBody(loadComposerDraft(userId, questionId, target));
  }
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  const textarea = useRef<HTMLTextAreaElement | null>(null);
  const lastTyping = useRef(0);
  const idleTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const stopTyping = () => {
    clearTimeout(idleTimer.current);
    if (lastTyping.current) emitVolatile('typing:stop', { questionId });
    lastTyping.current = 0;
  };
  useEffect(() => () => stopTyping(), [questionId]);

  useEffect(() => {
    if (replyTo) {
      setTab('write');
      textarea.current?.focus();
    }
  }, [replyTo]);

  const over = body.length - MAX_POST_BODY_LENGTH;
  // Invisible characters alone (zero-width spaces, Hangul fillers…) count as empty, as on the server.
  const visible = hasVisibleText(body);
  const canSend = visible && over <= 0;

  const submit = () => {
    if (!canSend) return;
    onSend(body.trim(), replyTo?.id ?? null);
    // The sender keeps the post on the device until it is stored (composeStore's unsent posts); the draft is done.
    saveComposerDraft(userId, questionId, target, '');
    setBody('');
    setTab('write');
    stopTyping();
    textarea.current?.focus();
  };

  const onChange = (value: string) => {
    setBody(value);
    saveComposerDraft(userId, questionId, target, value);
    const now = Date.now();
    if (now - lastTyping.current > TYPING_THROTTLE_MS) {
      lastTyping.current = now;
      emitVolatile('typing:start', { questionId });
    }
    clearTimeout(idleTimer.current);
    idleTimer.current = setTimeout(stopTyping, TYPING_IDLE_MS);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form
      className="composer card"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {replyTo && (
        <p className="replying">
          {t('composer.replyingTo', { name: isolateBidi(replyTo.author.name) })}{' '}
          <button type="button" className="link" onClick={onCancelReply}>
            {t('composer.cancelReply')}
          </button>
        </p>
      )}
      <div className="tabs" role="tablist" aria-label={t('composer.modes')}>
        <button
          type="button"
          role="tab"
          id={`${id}-write-tab`}
          aria-selected={tab === 'write'}
          aria-controls={`${id}-write`}
          onClick={() => setTab('write')}
        >
          {t('composer.write')}
        </button>
        <button
          type="button"
          role="tab"
          id={`${id}-preview-tab`}
          aria-selected={tab === 'preview'}
          aria-controls={`${id}-preview`}
          onClick={() => setTab('preview')}
        >
          {t('composer.preview')}
        </button>
      </div>
      <div id={`${id}-write`} role="tabpanel" aria-labelledby={`${id}-write-tab`} hidden={tab !== 'write'}>
        <label id={`${id}-label`} htmlFor={`${id}-body`} className="field-label">
          {t('composer.label')}
        </label>
        <textarea
          id={`${id}-body`}
          ref={textarea}
          name="body"
          rows={4}
          value={body}
          placeholder={t('composer.placeholder')}
          aria-describedby={`${id}-help ${id}-count`}
          aria-keyshortcuts={COMPOSER_SHORTCUT}
          data-composer-input
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={onKeyDown}
          onBlur={stopTyping}
        />
      </div>
      <div
        id={`${id}-preview`}
        role="tabpanel"
        aria-labelledby={`${id}-preview-tab`}
        hidden={tab !== 'preview'}
        className="preview"
      >
        {visible ? <Markdown source={body} /> : <p className="muted">{t('composer.previewEmpty')}</p>}
      </div>
      <div className="composer-footer">
        <small id={`${id}-help`} className="muted">
          {t('composer.markdownHelp')} · {t('composer.sendHint')}
        </small>
        <small
          id={`${id}-count`}
          className={over > 0 || (body && !visible) ? 'error' : 'muted'}
          aria-live="polite"
        >
          {over > 0
            ? t('composer.tooLong', { count: over })
            : body && !visible
              ? t('composer.invisibleOnly')
              : body.length > MAX_POST_BODY_LENGTH - 500
                ? // Not `-over`: at the limit that is -0, which ICU prints as "-0".
                  t('composer.remaining', { count: MAX_POST_BODY_LENGTH - body.length })
                : ''}
        </small>
        <button type="submit" className="primary" disabled={!canSend}>
          {t('composer.send')}
        </button>
      </div>
    </form>
  );
}
