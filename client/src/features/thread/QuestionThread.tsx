import { usePostAnchor } from './usePostAnchor';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PostDto, QuestionDto } from '@polos/shared';
import { errorCode } from '../../api/http';
import { command } from '../../realtime/socket';
import { draftApi } from '../drafts';
import { useSession } from '../auth';
import { useWorkspace } from '../workspace';
import { PollsPanel } from '../polls';
import { useSkipTarget } from '../../components/skipTargets';
import { Composer } from './Composer';
import { ConnectionStatus } from './ConnectionStatus';
import { AsyncWindowBadge, useWindowOpen } from './AsyncWindow';
import { PostItem, type PostActions } from './PostItem';
import { ThreadView } from './ThreadView';
import { TypingLine } from './TypingLine';
import { useAnnouncer } from './useAnnouncer';
import { useThread } from './useThread';

/**
 * The composer's surroundings: the connection state next to it, the "Skip to the composer" target and its
 * Alt+Shift+W shortcut (focus the text box from anywhere on the page, e.g. from deep in a long thread).
 */
function ComposerArea({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const focus = useCallback(() => {
    const root = ref.current;
    if (!root) return;
    let input = root.querySelector<HTMLTextAreaElement>('[data-composer-input]');
    if (input?.closest('[hidden]')) {
      root.querySelector<HTMLButtonElement>('[role="tab"]')?.click(); // back to Write from Preview
      input = root.querySelector<HTMLTextAreaElement>('[data-composer-input]');
    }
    input?.scrollIntoView({ block: 'center' });
    input?.focus();
  }, []);
  useSkipTarget('composer', focus);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey && event.shiftKey && !event.ctrlKey && !event.metaKey && event.code === 'KeyW') {
        event.preventDefault();
        focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [focus]);
  return (
    <div className="composer-area" id="composer" ref={ref}>
      {children}
    </div>
  );
}

/** A question's thread with its composer (live), or read-only (archive). Key it by question id. */
export function QuestionThread({ question, live }: { question: QuestionDto; live: boolean }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const ws = useWorkspace();
  const me = session!.user;
  const { message, announce } = useAnnouncer();
  const thread = useThread(question.id, { myUserId: me.id, live, onRemoteCreated: announce });
  usePostAnchor(Object.keys(thread.state.posts).length);
  const [replyTo, setReplyTo] = useState<PostDto | null>(null);
  // Open live, or inside its asynchronous window (issue 13.3; the server applies the same rule).
  const windowOpen = useWindowOpen(question);
  const writable = live && (question.state === 'open' || windowOpen) && !question.locked;
  const spotlight = ws.live?.session?.spotlight;
  const spotlightPostId = spotlight?.questionId === question.id ? spotlight.postId : null;
  const spotlightPost = spotlightPostId
    ? (thread.state.posts[spotlightPostId] ??
      (ws.spotlightPost?.id === spotlightPostId ? ws.spotlightPost : null))
    : null;

  const { edit, remove, react, hide } = thread;
  // The block's conclusions draft, looked up once when a post is first sent to it.
  const blockDraftId = useRef<string | null>(null);
  const actions = useMemo<PostActions>(
    () => ({
      onReply: setReplyTo,
      onEdit: edit,
      onDelete: remove,
      onReact: react,
      onHide: hide,
      onSpotlight: async (postId) => {
        const ack = await command('post:spotlight', { questionId: question.id, postId });
        return ack.ok ? null : ack.error.code;
      },
      onQuote: async (post, passage) => {
        try {
          if (!blockDraftId.current) {
            const { drafts } = await draftApi.list(ws.workspaceId);
            blockDraftId.current = drafts.find((draft) => draft.blockId === question.blockId)?.id ?? null;
          }
          if (!blockDraftId.current) return 'not_found';
          await draftApi.quote(blockDraftId.current, post.id, passage);
          return null;
        } catch (error) {
          return errorCode(error);
        }
      },
    }),
    [edit, remove, react, hide, question.id, question.blockId, ws.workspaceId],
  );

  const { send } = thread;
  const waiting = thread.state.pending.filter((p) => p.status === 'pending').length;
  const onSend = useCallback(
    (body: string, parentId: string | null) => {
      send(body, parentId);
      setReplyTo(null);
    },
    [send],
  );

  return (
    <div className="question-thread">
      <AsyncWindowBadge question={question} />
      {live && <PollsPanel questionId={question.id} writable={writable} />}
      {spotlightPost && !spotlightPost.deleted && (
        <aside className="spotlight card" aria-label={t('post.spotlighted')}>
          <PostItem
            post={spotlightPost}
            depth={0}
            myUserId={me.id}
            canPost={false}
            canModerate={false}
            writable={false}
            spotlighted
            actions={null}
          />
        </aside>
      )}
      {thread.error && (
        <p className="error" role="alert">
          {t(`errors.${thread.error}`, { defaultValue: t('thread.loadFailed') })}
        </p>
      )}
      <ThreadView
        state={thread.state}
        myUserId={me.id}
        myName={me.name}
        canPost={ws.canPost}
        canModerate={ws.canModerate}
        writable={writable}
        spotlightPostId={spotlightPostId}
        actions={live ? actions : null}
        onRetry={thread.retry}
        onDiscard={thread.discard}
        follow={live}
      />
      <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="announcer">
        {message}
      </div>
      {live && <TypingLine typing={thread.typing} />}
      {live &&
        (writable && ws.canPost ? (
          <ComposerArea>
            <ConnectionStatus waiting={waiting} />
            <Composer
              questionId={question.id}
              userId={me.id}
              replyTo={replyTo}
              onCancelReply={() => setReplyTo(null)}
              onSend={onSend}
            />
          </ComposerArea>
        ) : (
          <>
            {waiting > 0 && <ConnectionStatus waiting={waiting} />}
            <p className="notice">{ws.canPost ? t('composer.readOnly') : t('composer.observer')}</p>
          </>
        ))}
    </div>
  );
}
