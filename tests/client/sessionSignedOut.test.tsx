import './helpers/textEncoding';
import { act } from 'react';
import '../../client/src/i18n';
import { SessionProvider } from '../../client/src/features/auth/SessionProvider';
import { useSession } from '../../client/src/features/auth';
import { render } from './helpers/render';

jest.mock('../../client/src/realtime/socket', () => ({ getSocket: () => ({ disconnect: () => undefined }) }));

/** Signed out, `GET /api/auth/session` answers 200 `{ user: null }` (no console error on each page load). */
const fetchMock = jest.fn((path: string, init?: { method?: string }) => {
  if (path === '/api/auth/session' && (init?.method ?? 'GET') === 'GET')
    return Promise.resolve({ status: 200, ok: true, text: () => Promise.resolve('{"user":null}') });
  return Promise.reject(new Error(`unexpected ${path}`));
});

function Status() {
  const { status, session } = useSession();
  return <p data-testid="status">{`${status} ${session ? session.user.name : '-'}`}</p>;
}

const settle = () => act(() => new Promise((resolve) => setTimeout(resolve, 10)));

describe('the session when signed out', () => {
  beforeAll(() => {
    (globalThis as { fetch?: unknown }).fetch = fetchMock;
  });

  test('aUserNullAnswerIsSignedOut', async () => {
    const { container, unmount } = render(
      <SessionProvider>
        <Status />
      </SessionProvider>,
    );
    await settle();
    expect(container.querySelector('[data-testid="status"]')?.textContent).toBe('signedOut -');
    expect(fetchMock).toHaveBeenCalledTimes(1);
    unmount();
  });
});
