import './helpers/textEncoding';
import { act } from 'react';
import { MemoryRouter } from 'react-router';
import type { SessionDto, WorkspaceSummaryDto } from '@polos/shared';
import { i18next } from '../../client/src/i18n';
import { useWorkspaceTitle, WorkspaceText, workspaceTitle } from '../../client/src/components/WorkspaceText';
import { SessionContext, type SessionContextValue } from '../../client/src/features/auth/sessionContext';
import { HomePage } from '../../client/src/features/home/HomePage';
import { useDocumentTitle } from '../../client/src/hooks/useDocumentTitle';
import { render } from './helpers/render';

const workspace: WorkspaceSummaryDto = {
  id: 'w'.repeat(24),
  title: 'Competitiveness 2027',
  description: 'Annual programme',
  role: 'participant',
  titleText: { en: 'Competitiveness 2027', es: 'Competitividad 2027', fr: 'Compétitivité 2027' },
  descriptionText: { en: 'Annual programme', es: 'Programa anual' },
};

/** Issue 13: a workspace's title in the viewer's language, with the fallback marker of block titles. */
describe('<WorkspaceText>', () => {
  afterEach(async () => {
    document.body.innerHTML = '';
    await act(() => i18next.changeLanguage('en'));
  });

  test('aFrenchViewerSeesTheFrenchTitleWithoutAMarker', async () => {
    await act(() => i18next.changeLanguage('fr'));
    const view = render(<WorkspaceText workspace={workspace} field="title" />);
    expect(view.container.textContent).toBe('Compétitivité 2027');
    expect(view.container.querySelector('.lang-fallback')).toBeNull();
  });

  test('anUntranslatedLanguageShowsEnglishMarkedAsAFallback', async () => {
    await act(() => i18next.changeLanguage('pt'));
    const view = render(<WorkspaceText workspace={workspace} field="title" />);
    const shown = view.container.querySelector('[lang="en"]')!;
    expect(shown.textContent).toBe('Competitiveness 2027');
    const marker = view.container.querySelector('.lang-fallback')!;
    expect(marker.textContent).toContain('EN');
    expect(marker.querySelector('.visually-hidden')!.textContent).toMatch(/\(.+\)/);
  });

  test('anOlderServerWithoutTranslationsShowsThePlainStringAsEnglish', async () => {
    await act(() => i18next.changeLanguage('es'));
    const { titleText: _t, descriptionText: _d, ...plain } = workspace;
    const view = render(<WorkspaceText workspace={plain} field="description" />);
    expect(view.container.querySelector('[lang="en"]')!.textContent).toBe('Annual programme');
    expect(view.container.querySelector('.lang-fallback')!.textContent).toContain('EN');
  });

  // QA m1: the server presents an untranslated Spanish as blank; the Spanish UI shows English, marked.
  test('aSpanishViewerOfAnUntranslatedWorkspaceSeesEnglishMarked', async () => {
    await act(() => i18next.changeLanguage('es'));
    const englishOnly = { ...workspace, titleText: { en: 'Competitiveness 2027', es: '' } };
    const view = render(<WorkspaceText workspace={englishOnly} field="title" />);
    expect(view.container.querySelector('[lang="en"]')!.textContent).toBe('Competitiveness 2027');
    expect(view.container.querySelector('.lang-fallback')!.textContent).toContain('EN');
  });
});

const untranslated: WorkspaceSummaryDto = {
  id: 'v'.repeat(24),
  title: 'Regional programme',
  description: 'Regional work',
  role: 'admin',
  titleText: { en: 'Regional programme', es: 'Programa regional' },
  descriptionText: { en: 'Regional work', es: 'Trabajo regional' },
};

/** A page's document title as the workspace pages build it (`useDocumentTitle(page, useWorkspaceTitle(ws))`). */
function TitledPage({ ws }: { ws: WorkspaceSummaryDto }) {
  useDocumentTitle('Page', useWorkspaceTitle(ws));
  return null;
}

/** Issue 13: every place showing a workspace title follows the viewer's language, with the same fallback. */
describe('workspace titles outside the home page', () => {
  afterEach(async () => {
    document.body.innerHTML = '';
    await act(() => i18next.changeLanguage('en'));
  });

  test('theHomeListShowsFrenchTitlesAndMarksTheUntranslatedOne', async () => {
    await act(() => i18next.changeLanguage('fr'));
    const value: SessionContextValue = {
      status: 'signedIn',
      session: {
        user: { id: 'u'.repeat(24) },
        csrfToken: 't',
        workspaces: [workspace, untranslated],
      } as unknown as SessionDto,
      signIn: jest.fn(),
      acceptInvite: jest.fn(),
      signOut: jest.fn(),
      refresh: jest.fn(),
    };
    const view = render(
      <MemoryRouter>
        <SessionContext value={value}>
          <HomePage />
        </SessionContext>
      </MemoryRouter>,
    );
    const links = Array.from(view.container.querySelectorAll('li a'));
    expect(links).toHaveLength(2);
    expect(links[0].textContent).toBe('Compétitivité 2027');
    expect(links[0].querySelector('.lang-fallback')).toBeNull();
    // No French title: the English one, in its own `lang`, with the visible "EN" marker.
    expect(links[1].querySelector('[lang="en"]')!.textContent).toBe('Regional programme');
    expect(links[1].querySelector('.lang-fallback')!.textContent).toContain('EN');
  });

  test('documentTitlesUseTheViewersLanguageWithTheSameFallback', async () => {
    await act(() => i18next.changeLanguage('fr'));
    const view = render(<TitledPage ws={workspace} />);
    expect(document.title).toBe('Page · Compétitivité 2027 · Polos');
    await act(() => i18next.changeLanguage('pt'));
    expect(document.title).toBe('Page · Competitiveness 2027 · Polos');
    await act(() => i18next.changeLanguage('es'));
    expect(document.title).toBe('Page · Competitividad 2027 · Polos');
    view.unmount();
  });

  test('thePlainStringHelperFallsBackLikeLocalized', () => {
    expect(workspaceTitle(untranslated, 'fr')).toBe('Regional programme');
    expect(workspaceTitle({ title: 'Only one', titleText: undefined }, 'pt')).toBe('Only one');
    expect(workspaceTitle({ title: 'x', titleText: { en: '', es: 'Solo español' } }, 'fr')).toBe(
      'Solo español',
    );
  });
});
