import './helpers/textEncoding';
import { act } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import type { SessionDto } from '@polos/shared';
import { i18next } from '../../client/src/i18n';
import AccountPage from '../../client/src/features/account/AccountPage';
import { SessionContext, type SessionContextValue } from '../../client/src/features/auth/sessionContext';
import { click, settle, typeInto } from './helpers/dom';
import { render } from './helpers/render';

/** What the DELETE answers next: a status and (for errors) the API's error body. */
let answer: { status: number; body?: unknown };
const fetchMock = jest.fn((_path: string, _init?: { method?: string; body?: string }) =>
  Promise.resolve({
    status: answer.status,
    ok: answer.status < 300,
    text: () => Promise.resolve(answer.body === undefined ? '' : JSON.stringify(answer.body)),
  }),
);

function Home() {
  const state = useLocation().state as { notice?: string } | null;
  return <p data-testid="home">home {state?.notice}</p>;
}

function renderPage(signOut: SessionContextValue['signOut']) {
  const value: SessionContextValue = {
    status: 'signedIn',
    session: {
      user: { id: 'a'.repeat(24), name: 'Ana Souza' },
      csrfToken: 't',
      workspaces: [],
    } as unknown as SessionDto,
    signIn: jest.fn(),
    acceptInvite: jest.fn(),
    signOut,
    refresh: jest.fn(),
  };
  return render(
    <MemoryRouter initialEntries={['/account']}>
      <SessionContext value={value}>
        <Routes>
          <Route path="/account" element={<AccountPage />} />
          <Route path="/" element={<Home />} />
        </Routes>
      </SessionContext>
    </MemoryRouter>,
  );
}

describe('<AccountPage> export and delete (reliability row 21)', () => {
  beforeAll(() => {
    (globalThis as { fetch?: unknown }).fetch = fetchMock;
  });
  afterEach(async () => {
    fetchMock.mockClear();
    document.body.innerHTML = '';
    await act(() => i18next.changeLanguage('en'));
  });

  test('theExportIsADownloadLinkAndTheHeadingTakesFocus', () => {
    const { container, unmount } = renderPage(jest.fn());
    const link = container.querySelector<HTMLAnchorElement>('[data-testid="account-export"]')!;
    expect(link.getAttribute('href')).toBe('/api/users/me/export');
    expect(link.hasAttribute('download')).toBe(true);
    expect(link.textContent).toBe('Download my data (JSON)');
    expect(document.activeElement?.id).toBe('account-title');
    unmount();
  });

  test('deletingNeedsTheConfirmationAndShowsTheServersRefusalTranslated', async () => {
    await act(() => i18next.changeLanguage('es'));
    const signOut = jest.fn(() => Promise.resolve());
    const { container, unmount } = renderPage(signOut);
    const submit = container.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    expect(submit.textContent).toBe('Eliminar mi cuenta');
    expect(submit.disabled).toBe(true);
    // The password field has a visible label.
    const password = container.querySelector<HTMLInputElement>('input[type="password"]')!;
    expect(password.closest('label')?.textContent).toContain('Su contraseña, para confirmar');

    await click(container.querySelector<HTMLInputElement>('input[type="checkbox"]')!);
    expect(submit.disabled).toBe(false);
    await typeInto(password, 'wrong password');
    answer = {
      status: 403,
      body: { error: { code: 'wrong_password', message: 'The password is not correct' } },
    };
    await click(submit);
    await settle();
    expect(container.querySelector('[role="alert"]')?.textContent).toBe('La contraseña no es correcta.');
    expect(password.getAttribute('aria-invalid')).toBe('true');
    expect(fetchMock).toHaveBeenCalledWith(
      '/api/users/me',
      expect.objectContaining({ method: 'DELETE', body: JSON.stringify({ password: 'wrong password' }) }),
    );

    answer = {
      status: 409,
      body: { error: { code: 'last_admin', message: 'You are the only admin of "W"' } },
    };
    await click(submit);
    await settle();
    expect(container.querySelector('[role="alert"]')?.textContent).toMatch(
      /^Usted es la única persona administradora/,
    );
    expect(signOut).not.toHaveBeenCalled();
    unmount();
  });

  test('afterADeletionItSignsOutAndGoesHomeWithANotice', async () => {
    const signOut = jest.fn(() => Promise.resolve());
    const { container, unmount } = renderPage(signOut);
    await click(container.querySelector<HTMLInputElement>('input[type="checkbox"]')!);
    await typeInto(
      container.querySelector<HTMLInputElement>('input[type="password"]')!,
      'correct horse battery',
    );
    answer = { status: 204 };
    await click(container.querySelector<HTMLButtonElement>('button[type="submit"]')!);
    await settle();
    expect(signOut).toHaveBeenCalledTimes(1);
    // The deletion already ended the session: no logout request (it would only answer 401).
    expect(signOut).toHaveBeenCalledWith(false, { serverEnded: true });
    expect(container.querySelector('[data-testid="home"]')?.textContent).toBe('home accountDeleted');
    unmount();
  });
});
