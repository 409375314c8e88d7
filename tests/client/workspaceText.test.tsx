import './helpers/textEncoding';
import { act } from 'react';
import type { WorkspaceSummaryDto } from '@polos/shared';
import { i18next } from '../../client/src/i18n';
import { WorkspaceText } from '../../client/src/components/WorkspaceText';
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

  test('anOlderServerWithoutTranslationsShowsThePlainString', async () => {
    await act(() => i18next.changeLanguage('es'));
    const { titleText: _t, descriptionText: _d, ...plain } = workspace;
    const view = render(<WorkspaceText workspace={plain} field="description" />);
    expect(view.container.textContent).toBe('Annual programme');
  });
});
