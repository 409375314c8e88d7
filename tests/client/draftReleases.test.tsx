import './helpers/textEncoding';
import { act } from 'react';
import { MemoryRouter } from 'react-router';
import type { DraftDto, DraftPublicationDto } from '@polos/shared';
import { i18next } from '../../client/src/i18n';
import { Releases } from '../../client/src/features/drafts/DraftReleases';
import { render } from './helpers/render';

/**
 * The release list in the UI language (QA): a release under its draft's generated title shows that title in the
 * UI language ("Competitividad — conclusiones — Publicación 1", not "Competitiveness — conclusions — Publicación
 * 1"); a title someone wrote stays as written; the date's zone is named in the language, not the raw IANA id.
 */
const DRAFT = {
  id: 'd'.repeat(24),
  workspaceId: 'w'.repeat(24),
  blockId: 'b'.repeat(24),
  title: 'Competitiveness — conclusions',
  titleText: { en: 'Competitiveness — conclusions', es: 'Competitividad — conclusiones' },
} as unknown as DraftDto;

const release = (number: number, title: string): DraftPublicationDto => ({
  id: String(number).repeat(24),
  draftId: DRAFT.id,
  workspaceId: DRAFT.workspaceId,
  blockId: DRAFT.blockId,
  number,
  title,
  blockTitle: 'Competitiveness',
  versionId: 'v'.repeat(24),
  publishedAt: '2026-11-30T10:00:00.000Z',
  timeZone: 'Europe/Madrid',
  publishedBy: { id: 'u'.repeat(24), name: 'Mod' },
  contributors: [],
});

afterEach(async () => {
  await act(() => i18next.changeLanguage('en'));
});

it('namesReleasesAndTheirTimeZoneInTheUiLanguage', async () => {
  await act(() => i18next.changeLanguage('es'));
  const view = render(
    <MemoryRouter>
      <Releases
        publications={[release(2, 'Competitiveness — conclusions'), release(1, 'Primer borrador')]}
        drafts={[DRAFT]}
      />
    </MemoryRouter>,
  );
  const items = Array.from(view.container.querySelectorAll('[data-testid="draft-release"]')).map(
    (li) => li.textContent ?? '',
  );
  expect(items[0]).toContain('Competitividad — conclusiones — Publicación 2');
  expect(items[0]).toContain('(hora de Europa central)');
  expect(items[1]).toContain('Primer borrador — Publicación 1');
  expect(items.join('\n')).not.toMatch(/Competitiveness|Europe\/Madrid/);
  view.unmount();
});
