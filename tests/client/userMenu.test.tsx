import './helpers/textEncoding';
import { act } from 'react';
import { MemoryRouter } from 'react-router';
import type { SessionDto } from '@polos/shared';
import { i18next } from '../../client/src/i18n';
import { UserMenu } from '../../client/src/features/auth/UserMenu';
import { SessionContext, type SessionContextValue } from '../../client/src/features/auth/sessionContext';
import { markDraftCacheUnsaved, noteDraftCache } from '../../client/src/features/drafts/draftCache';
import { render } from './helpers/render';

const USER_ID = 'a'.repeat(24);

function renderMenu(signOut: SessionContextValue['signOut']) {
  const value: SessionContextValue = {
    status: 'signedIn',
    session: {
      user: { id: USER_ID, name: 'Ana Souza' },
      csrfToken: 't',
      workspaces: [],
    } as unknown as SessionDto,
    signIn: jest.fn(),
    acceptInvite: jest.fn(),
    signOut,
    refresh: jest.fn(),
  };
  return render(
    <MemoryRouter>
      <SessionContext value={value}>
        <UserMenu />
      </SessionContext>
    </MemoryRouter>,
  );
}

const button = (root: ParentNode, name: string) => {
  const found = Array.from(root.querySelectorAll('button')).find((b) => b.textContent === name);
  if (!found) throw new Error(`no button "${name}" in ${root.textContent}`);
  return found;
};
const click = async (element: HTMLElement) => {
  await act(async () => {
    element.click();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
};

describe('<UserMenu> sign-out', () => {
  afterEach(async () => {
    localStorage.clear();
    document.body.innerHTML = '';
    await act(() => i18next.changeLanguage('en'));
  });

  test('withNothingUnsentItSignsOutAtOnce', async () => {
    noteDraftCache(USER_ID, 'd1', { title: 'Policies', workspaceId: 'w1' });
    const signOut = jest.fn(() => Promise.resolve());
    const { container, unmount } = renderMenu(signOut);
    await click(button(container, 'Sign out'));
    expect(signOut).toHaveBeenCalledWith(false);
    expect(document.querySelector('[role="alertdialog"]')).toBeNull();
    unmount();
  });

  test('withUnsentDraftEditsItAsksAndOnlyADeliberateChoiceSignsOut', async () => {
    noteDraftCache(USER_ID, 'd1', { title: 'Policies', workspaceId: 'w1' });
    markDraftCacheUnsaved(USER_ID, 'd1', true);
    const signOut = jest.fn(() => Promise.resolve());
    const { container, unmount } = renderMenu(signOut);

    await click(button(container, 'Sign out'));
    let dialog = container.querySelector<HTMLElement>('[role="alertdialog"]')!;
    expect(dialog.querySelector('h2')?.textContent).toBe('Edits not sent yet');
    expect(dialog.textContent).toContain('Your edits to 1 conclusions draft are only on this device');
    expect(dialog.querySelector('a')?.getAttribute('href')).toBe('/w/w1/drafts/d1');
    expect(dialog.querySelector('a')?.textContent).toBe('Policies');
    // The safe choice has the focus.
    expect(document.activeElement?.textContent).toBe('Stay signed in');

    await click(button(dialog, 'Stay signed in'));
    expect(container.querySelector('[role="alertdialog"]')).toBeNull();
    expect(signOut).not.toHaveBeenCalled();

    await click(button(container, 'Sign out everywhere'));
    dialog = container.querySelector<HTMLElement>('[role="alertdialog"]')!;
    await click(button(dialog, 'Sign out and discard the edits'));
    expect(signOut).toHaveBeenCalledWith(true);
    expect(container.querySelector('[role="alertdialog"]')).toBeNull();
    unmount();
  });

  test('theWarningSpeaksSpanish', async () => {
    markDraftCacheUnsaved(USER_ID, 'd1', true);
    markDraftCacheUnsaved(USER_ID, 'd2', true);
    await act(() => i18next.changeLanguage('es'));
    const signOut = jest.fn(() => Promise.resolve());
    const { container, unmount } = renderMenu(signOut);
    await click(button(container, 'Cerrar sesión'));
    const dialog = container.querySelector<HTMLElement>('[role="alertdialog"]')!;
    expect(dialog.querySelector('h2')?.textContent).toBe('Cambios aún no enviados');
    expect(dialog.textContent).toContain('Sus cambios en 2 borradores de conclusiones');
    // Without a known title (never joined online), the draft is still listed.
    expect(dialog.querySelectorAll('li')).toHaveLength(2);
    expect(dialog.textContent).toContain('Borrador de conclusiones');
    button(dialog, 'Cerrar sesión y descartar los cambios');
    await click(button(dialog, 'Mantener la sesión'));
    expect(signOut).not.toHaveBeenCalled();
    unmount();
  });
});
