import './helpers/textEncoding';
import { MemoryRouter } from 'react-router';
import type { PostDto } from '@polos/shared';
import '../../client/src/i18n';
import { PostItem, type PostActions } from '../../client/src/features/thread/PostItem';
import { render } from './helpers/render';

jest.mock('../../client/src/realtime/socket', () => ({
  getSocket: () => ({ connected: true, on: () => undefined, off: () => undefined }),
  emitVolatile: () => undefined,
  command: () => Promise.resolve({ ok: true, data: null }),
}));

/**
 * A hidden post is a placeholder for members: no reaction counts and no "Reply" (QA: participants still saw
 * them); moderators see the post, its reactions and Reply as usual.
 */
const ME = 'a'.repeat(24);
const OTHER = 'b'.repeat(24);

function hiddenPost(body: string): PostDto {
  return {
    id: 'p'.repeat(24),
    questionId: 'q'.repeat(24),
    workspaceId: 'w'.repeat(24),
    parentId: null,
    author: { id: OTHER, name: 'Bruno', district: null },
    clientId: 'c'.repeat(32),
    body,
    seq: 1,
    lastSeq: 2,
    createdAt: new Date().toISOString(),
    editedAt: null,
    editCount: 0,
    deleted: false,
    hidden: true,
    reactions: { thumbs_up: [ME, OTHER], heart: [], lightbulb: [], clap: [], question: [] },
  };
}

const actions = {
  onReply: jest.fn(),
  onEdit: jest.fn(),
  onDelete: jest.fn(),
  onReact: jest.fn(),
  onHide: jest.fn(),
  onSpotlight: jest.fn(),
} as unknown as PostActions;

const view = (post: PostDto, canModerate: boolean) =>
  render(
    <MemoryRouter>
      <PostItem
        post={post}
        depth={0}
        myUserId={ME}
        canPost
        canModerate={canModerate}
        writable
        spotlighted={false}
        actions={actions}
      />
    </MemoryRouter>,
  );

const buttons = (root: ParentNode) => Array.from(root.querySelectorAll('button')).map((b) => b.textContent);

test('aParticipantSeesThePlaceholderWithoutReactionsOrReply', () => {
  const { container, unmount } = view(hiddenPost(''), false);
  expect(container.textContent).toContain('Hidden by a moderator.');
  expect(container.querySelector('.reactions')).toBeNull();
  expect(buttons(container)).not.toContain('Reply');
  unmount();
});

test('aModeratorSeesTheHiddenPostWithItsReactionsAndReply', () => {
  const { container, unmount } = view(hiddenPost('The body'), true);
  expect(container.textContent).toContain('The body');
  expect(container.querySelector('.reactions')?.textContent).toContain('2');
  expect(buttons(container)).toContain('Reply');
  unmount();
});
