import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { EditorContent, useEditor, type Editor } from '@tiptap/react';
import { DRAFT_EDITOR_OPTIONS, draftEditorExtensions } from '@polos/shared/editor';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import type { Socket } from 'socket.io-client';
import { getSocket } from '../../realtime/socket';
import { useSession } from '../auth';
import {
  draftCacheName,
  markDraftCacheUnsaved,
  noteDraftCache,
  onDraftCachesClearedElsewhere,
  purgeLegacyDraftCaches,
  registerLiveDraftCache,
} from './draftCache';
import { SocketDraftProvider, type DraftStatus } from './draftProvider';
import { KeepStoredMarks } from './keepStoredMarks';
import { KeepUndoSteps } from './keepUndoSteps';
import { readLinkInput } from './linkInput';
import { splitPresence } from './presence';

export interface QuoteSourceLink {
  postId: string;
  questionId: string;
  author: string;
}

/** The sourced quotes of a document, in order (recomputed on every change). */
function useQuoteSources(doc: Y.Doc): QuoteSourceLink[] {
  const read = () =>
    doc
      .getXmlFragment('default')
      .toArray()
      .flatMap((node) => {
        if (!(node instanceof Y.XmlElement) || node.nodeName !== 'blockquote') return [];
        const postId = node.getAttribute('source');
        const questionId = node.getAttribute('sourceQuestion');
        const author = node.getAttribute('sourceAuthor');
        return typeof postId === 'string' && typeof questionId === 'string'
          ? [{ postId, questionId, author: typeof author === 'string' ? author : '' }]
          : [];
      });
  const [sources, setSources] = useState(read);
  useEffect(() => {
    const update = () => setSources(read());
    update();
    doc.on('update', update);
    return () => doc.off('update', update);
  }, [doc]);
  return sources;
}

const COLOURS = ['#d94f3d', '#2f7dd1', '#2d9d5c', '#9b51e0', '#e08a1e', '#1aa3a3', '#c2417f', '#5b6abf'];
export const colourFor = (id: string) =>
  COLOURS[(parseInt(id.slice(-4), 16) || 0) % COLOURS.length] ?? COLOURS[0];

interface Session {
  doc: Y.Doc;
  provider: SocketDraftProvider;
  cache: IndexeddbPersistence;
}

/**
 * One Y.Doc per open draft: cached in this user's IndexedDB copy of the draft (offline edits survive reloads; another
 * user of the browser never loads it) and synced over the app socket, only while the socket is this user's.
 */
function useDraftSession(draftId: string, userId: string): Session | null {
  const [session, setSession] = useState<Session | null>(null);
  const { refresh } = useSession();
  useEffect(() => {
    void purgeLegacyDraftCaches();
    const doc = new Y.Doc();
    const cache = new IndexeddbPersistence(draftCacheName(userId, draftId), doc);
    noteDraftCache(userId, draftId);
    let provider: SocketDraftProvider | null = null;
    let cancelled = false;
    const cleanups: Array<() => void> = [
      // Signed out in another tab: this copy was deleted there; stop writing to it, and let the app catch up.
      onDraftCachesClearedElsewhere(userId, () => {
        void cache.destroy();
        void refresh();
      }),
    ];
    const socket = getSocket() as unknown as Socket;
    if (!socket.connected && !socket.active) socket.connect();
    // Start syncing once the local copy is loaded, so the handshake sends only what the server lacks.
    void cache.whenSynced.then(() => {
      if (cancelled) return;
      const live = new SocketDraftProvider(socket, draftId, doc, { userId });
      provider = live;
      // Sign-out asks whether this device holds edits the server lacks: keep the answer in the registry.
      let unsaved: boolean | null = null;
      const mark = (value: boolean) => {
        if (unsaved === value) return;
        unsaved = value;
        markDraftCacheUnsaved(userId, draftId, value);
      };
      cleanups.push(
        live.on('localChange', () => mark(true)),
        live.on('saved', () => mark(false)),
        live.on('draft', (draft) =>
          noteDraftCache(userId, draftId, { title: draft.title, workspaceId: draft.workspaceId }),
        ),
        registerLiveDraftCache({
          userId,
          draftId,
          settle: () => live.settle(),
          close: () => cache.destroy(),
        }),
      );
      setSession({ doc, provider: live, cache });
    });
    return () => {
      cancelled = true;
      for (const cleanup of cleanups) cleanup();
      provider?.destroy();
      void cache.destroy();
      doc.destroy();
      setSession(null);
    };
  }, [draftId, userId, refresh]);
  return session;
}

function useProviderState(provider: SocketDraftProvider) {
  const status = useSyncExternalStore(
    (notify) => provider.on('status', notify),
    () => provider.status,
  );
  const access = useSyncExternalStore(
    (notify) => provider.on('access', notify),
    () => provider.access,
  );
  // "Saved" only once the server acknowledged every local edit as durable: in between, "Saving…".
  const saveState = useSyncExternalStore(
    (notify) => provider.on('saveState', notify),
    () => provider.saveState,
  );
  // Awareness mutates one Map in place: copy it on every change so React sees a new value.
  const [editors, setEditors] = useState(() => new Map(provider.awareness.getStates()));
  useEffect(() => {
    const update = () => setEditors(new Map(provider.awareness.getStates()));
    provider.awareness.on('change', update);
    update();
    return () => provider.awareness.off('change', update);
  }, [provider]);
  // Edits refused because the draft became read-only (locked while typing) stay on this device until it is
  // editable again: say so rather than "Saved".
  const shown: DraftStatus | 'saving' | 'notSaved' =
    status === 'synced' && saveState === 'saving' ? (access === 'edit' ? 'saving' : 'notSaved') : status;
  return { status: shown, access, editors };
}

function Toolbar({ editor }: { editor: Editor }) {
  const { t } = useTranslation();
  // The visible label is the accessible name (WCAG 2.5.3 label in name): no icon-only buttons with another name.
  const button = (label: string, active: boolean, run: () => void, className: string) => (
    <button type="button" className={className} aria-pressed={active} onClick={run}>
      {label}
    </button>
  );
  const chain = () => editor.chain().focus();
  const [linkMessage, setLinkMessage] = useState('');
  return (
    <>
      <div className="draft-toolbar" role="toolbar" aria-label={t('drafts.toolbar.label')}>
        {button(
          t('drafts.toolbar.bold'),
          editor.isActive('bold'),
          () => chain().toggleBold().run(),
          'tb-bold',
        )}
        {button(
          t('drafts.toolbar.italic'),
          editor.isActive('italic'),
          () => chain().toggleItalic().run(),
          'tb-italic',
        )}
        {button(
          t('drafts.toolbar.heading2'),
          editor.isActive('heading', { level: 2 }),
          () => chain().toggleHeading({ level: 2 }).run(),
          'tb-h2',
        )}
        {button(
          t('drafts.toolbar.heading3'),
          editor.isActive('heading', { level: 3 }),
          () => chain().toggleHeading({ level: 3 }).run(),
          'tb-h3',
        )}
        {button(
          t('drafts.toolbar.bulletList'),
          editor.isActive('bulletList'),
          () => chain().toggleBulletList().run(),
          'tb-bullets',
        )}
        {button(
          t('drafts.toolbar.orderedList'),
          editor.isActive('orderedList'),
          () => chain().toggleOrderedList().run(),
          'tb-numbers',
        )}
        {button(
          t('drafts.toolbar.quote'),
          editor.isActive('blockquote'),
          () => chain().toggleBlockquote().run(),
          'tb-quote',
        )}
        {button(
          t('drafts.toolbar.link'),
          editor.isActive('link'),
          () => {
            const typed = window.prompt(t('drafts.toolbar.linkPrompt'));
            if (typed === null) return;
            const input = readLinkInput(typed);
            // A refused or unusable address is said out loud (live region), never silently ignored.
            if (input.kind === 'refused')
              setLinkMessage(t('drafts.toolbar.linkRefused', { scheme: input.scheme }));
            else if (input.kind === 'invalid') setLinkMessage(t('drafts.toolbar.linkInvalid'));
            else {
              setLinkMessage('');
              if (input.kind === 'remove') chain().unsetLink().run();
              else chain().setLink({ href: input.href }).run();
            }
          },
          'tb-link',
        )}
      </div>
      <p className="draft-toolbar-message" role="status" aria-live="polite" data-testid="draft-link-message">
        {linkMessage}
      </p>
    </>
  );
}

function CollaborativeEditor({
  session,
  user,
  editable,
}: {
  session: Session;
  user: { id: string; name: string };
  editable: boolean;
}) {
  const { t } = useTranslation();
  const editor = useEditor(
    {
      extensions: [
        // The one editor schema (shared with the server's guard, quote action and exports).
        ...draftEditorExtensions(),
        Collaboration.configure({ document: session.doc }),
        CollaborationCaret.configure({
          provider: session.provider,
          user: { name: user.name, color: colourFor(user.id) },
        }),
        KeepStoredMarks,
        KeepUndoSteps,
      ],
      editable,
      enablePasteRules: [...DRAFT_EDITOR_OPTIONS.enablePasteRules],
      editorProps: { attributes: { 'aria-label': t('drafts.editorLabel'), class: 'draft-prose' } },
    },
    [session],
  );
  useEffect(() => {
    if (editor && editor.isEditable !== editable) editor.setEditable(editable);
  }, [editor, editable]);
  if (!editor) return null;
  return (
    <div className="draft-editor">
      {editable && <Toolbar editor={editor} />}
      <EditorContent editor={editor} data-testid="draft-editor" />
    </div>
  );
}

/** The live editor of one draft: status, who is editing, toolbar and the TipTap document. */
export function DraftEditor({
  draftId,
  user,
  onAccess,
  sourceHref,
}: {
  draftId: string;
  user: { id: string; name: string };
  onAccess?: (access: 'edit' | 'read' | null) => void;
  /** Where a quote's source post can be read. */
  sourceHref: (source: QuoteSourceLink) => string;
}) {
  const session = useDraftSession(draftId, user.id);
  if (!session) return <p aria-busy="true">…</p>;
  return <LiveDraft session={session} user={user} onAccess={onAccess} sourceHref={sourceHref} />;
}

function LiveDraft({
  session,
  user,
  onAccess,
  sourceHref,
}: {
  session: Session;
  user: { id: string; name: string };
  onAccess?: ((access: 'edit' | 'read' | null) => void) | undefined;
  sourceHref: (source: QuoteSourceLink) => string;
}) {
  const { t } = useTranslation();
  const { status, access, editors } = useProviderState(session.provider);
  const sources = useQuoteSources(session.doc);
  // The socket signed in as someone else meanwhile (e.g. in another tab): let the app catch up with the session.
  const { refresh } = useSession();
  useEffect(
    () =>
      session.provider.on('error', (code) => {
        if (code === 'wrong_user') void refresh();
      }),
    [session.provider, refresh],
  );
  useEffect(() => onAccess?.(access), [access, onAccess]);
  const { editing: others, viewing } = useMemo(
    () => splitPresence(editors, session.doc.clientID),
    [editors, session.doc.clientID],
  );
  return (
    <section className="draft-live" aria-label={t('drafts.editorLabel')}>
      <div className="draft-meta">
        <span className={`draft-status draft-status-${status}`} role="status" data-testid="draft-status">
          {t(`drafts.status.${status satisfies DraftStatus | 'saving' | 'notSaved'}`)}
        </span>
        {access === 'read' && <span className="badge">{t('drafts.readOnly')}</span>}
        <span className="draft-editors" aria-label={t('drafts.editingNow')}>
          {t('drafts.editingNow')}:{' '}
          {others.length === 0
            ? t('drafts.nobodyElse')
            : others.map((o) => (
                <span key={o.clientId} className="draft-editor-chip" style={{ borderColor: o.user?.color }}>
                  {o.user?.name}
                </span>
              ))}
        </span>
        {viewing.length > 0 && (
          <span className="draft-editors" aria-label={t('drafts.viewingNow')} data-testid="draft-viewers">
            {t('drafts.viewingNow')}:{' '}
            {viewing.map((o) => (
              <span key={o.clientId} className="draft-editor-chip" style={{ borderColor: o.user.color }}>
                {o.user.name}
              </span>
            ))}
          </span>
        )}
      </div>
      <CollaborativeEditor session={session} user={user} editable={access === 'edit'} />
      {sources.length > 0 && (
        <nav className="draft-sources" aria-label={t('drafts.sources')}>
          <h2>{t('drafts.sources')}</h2>
          <ol>
            {sources.map((source, i) => (
              <li key={`${source.postId}-${i}`}>
                <a href={sourceHref(source)}>{t('drafts.sourceLink', { author: source.author })}</a>
              </li>
            ))}
          </ol>
        </nav>
      )}
    </section>
  );
}
