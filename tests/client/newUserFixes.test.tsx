import './helpers/textEncoding';
import { act } from 'react';
import { MemoryRouter, Route, Routes, useNavigate } from 'react-router';
import type { BlockDto, LiveStateDto, PostDto, QuestionDto } from '@polos/shared';
import { i18next } from '../../client/src/i18n';
import { App } from '../../client/src/App';
import { SessionContext, type SessionContextValue } from '../../client/src/features/auth/sessionContext';
import { ModeratorConsole } from '../../client/src/features/moderation/ModeratorConsole';
import { PostItem, type PostActions } from '../../client/src/features/thread/PostItem';
import { SessionMovedBanner } from '../../client/src/features/workspace/SessionMovedBanner';
import {
  WorkspaceContext,
  type WorkspaceContextValue,
} from '../../client/src/features/workspace/workspaceContext';
import { Composer } from '../../client/src/features/thread/Composer';
import {
  clearComposeStore,
  loadUnsent,
  moveDraftToUnsent,
} from '../../client/src/storage/composeStore';
import { render } from './helpers/render';
import { readyWorkspace } from './helpers/workspace';

const commands: Array<{ event: string; payload: unknown }> = [];
jest.mock('../../client/src/realtime/socket', () => ({
  getSocket: () => ({
    connected: true,
    on: () => undefined,
    off: () => undefined,
    io: { on() {}, off() {} },
  }),
  emitVolatile: () => undefined,
  command: (event: string, payload: unknown) => {
    commands.push({ event, payload });
    return Promise.resolve({ ok: true, data: null });
  },
}));

const WS = 'w'.repeat(24);
const ME = 'a'.repeat(24);
const text = (en: string) => ({ en, es: `${en} (es)` });

function question(id: string, blockId: string, order: number, state: QuestionDto['state']): QuestionDto {
  return {
    id,
    workspaceId: WS,
    blockId,
    order,
    text: text(`Question ${order}`),
    state,
    openedAt: state === 'open' ? new Date().toISOString() : null,
    closedAt: null,
    locked: false,
    lastSeq: 0,
  };
}
function block(id: string, order: number, state: BlockDto['state'], questions: QuestionDto[]): BlockDto {
  return {
    id,
    workspaceId: WS,
    order,
    title: text(`Block ${order}`),
    description: text(''),
    kind: 'discussion',
    state,
    questions,
  };
}

const flush = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)));
const buttonNamed = (root: ParentNode, name: string) =>
  Array.from(root.querySelectorAll('button')).find((b) => b.textContent === name);

afterEach(async () => {
  document.body.innerHTML = '';
  commands.length = 0;
  await i18next.changeLanguage('en');
});

describe('unknown addresses (15.16)', () => {
  const signedOut: SessionContextValue = {
    status: 'signedOut',
    session: null,
    signIn: jest.fn(),
    acceptInvite: jest.fn(),
    signOut: jest.fn(),
    refresh: jest.fn(),
  };

  test('showANotFoundPageWithTheAddressAndALinkHomeInEnglishAndSpanish', async () => {
    const { container, unmount } = render(
      <MemoryRouter initialEntries={['/no/such/page']}>
        <SessionContext value={signedOut}>
          <App />
        </SessionContext>
      </MemoryRouter>,
    );
    await flush();
    const page = container.querySelector('[data-testid="not-found"]')!;
    expect(page.querySelector('h1')?.textContent).toBe('Page not found');
    expect(document.activeElement).toBe(page.querySelector('h1'));
    expect(page.textContent).toContain('/no/such/page');
    expect(page.querySelector('a')?.getAttribute('href')).toBe('/');
    await act(() => i18next.changeLanguage('es'));
    expect(page.querySelector('h1')?.textContent).toBe('Página no encontrada');
    expect(page.querySelector('a')?.textContent).toBe('Volver al inicio');
    unmount();
  });
});

describe('the demo accounts on the sign-in page (15.16)', () => {
  const signedOut: SessionContextValue = {
    status: 'signedOut',
    session: null,
    signIn: jest.fn(),
    acceptInvite: jest.fn(),
    signOut: jest.fn(),
    refresh: jest.fn(),
  };
  const respond = (body: unknown) =>
    Promise.resolve({ ok: true, status: 200, text: () => Promise.resolve(JSON.stringify(body)) } as Response);

  test('listsThemWhenTheServerRunsTheDemoAndFillsTheFormOnUse', async () => {
    global.fetch = jest.fn(() =>
      respond({
        demo: {
          password: 'polos-demo-2015',
          accounts: [{ email: 'moderator@demo.polos.example', role: 'moderator', name: 'Marta (demo)' }],
        },
      }),
    );
    const { container, unmount } = render(
      <MemoryRouter>
        <SessionContext value={signedOut}>
          <App />
        </SessionContext>
      </MemoryRouter>,
    );
    await flush();
    const demo = container.querySelector('[data-testid="demo-accounts"]')!;
    expect(demo.textContent).toContain('polos-demo-2015');
    expect(demo.textContent).toContain('moderator@demo.polos.example');
    const use = demo.querySelector('button')!;
    expect(use.getAttribute('aria-label')).toBe('Use moderator@demo.polos.example (moderator)');
    act(() => use.click());
    expect(container.querySelector<HTMLInputElement>('input[name="email"]')!.value).toBe(
      'moderator@demo.polos.example',
    );
    expect(container.querySelector<HTMLInputElement>('input[name="password"]')!.value).toBe(
      'polos-demo-2015',
    );
    expect(document.activeElement?.textContent).toBe('Sign in');
    unmount();
  });

  test('showsNothingWithoutTheDemo', async () => {
    global.fetch = jest.fn(() => respond({ demo: null }));
    const { container, unmount } = render(
      <MemoryRouter>
        <SessionContext value={signedOut}>
          <App />
        </SessionContext>
      </MemoryRouter>,
    );
    await flush();
    expect(container.querySelector('input[name="email"]')).not.toBeNull();
    expect(container.querySelector('[data-testid="demo-accounts"]')).toBeNull();
    unmount();
  });
});

describe('the moderator console after a session ended (15.13)', () => {
  test('stillOffersToCloseAnOpenQuestionAndAnyOtherOpenOneOfTheBlock', async () => {
    const q1 = question('1'.repeat(24), 'b'.repeat(24), 1, 'open');
    const q3 = question('3'.repeat(24), 'b'.repeat(24), 3, 'open');
    const b = block('b'.repeat(24), 1, 'closed', [
      q1,
      question('2'.repeat(24), 'b'.repeat(24), 2, 'closed'),
      q3,
    ]);
    const { container, unmount } = render(
      <ModeratorConsole workspaceId={WS} block={b} question={q1} session={null} />,
    );
    expect(buttonNamed(container, 'Start live session')).toBeDefined();
    act(() => buttonNamed(container, 'Close question')!.click());
    await flush(); // the console is busy until the ack
    act(() => buttonNamed(container, 'Close question 3')!.click());
    await flush();
    expect(commands).toEqual([
      { event: 'question:close', payload: { questionId: q1.id } },
      { event: 'question:close', payload: { questionId: q3.id } },
    ]);
    // It is a disclosure, open by default (a moderator on a phone can fold it away).
    expect(container.querySelector('details.moderator')?.hasAttribute('open')).toBe(true);
    unmount();
  });
});

describe('an own hidden post (15.16)', () => {
  test('hasNoEditButtonAndSaysWhy', () => {
    const post: PostDto = {
      id: 'p'.repeat(24),
      questionId: 'q'.repeat(24),
      workspaceId: WS,
      parentId: null,
      author: { id: ME, name: 'Me', district: null },
      clientId: 'c'.repeat(32),
      body: '',
      seq: 1,
      lastSeq: 2,
      createdAt: new Date().toISOString(),
      editedAt: null,
      editCount: 0,
      deleted: false,
      hidden: true,
      reactions: { thumbs_up: [], heart: [], lightbulb: [], clap: [], question: [] },
    };
    const actions = {
      onReply: jest.fn(),
      onEdit: jest.fn(),
      onDelete: jest.fn(),
      onReact: jest.fn(),
      onHide: jest.fn(),
      onSpotlight: jest.fn(),
    } as unknown as PostActions;
    const { container, unmount } = render(
      <MemoryRouter>
        <PostItem
          post={post}
          depth={0}
          myUserId={ME}
          canPost
          canModerate={false}
          writable
          spotlighted={false}
          actions={actions}
        />
      </MemoryRouter>,
    );
    expect(buttonNamed(container, 'Edit')).toBeUndefined();
    expect(buttonNamed(container, 'Delete')).toBeDefined();
    expect(container.querySelector('[data-testid="hidden-no-edit"]')?.textContent).toContain(
      'cannot be edited while it is hidden',
    );
    unmount();
  });
});

describe('the session moved cue (15.13)', () => {
  const b1 = 'b'.repeat(24);
  const b2 = 'c'.repeat(24);
  const q11 = question('1'.repeat(24), b1, 1, 'open');
  const q21 = question('4'.repeat(24), b2, 1, 'pending');
  const session = (currentBlockId: string, currentQuestionId: string): LiveStateDto => ({
    workspaceId: WS,
    session: {
      id: 's'.repeat(24),
      workspaceId: WS,
      title: 'Session',
      startedAt: new Date().toISOString(),
      endedAt: null,
      currentBlockId,
      currentQuestionId,
      spotlight: null,
      startedBy: ME,
    },
  });
  const context = (live: LiveStateDto, blocks: BlockDto[]): WorkspaceContextValue =>
    readyWorkspace({ workspaceId: WS, blocks, live });

  let go: (path: string) => void = () => undefined;
  function Navigator() {
    const navigate = useNavigate();
    go = (path) => void navigate(path);
    return null;
  }

  test('tellsSomeoneElsewhereWhereTheSessionWentAndGoesAwayThere', () => {
    const blocks = [block(b1, 1, 'live', [q11]), block(b2, 2, 'upcoming', [q21])];
    const tree = (value: WorkspaceContextValue) => (
      <MemoryRouter initialEntries={[`/w/${WS}/archive`]}>
        <WorkspaceContext value={value}>
          <Navigator />
          <Routes>
            <Route path="*" element={<SessionMovedBanner />} />
          </Routes>
        </WorkspaceContext>
      </MemoryRouter>
    );
    const view = render(tree(context(session(b1, q11.id), blocks)));
    // What was running when the page opened is not a move.
    expect(view.container.querySelector('[data-testid="session-moved"]')).toBeNull();

    const moved = [
      block(b1, 1, 'closed', [{ ...q11, state: 'closed' }]),
      block(b2, 2, 'live', [{ ...q21, state: 'open' }]),
    ];
    view.rerender(tree(context(session(b2, q21.id), moved)));
    const banner = view.container.querySelector('[data-testid="session-moved"]')!;
    expect(banner.getAttribute('role')).toBe('status');
    expect(banner.textContent).toContain('The live session moved to Block 2 — question 1.');
    expect(banner.querySelector('a')?.getAttribute('href')).toBe(`/w/${WS}/b/${b2}`);

    // Following the link (or being there) removes it.
    act(() => go(`/w/${WS}/b/${b2}`));
    expect(view.container.querySelector('[data-testid="session-moved"]')).toBeNull();
    view.unmount();
  });
});

describe('composer drafts on the device (15.10)', () => {
  const Q = 'q'.repeat(24);
  const typeInto = (textarea: HTMLTextAreaElement, value: string) => {
    const descriptor = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!;
    act(() => {
      descriptor.set!.call(textarea, value);
      textarea.dispatchEvent(new Event('input', { bubbles: true }));
    });
  };
  const parent = {
    id: 'p'.repeat(24),
    author: { id: 'o'.repeat(24), name: 'Ana', district: null },
  } as PostDto;

  test('comeBackAfterTheComposerIsUnmountedPerReplyTargetAndPerUser', () => {
    localStorage.clear();
    const composer = (userId: string, replyTo: PostDto | null) => (
      <Composer
        questionId={Q}
        userId={userId}
        replyTo={replyTo}
        onCancelReply={() => undefined}
        onSend={() => undefined}
      />
    );
    const first = render(composer(ME, null));
    typeInto(first.container.querySelector('textarea')!, 'Half a thought');
    first.rerender(composer(ME, parent));
    expect(first.container.querySelector('textarea')!.value).toBe('');
    typeInto(first.container.querySelector('textarea')!, 'A reply to Ana');
    // Thread locked: the composer goes away; unlocked: it comes back with the text.
    first.unmount();
    const again = render(composer(ME, null));
    expect(again.container.querySelector('textarea')!.value).toBe('Half a thought');
    again.rerender(composer(ME, parent));
    expect(again.container.querySelector('textarea')!.value).toBe('A reply to Ana');
    again.unmount();
    // Another user of this browser does not get them.
    const other = render(composer('z'.repeat(24), null));
    expect(other.container.querySelector('textarea')!.value).toBe('');
    other.unmount();
  });

  test('aSentPostMovesToUnsentUntilAcknowledgedAndSignOutClearsEverything', () => {
    localStorage.clear();
    moveDraftToUnsent(ME, Q, { clientId: 'c'.repeat(32), body: 'Sent offline', parentId: null });
    expect(loadUnsent(ME, Q)).toEqual([{ clientId: 'c'.repeat(32), body: 'Sent offline', parentId: null }]);
    localStorage.setItem('unrelated', 'kept');
    clearComposeStore(ME);
    expect(loadUnsent(ME, Q)).toEqual([]);
    expect(localStorage.getItem('unrelated')).toBe('kept');
  });
});
