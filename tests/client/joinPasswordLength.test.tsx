import './helpers/textEncoding';
import { act } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { i18next } from '../../client/src/i18n';
import JoinPage from '../../client/src/features/auth/JoinPage';
import { SessionContext, type SessionContextValue } from '../../client/src/features/auth/sessionContext';
import { click, settle, typeInto } from './helpers/dom';
import { render } from './helpers/render';

/**
 * A too-short password at join says what is wrong with which field (QA: "No se pudo unir: Revise los datos
 * ingresados."), in every UI language, and sends nothing.
 */
const preview = {
  workspace: { id: 'w'.repeat(24), title: 'Polos' },
  role: 'participant',
  expiresAt: '2030-01-01',
};
const fetchMock = jest.fn(() =>
  Promise.resolve({ status: 200, ok: true, text: () => Promise.resolve(JSON.stringify(preview)) }),
);

describe('join: password length', () => {
  beforeAll(() => {
    (globalThis as { fetch?: unknown }).fetch = fetchMock;
  });
  afterAll(async () => {
    await i18next.changeLanguage('en');
  });

  test.each([
    ['en', 'The password needs at least 10 characters.'],
    ['es', 'La contraseña debe tener al menos 10 caracteres.'],
  ])('aTooShortPasswordGetsTheFieldsOwnMessage (%s)', async (language, message) => {
    await act(() => i18next.changeLanguage(language));
    const acceptInvite = jest.fn(() => Promise.resolve());
    const session = {
      status: 'signedOut',
      session: null,
      acceptInvite,
    } as unknown as SessionContextValue;
    const { container, unmount } = render(
      <SessionContext value={session}>
        <MemoryRouter initialEntries={['/join/tok']}>
          <Routes>
            <Route path="/join/:token" element={<JoinPage />} />
          </Routes>
        </MemoryRouter>
      </SessionContext>,
    );
    await settle();
    const inputs = container.querySelectorAll<HTMLInputElement>('input');
    await typeInto(inputs[0], 'Ana Souza');
    await typeInto(inputs[1], 'ana@example.test');
    const password = container.querySelector<HTMLInputElement>('input[type="password"]')!;
    await typeInto(password, 'short');
    await click(container.querySelector<HTMLButtonElement>('button[type="submit"]')!);
    await settle();
    expect(container.querySelector('[role="alert"]')?.textContent).toBe(message);
    expect(password.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(password);
    expect(acceptInvite).not.toHaveBeenCalled();
    unmount();
  });
});
