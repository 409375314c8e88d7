import './helpers/textEncoding';
import { act } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import type { DirectoryPageDto, MemberDto, SearchResponseDto } from '@polos/shared';
import { i18next } from '../../client/src/i18n';
import SearchPage from '../../client/src/features/search/SearchPage';
import ProfilePage from '../../client/src/features/profiles/ProfilePage';
import { WorkspaceContext } from '../../client/src/features/workspace/workspaceContext';
import { settle } from './helpers/dom';
import { fake } from './helpers/fakeSocket';
import { render } from './helpers/render';
import { readyWorkspace } from './helpers/workspace';

jest.mock('../../client/src/features/search/search.css', () => ({}));
jest.mock('../../client/src/features/profiles/profiles.css', () => ({}));
jest.mock(
  '../../client/src/realtime/socket',
  () => jest.requireActual<{ fakeSocketModule: unknown }>('./helpers/fakeSocket').fakeSocketModule,
);
fake.connected = true; // the pages render as online

/**
 * QA m8, the search page: results had no headings (only the page's H1), and the form offered no author or
 * district filter although the server takes `authorId` and `districtId` (issue 13.4 lists both).
 */
const WS = 'w'.repeat(24);
const ANA = 'a'.repeat(24);
const BOGOTA = 'b'.repeat(24);
const requests: string[] = [];

const members: MemberDto[] = [
  { user: { id: 'c'.repeat(24), name: 'Zoë Zapata', district: null }, role: 'participant' },
  { user: { id: ANA, name: 'Ana Álvarez', district: null }, role: 'participant' },
];
const districts: DirectoryPageDto = {
  items: [
    { id: BOGOTA, name: 'Clúster de Bogotá' },
    { id: 'e'.repeat(24), name: 'Agro Quindío' },
  ],
  nextCursor: null,
  total: 2,
} as unknown as DirectoryPageDto;
const results: SearchResponseDto = {
  query: 'bogota',
  more: false,
  results: [1, 2].map((n) => ({
    kind: 'post',
    id: String(n).repeat(24),
    title: '',
    titleHighlights: [],
    snippet: { text: `Post ${n} about Bogotá`, highlights: [], truncatedStart: false, truncatedEnd: false },
    score: 1,
    at: '2026-11-30T09:00:00.000Z',
    authorName: 'Ana Álvarez',
    districtName: null,
    regionGroup: null,
    blockId: null,
    questionId: 'q'.repeat(24),
    draftId: null,
    releaseNumber: null,
    hidden: false,
  })),
} as unknown as SearchResponseDto;

const profile = {
  id: BOGOTA,
  name: 'Clúster de Bogotá',
  country: 'CO',
  regionGroup: 'LAC',
  demo: false,
  canEdit: false,
  revision: 1,
  representatives: [],
  completeness: { percent: 50, missing: [] },
  validation: null,
  offers: [],
  requests: [],
};

beforeAll(() => {
  (globalThis as { fetch?: unknown }).fetch = jest.fn((path: string) => {
    requests.push(path);
    const body = path.includes('/members')
      ? members
      : path.endsWith(`/districts/${BOGOTA}`)
        ? profile
        : path.includes('/districts')
          ? districts
          : results;
    return Promise.resolve({
      ok: true,
      status: 200,
      text: () => Promise.resolve(JSON.stringify(body)),
    } as Response);
  });
});

const context = readyWorkspace({ workspaceId: WS });

test('resultsAreHeadingsAndAuthorAndDistrictFilterTheSearch', async () => {
  await act(() => i18next.changeLanguage('es'));
  const view = render(
    <MemoryRouter initialEntries={[`/w/${WS}/search?q=bogota`]}>
      <WorkspaceContext value={context}>
        <Routes>
          <Route path="/w/:workspaceId/search" element={<SearchPage />} />
        </Routes>
      </WorkspaceContext>
    </MemoryRouter>,
  );
  await settle();
  await settle();

  // One heading per result, below the page's H1, each holding the result's link.
  const headings = Array.from(view.container.querySelectorAll('.search-results h2'));
  expect(headings.map((h) => h.textContent)).toEqual([
    'Mensaje Post 1 about Bogotá',
    'Mensaje Post 2 about Bogotá',
  ]);
  expect(headings.every((h) => h.querySelector('a'))).toBe(true);

  // The author and district filters: labelled selects of the members and the districts, by name.
  const author = view.container.querySelector<HTMLSelectElement>('select[name="authorId"]')!;
  const district = view.container.querySelector<HTMLSelectElement>('select[name="districtId"]')!;
  expect(author.closest('label')!.textContent).toContain('Autor');
  expect(district.closest('label')!.textContent).toContain('Distrito');
  expect(Array.from(author.options).map((o) => o.textContent)).toEqual([
    'Cualquier persona',
    'Ana Álvarez',
    'Zoë Zapata',
  ]);
  expect(Array.from(district.options).map((o) => o.textContent)).toEqual([
    'Todos los distritos',
    'Agro Quindío',
    'Clúster de Bogotá',
  ]);

  author.value = ANA;
  district.value = BOGOTA;
  await act(async () => {
    view.container.querySelector('form')!.requestSubmit();
    await Promise.resolve();
  });
  await settle();
  const last = new URL(requests.filter((r) => r.includes('/search?')).at(-1)!, 'http://x');
  expect(last.searchParams.get('authorId')).toBe(ANA);
  expect(last.searchParams.get('districtId')).toBe(BOGOTA);
  view.unmount();
  await act(() => i18next.changeLanguage('en'));
});

// A profile result opened: keyboard focus lands on the profile's heading, not on <body> (posts already focus).
test('openingAProfileMovesFocusToItsHeading', async () => {
  const view = render(
    <MemoryRouter initialEntries={[`/w/${WS}/directory/${BOGOTA}`]}>
      <WorkspaceContext value={context}>
        <Routes>
          <Route path="/w/:workspaceId/directory/:districtId" element={<ProfilePage />} />
        </Routes>
      </WorkspaceContext>
    </MemoryRouter>,
  );
  await settle();
  await settle();
  const heading = view.container.querySelector('h1')!;
  expect(heading.textContent).toContain('Clúster de Bogotá');
  expect(document.activeElement).toBe(heading);
  view.unmount();
});
