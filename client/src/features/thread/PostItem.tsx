import { memo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  REACTIONS,
  hasVisibleText,
  isolateBidi,
  stripBidiControls,
  type PostDto,
  type Reaction,
} from '@polos/shared';
import { districtLabel, flagEmoji, formatTime, initials } from '../../i18n/format';
import { Markdown } from '../../markdown/Markdown';
import { PostHistoryButton } from '../history';
import { REACTION_EMOJI } from './reactionEmoji';

export interface PostActions {
  onReply: (post: PostDto) => void;
  onEdit: (postId: string, body: string) => Promise<string | null>;
  onDelete: (postId: string) => Promise<string | null>;
  onReact: (postId: string, reaction: Reaction, on: boolean) => Promise<string | null>;
  onHide: (postId: string, hidden: boolean) => Promise<string | null>;
  onSpotlight: (postId: string | null) => Promise<string | null>;
  /** From thread to conclusions: quotes the post, or the passage selected in it, into the block's draft. */
  onQuote?: (post: PostDto, passage: string | undefined) => Promise<string | null>;
}

export interface PostItemProps {
  post: PostDto;
  depth: 0 | 1;
  myUserId: string;
  canPost: boolean;
  canModerate: boolean;
  /** Question open and thread not locked. */
  writable: boolean;
  spotlighted: boolean;
  actions: PostActions | null;
}

/** One stored post: author with district, Markdown body (or tombstone), reactions and actions. */
export const PostItem = memo(function PostItem({
  post,
  depth,
  myUserId,
  canPost,
  canModerate,
  writable,
  spotlighted,
  actions,
}: PostItemProps) {
  const { t, i18n } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(post.body);
  const [error, setError] = useState<string | null>(null);
  const [quoted, setQuoted] = useState(false);
  const articleRef = useRef<HTMLElement | null>(null);
  const mine = post.author.id === myUserId;
  const district = districtLabel(post.author.district, i18n.language);
  const interactive = actions !== null && writable && !post.deleted;

  const run = async (action: Promise<string | null>) => {
    const code = await action;
    setError(code ? t(`errors.${code}`, { defaultValue: t('app.error') }) : null);
    return code;
  };

  /** The text selected inside this post, if any: that passage is quoted instead of the whole post. */
  const selectedPassage = (): string | undefined => {
    const selection = window.getSelection();
    const text = selection?.toString().trim();
    if (!selection || !text || !articleRef.current) return undefined;
    return articleRef.current.contains(selection.anchorNode) ? text : undefined;
  };

  // Members see a hidden post as a placeholder: nothing to react or reply to (moderators see the post as usual).
  const placeholder = post.hidden && !canModerate;

  let body;
  if (post.deleted) body = <p className="tombstone">{t('post.deleted')}</p>;
  else if (post.hidden && !post.body) body = <p className="tombstone">{t('post.hidden')}</p>;
  else if (editing) {
    body = (
      <form
        className="edit-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run(actions!.onEdit(post.id, draft)).then((code) => !code && setEditing(false));
        }}
      >
        <label className="field">
          <span className="visually-hidden">{t('post.editLabel')}</span>
          <textarea value={draft} onChange={(e) => setDraft(e.target.value)} rows={4} autoFocus />
        </label>
        <div className="row-actions">
          <button type="submit" className="primary" disabled={!hasVisibleText(draft)}>
            {t('post.save')}
          </button>
          <button type="button" onClick={() => setEditing(false)}>
            {t('post.cancel')}
          </button>
        </div>
      </form>
    );
  } else body = <Markdown source={post.body} />;

  // A person who deleted their account: their posts stay, under "deleted user" in the reader's language.
  const authorName = post.author.deleted ? t('post.deletedUser') : post.author.name;

  return (
    <article
      ref={articleRef}
      className={`post depth-${depth}${spotlighted ? ' spotlighted' : ''}${post.hidden ? ' hidden-post' : ''}`}
      aria-labelledby={`post-author-${post.id}`}
      data-post-id={post.id}
      data-seq={post.seq}
    >
      <header className="post-header">
        <span className="avatar" aria-hidden="true">
          {initials(authorName)}
        </span>
        <span className="post-meta">
          <strong id={`post-author-${post.id}`}>
            <bdi>{stripBidiControls(authorName)}</bdi>
            {mine && <span className="muted"> ({t('post.you')})</span>}
          </strong>
          {district && (
            <span className="district">
              {post.author.district && (
                <span aria-hidden="true">{flagEmoji(post.author.district.country)} </span>
              )}
              <bdi>{stripBidiControls(district)}</bdi>
            </span>
          )}
          <time dateTime={post.createdAt} className="muted">
            {formatTime(post.createdAt, i18n.language)}
          </time>
          {post.editedAt && !post.deleted && <span className="muted"> · {t('post.edited')}</span>}
          {spotlighted && <span className="badge spotlight-badge">{t('post.spotlighted')}</span>}
          {post.hidden && canModerate && <span className="badge">{t('post.hiddenModerator')}</span>}
        </span>
      </header>
      <div className="post-body">{body}</div>
      {!post.deleted && !placeholder && (
        <div className="reactions" role="group" aria-label={t('reactions.label')}>
          {REACTIONS.map((reaction) => {
            const users = post.reactions[reaction] ?? [];
            const on = users.includes(myUserId);
            if (!(interactive && canPost) && users.length === 0) return null;
            const label = t(`reactions.${reaction}`);
            return (
              <button
                key={reaction}
                type="button"
                className={`reaction${on ? ' on' : ''}${users.length === 0 ? ' empty' : ''}`}
                aria-pressed={on}
                aria-label={t('reactions.count', { label, count: users.length })}
                title={label}
                disabled={!interactive || !canPost}
                onClick={() => void run(actions!.onReact(post.id, reaction, !on))}
              >
                <span aria-hidden="true">{REACTION_EMOJI[reaction]}</span>
                {users.length > 0 && <span aria-hidden="true"> {users.length}</span>}
              </button>
            );
          })}
        </div>
      )}
      {actions && !post.deleted && !editing && (
        <div
          className="row-actions"
          role="group"
          aria-label={t('post.actions', { name: isolateBidi(authorName) })}
        >
          {writable && canPost && depth === 0 && !placeholder && (
            <button type="button" onClick={() => actions.onReply(post)}>
              {t('post.reply')}
            </button>
          )}
          {writable && mine && (
            <>
              {/* A hidden post is under moderation: its author cannot edit it (the server refuses too). */}
              {!post.hidden && (
                <button
                  type="button"
                  onClick={() => {
                    setDraft(post.body);
                    setEditing(true);
                  }}
                >
                  {t('post.edit')}
                </button>
              )}
              <button
                type="button"
                onClick={() => {
                  if (window.confirm(t('post.confirmDelete'))) void run(actions.onDelete(post.id));
                }}
              >
                {t('post.delete')}
              </button>
            </>
          )}
          {canPost && actions.onQuote && !post.hidden && (
            <button
              type="button"
              title={t('post.quoteHint')}
              onClick={() => {
                const onQuote = actions.onQuote!;
                void run(onQuote(post, selectedPassage())).then((code) => setQuoted(code === null));
              }}
            >
              {t('post.quote')}
            </button>
          )}
          {(mine || canModerate) && <PostHistoryButton post={post} />}
          {canModerate && (
            <>
              <button type="button" onClick={() => void run(actions.onHide(post.id, !post.hidden))}>
                {post.hidden ? t('post.unhide') : t('post.hide')}
              </button>
              <button
                type="button"
                onClick={() => void run(actions.onSpotlight(spotlighted ? null : post.id))}
              >
                {spotlighted ? t('post.unspotlight') : t('post.spotlight')}
              </button>
            </>
          )}
        </div>
      )}
      {actions && mine && post.hidden && !post.deleted && (
        <p className="notice small" data-testid="hidden-no-edit">
          {t('post.hiddenNoEdit')}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {quoted && !error && (
        <p className="notice" role="status">
          {t('post.quoted')}
        </p>
      )}
    </article>
  );
});
