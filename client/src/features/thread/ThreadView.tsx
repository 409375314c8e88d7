import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PostDto } from '@polos/shared';
import { VirtualList, type VirtualListHandle } from '../../components/VirtualList';
import { PendingPostItem } from './PendingPostItem';
import { PostItem, type PostActions } from './PostItem';
import { selectThreadRows, type ThreadRow, type ThreadState } from './threadState';

export interface ThreadViewProps {
  state: ThreadState;
  myUserId: string;
  myName: string;
  canPost: boolean;
  canModerate: boolean;
  writable: boolean;
  spotlightPostId: string | null;
  actions: PostActions | null;
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
  /** Live threads follow new posts; the archive opens at the top. */
  follow: boolean;
}

const rowKey = (row: ThreadRow) => row.key;

/** The virtualised thread with an "N new posts" pill while the reader is scrolled up. */
export function ThreadView(props: ThreadViewProps) {
  const { state, myUserId, myName, canPost, canModerate, writable, spotlightPostId, actions, follow } = props;
  const { t } = useTranslation();
  const rows = useMemo(() => selectThreadRows(state, myUserId), [state, myUserId]);
  const list = useRef<VirtualListHandle | null>(null);
  const [atBottom, setAtBottom] = useState(true);
  const [unseen, setUnseen] = useState(0);
  const seen = useRef(new Set<string>());

  // Count posts by others that arrived while scrolled up.
  useEffect(() => {
    let fresh = 0;
    for (const row of rows) {
      if (row.kind !== 'post') continue;
      if (!seen.current.has(row.post.id)) {
        seen.current.add(row.post.id);
        if (state.loaded && row.post.author.id !== myUserId) fresh += 1;
      }
    }
    if (fresh > 0 && !atBottom && follow) setUnseen((n) => n + fresh);
  }, [rows, atBottom, follow, myUserId, state.loaded]);

  // Sending a post brings the end of the thread into view, wherever the reader was.
  const pendingCount = rows.filter((row) => row.kind === 'pending').length;
  const previousPending = useRef(pendingCount);
  useEffect(() => {
    if (pendingCount > previousPending.current) list.current?.scrollToBottom();
    previousPending.current = pendingCount;
  }, [pendingCount]);

  const onAtBottomChange = useCallback((value: boolean) => {
    setAtBottom(value);
    if (value) setUnseen(0);
  }, []);

  const { onRetry, onDiscard } = props;
  const renderRow = useCallback(
    (row: ThreadRow) =>
      row.kind === 'post' ? (
        <PostItem
          post={row.post}
          depth={row.depth}
          myUserId={myUserId}
          canPost={canPost}
          canModerate={canModerate}
          writable={writable}
          spotlighted={row.post.id === spotlightPostId}
          actions={actions}
        />
      ) : (
        <PendingPostItem
          pending={row.pending}
          depth={row.depth}
          authorName={myName}
          onRetry={onRetry}
          onDiscard={onDiscard}
        />
      ),
    [myUserId, myName, canPost, canModerate, writable, spotlightPostId, actions, onRetry, onDiscard],
  );

  if (!state.loaded) return <p aria-busy="true">{t('thread.loading')}</p>;

  return (
    <div className="thread">
      {rows.length === 0 ? (
        <p className="muted empty-thread">{t('thread.empty')}</p>
      ) : (
        <VirtualList
          ref={list}
          items={rows}
          getKey={rowKey}
          renderItem={renderRow}
          followOutput={follow}
          ariaLabel={t('thread.label')}
          onAtBottomChange={onAtBottomChange}
        />
      )}
      {unseen > 0 && !atBottom && (
        <button type="button" className="new-posts-pill" onClick={() => list.current?.scrollToBottom()}>
          {t('thread.newPosts', { count: unseen })}
        </button>
      )}
    </div>
  );
}

/** Helper type re-exported for pages wiring `onReply`. */
export type ReplyTarget = PostDto | null;
