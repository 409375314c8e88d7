import './helpers/textEncoding';
import { act } from 'react';
import { i18next } from '../../client/src/i18n';
import { render } from './helpers/render';
import { click, settle } from './helpers/dom';

/**
 * Issue 12 QA: the admin's "make the year page public" checkbox shows the change at once, is busy while the server
 * saves it, and rolls back with an alert when the server refuses.
 */
type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void; body: unknown };
const puts: Pending[] = [];
jest.mock('../../client/src/api/http', () => ({
  ApiError: class ApiError extends Error {},
  api: (method: string, _path: string, body?: unknown) =>
    method === 'GET'
      ? Promise.resolve({ public: false, path: '/public/w' })
      : new Promise((resolve, reject) => puts.push({ resolve, reject, body })),
}));
jest.mock('../../client/src/features/workspace', () => ({
  useWorkspace: () => ({ workspaceId: 'w'.repeat(24), workspace: { role: 'admin' } }),
}));
jest.mock('../../client/src/features/publication/publication.css', () => ({}));

import { PublicationPanel } from '../../client/src/features/publication/PublicationPanel';

const checkbox = (root: HTMLElement) => root.querySelector<HTMLInputElement>('input[type="checkbox"]')!;

describe('publication panel: public year page toggle', () => {
  beforeAll(async () => {
    await act(() => i18next.changeLanguage('en'));
  });

  it('showsTheChangeAtOnceBusyUntilSavedThenKeepsIt', async () => {
    const view = render(<PublicationPanel />);
    await settle();
    const box = checkbox(view.container);
    expect(box.checked).toBe(false);
    await click(box);
    // At once, before the server answered: checked, busy, further clicks ignored.
    expect(checkbox(view.container).checked).toBe(true);
    expect(box.getAttribute('aria-busy')).toBe('true');
    expect(box.getAttribute('aria-disabled')).toBe('true');
    expect(puts).toHaveLength(1);
    expect(puts[0].body).toEqual({ public: true });
    await click(box);
    expect(puts).toHaveLength(1);
    expect(checkbox(view.container).checked).toBe(true);
    await act(async () => puts[0].resolve({ public: true, path: '/public/w' }));
    await settle();
    expect(checkbox(view.container).checked).toBe(true);
    expect(box.hasAttribute('aria-busy')).toBe(false);
    expect(view.container.textContent).toContain('The year page is public.');
    expect(view.container.querySelector('[role="alert"]')).toBeNull();
    view.unmount();
    puts.length = 0;
  });

  it('rollsBackWithAnAlertWhenTheServerRefuses', async () => {
    const view = render(<PublicationPanel />);
    await settle();
    const box = checkbox(view.container);
    await click(box);
    expect(checkbox(view.container).checked).toBe(true);
    await act(async () => puts[0].reject(new Error('403')));
    await settle();
    expect(checkbox(view.container).checked).toBe(false);
    expect(box.hasAttribute('aria-busy')).toBe(false);
    expect(view.container.querySelector('[role="alert"]')?.textContent).toBe(
      'The setting could not be saved.',
    );
    view.unmount();
    puts.length = 0;
  });
});
