import './helpers/textEncoding';
import { act } from 'react';
import { MemoryRouter } from 'react-router';
import '../../client/src/i18n';
import { SessionProvider } from '../../client/src/features/auth/SessionProvider';
import { UserMenu } from '../../client/src/features/auth/UserMenu';
import { render } from './helpers/render';

jest.mock('../../client/src/realtime/socket', () => ({ getSocket: () => ({ disconnect: () => undefined }) }));

const session = { user: { id: 'a'.repeat(24), name: 'Ana Souza' }, csrfToken: 't', workspaces: [] };
let logout: () => Promise<unknown>;
const fetchMock = jest.fn((path: string, init?: { method?: string }) => {
  if (path === '/api/auth/session')
    return Promise.resolve({ status: 200, ok: true, text: () => Promise.resolve(JSON.stringify(session)) });
  if (path === '/api/auth/logout' && init?.method === 'POST') return logout();
  return Promise.reject(new Error(`unexpected ${path}`));
});

const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 10)));
const signOutButton = (root: ParentNode) =>
  Array.from(root.querySelectorAll('button')).find((b) => b.textContent === 'Sign out');

describe('sign-out when the server does not answer', () => {
  beforeAll(() => {
    (globalThis as { fetch?: unknown }).fetch = fetchMock;
  });

  test('staysSignedInAndSaysSoUntilTheServerEndsTheSession', async () => {
    const { container, unmount } = render(
      <MemoryRouter>
        <SessionProvider>
          <UserMenu />
        </SessionProvider>
      </MemoryRouter>,
    );
    await settle();
    expect(container.textContent).toContain('Ana Souza');

    // Offline: the httpOnly session cookie is still valid, so the UI must not pretend it signed out.
    logout = () => Promise.reject(new TypeError('Failed to fetch'));
    await act(async () => signOutButton(container)!.click());
    await settle();
    expect(container.querySelector('[role="alert"]')?.textContent).toContain('Could not sign out');
    expect(signOutButton(container)).toBeDefined();
    expect(container.textContent).toContain('Ana Souza');

    // Back online: the server ends the session and the menu goes away.
    logout = () => Promise.resolve({ status: 204, ok: true, text: () => Promise.resolve('') });
    await act(async () => signOutButton(container)!.click());
    await settle();
    expect(container.textContent).not.toContain('Ana Souza');
    expect(fetchMock.mock.calls.filter(([path]) => path === '/api/auth/logout')).toHaveLength(2);
    unmount();
  });
});
