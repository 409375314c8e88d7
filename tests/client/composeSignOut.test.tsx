import './helpers/textEncoding';
import { act } from 'react';
import { MemoryRouter } from 'react-router';
import '../../client/src/i18n';
import { SessionProvider } from '../../client/src/features/auth/SessionProvider';
import { UserMenu } from '../../client/src/features/auth/UserMenu';
import { loadUnsent, moveDraftToUnsent } from '../../client/src/storage/composeStore';
import { render } from './helpers/render';

jest.mock('../../client/src/realtime/socket', () => ({ getSocket: () => ({ disconnect: () => undefined }) }));

const ME = 'a'.repeat(24);
const flush = () => act(() => new Promise((resolve) => setTimeout(resolve, 10)));
const buttonNamed = (root: ParentNode, name: string) =>
  Array.from(root.querySelectorAll('button')).find((b) => b.textContent === name);

describe('sign-out and the composer text on the device (15.10)', () => {
  test('signingOutDeletesTheUsersDraftsAndUnsentPosts', async () => {
    localStorage.clear();
    const session = { user: { id: ME, name: 'Ana Souza' }, csrfToken: 't', workspaces: [] };
    global.fetch = jest.fn((path: string) =>
      Promise.resolve({
        ok: true,
        status: path === '/api/auth/session' ? 200 : 204,
        text: () => Promise.resolve(path === '/api/auth/session' ? JSON.stringify(session) : ''),
      } as Response),
    ) as unknown as typeof fetch;
    moveDraftToUnsent(ME, 'q'.repeat(24), { clientId: 'c'.repeat(32), body: 'Not sent yet', parentId: null });
    localStorage.setItem(`polos-compose:${'z'.repeat(24)}:${'q'.repeat(24)}`, '{"drafts":{"":"other user"}}');
    const { container, unmount } = render(
      <MemoryRouter>
        <SessionProvider>
          <UserMenu />
        </SessionProvider>
      </MemoryRouter>,
    );
    await flush();
    await act(async () => buttonNamed(container, 'Sign out')!.click());
    await flush();
    expect(loadUnsent(ME, 'q'.repeat(24))).toEqual([]);
    // Only this user's keys go.
    expect(localStorage.getItem(`polos-compose:${'z'.repeat(24)}:${'q'.repeat(24)}`)).not.toBeNull();
    unmount();
  });
});
