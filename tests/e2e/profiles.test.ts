import { Types } from 'mongoose';
import type { Page } from 'playwright-core';
import { SESSION_COOKIE, type DistrictCreateBody, type DistrictProfileDto } from '@polos/shared';
import { Workspace } from '../../server/src/features/workspaces/workspace.model';
import { createProfilesBlock, useInProcessServer } from '../helpers/e2e';
import { buildUser, signIn as signInAgent, type Agent } from '../helpers/server';
import { eventually } from '../helpers/wait';

jest.setTimeout(120_000);

/** Text payloads that would run script if any profile text reached the DOM as HTML or a link. */
const XSS = {
  name: '<img src=x onerror="window.__xss=1">Cluster XSS',
  designation: '<script>window.__xss=2</script>',
  specialisation: '"><svg onload="window.__xss=3">',
  offer: '<a href="javascript:window.__xss=4">click</a>',
};

/** Every key field of a profile except cooperation (offers/requests): one offer completes it. */
const almostComplete = {
  localDesignation: 'Clúster',
  city: 'Monterrey',
  foundingYear: 2008,
  sectors: ['29'],
  specialisation: 'Autopartes y electromovilidad',
  members: { firms: 120, smes: 90, universitiesAndRnd: 6, publicBodies: 3, other: 2 },
  employees: 45000,
  managementFte: 8,
  governance: 'Consejo directivo con empresas y universidades',
  services: ['Compras conjuntas', 'Formación'],
  workingLanguages: ['es', 'en'],
  summary: { es: 'Clúster automotriz del noreste de México.' },
};

/**
 * Block 1 end to end in Chromium: a newcomer with no district asks to represent one, a moderator approves, the
 * newcomer fills in the profile with an offer (completing it), and a second browser sees the directory and the
 * group's progress change live; directory filters live in the URL, a map click filters by country, compare shows
 * two profiles side by side, and XSS payloads in profile texts run nothing.
 */
describe('Profiles of the Polos (Block 1) in the browser', () => {
  const e2e = useInProcessServer();
  let admin: Agent;
  let profilesBlockId: string;
  let newcomerEmail: string;

  const create = async (body: DistrictCreateBody): Promise<DistrictProfileDto> => {
    const res = await admin.request<DistrictProfileDto>(
      'POST',
      `/api/workspaces/${e2e.world.workspaceId}/districts`,
      body,
    );
    if (res.status !== 201) throw new Error(`create ${body.name}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  beforeAll(async () => {
    const workspaceId = new Types.ObjectId(e2e.world.workspaceId);
    const profilesId = await createProfilesBlock(workspaceId, 'live');
    profilesBlockId = profilesId.toHexString();
    const newcomer = await buildUser({ name: 'Nadia Newcomer' });
    newcomerEmail = newcomer.email;
    await Workspace.updateOne(
      { _id: workspaceId },
      { $push: { members: { userId: newcomer._id, role: 'participant', joinedAt: new Date() } } },
    );
    admin = await signInAgent(e2e.url, e2e.world.users.admin.email);
    await create({
      name: 'Clúster de Autopartes',
      kind: 'cluster',
      country: 'MX',
      region: 'Nuevo León',
      coordinates: { lat: 25.67, lng: -100.31 },
      ...almostComplete,
    });
    await create({
      name: 'Pôle Mer',
      kind: 'cluster',
      country: 'FR',
      region: 'Bretagne',
      coordinates: { lat: 48.39, lng: -4.49 },
    });
    await create({
      name: XSS.name,
      kind: 'other',
      country: 'ES',
      region: 'Madrid',
      localDesignation: XSS.designation,
      specialisation: XSS.specialisation,
      offers: [{ id: 'x1', title: XSS.offer, description: XSS.name, sectors: [], targetCountries: [] }],
    });
  });

  const blockUrl = () => `${e2e.url}/w/${e2e.world.workspaceId}/b/${profilesBlockId}`;
  const directoryUrl = (query = '') => `${e2e.url}/w/${e2e.world.workspaceId}/directory${query}`;
  /** A new browser context signed in as `email` (session cookie from an API sign-in: no sign-in page), at `url`. */
  const openAs = async (email: string, url: string): Promise<Page> => {
    const page = await e2e.open({ viewport: { width: 1280, height: 900 } });
    const agent = await signInAgent(e2e.url, email);
    await page.context().addCookies([{ name: SESSION_COOKIE, value: agent.cookie!, url: e2e.url }]);
    await page.goto(url);
    return page;
  };
  const noXss = async (page: Page) =>
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

  test('askApproveFillInAndSeeItLiveElsewhere', async () => {
    await e2e.artifacts('profiles-block1', async () => {
      // One after the other: three sign-ins at once are not what this test is about.
      const newcomer = await openAs(newcomerEmail, blockUrl());
      const moderator = await openAs(e2e.world.users.moderator.email, blockUrl());
      const observer = await openAs(e2e.world.users.observer.email, directoryUrl('?q=joint'));
      const progress = moderator.getByTestId('profiles-progress');
      await eventually(
        () => progress.innerText(),
        (text) => expect(text).toMatch(/^0 of 3 profiles complete — EU 0, LAC 0$/),
      );
      await eventually(
        () => observer.getByTestId('directory-count').innerText(),
        (text) => expect(text).toBe('0 districts'),
      );

      // The newcomer has no district: asks to represent one.
      await newcomer
        .getByLabel('District', { exact: true })
        .selectOption({ label: 'Clúster de Autopartes · Mexico' });
      await newcomer.getByRole('button', { name: 'Ask to represent' }).click();
      await newcomer.getByText('Request sent.', { exact: false }).waitFor();

      // The moderator sees the request (the list polls) and approves it.
      const request = moderator.getByTestId('representation-request').filter({ hasText: 'Nadia Newcomer' });
      await request.waitFor({ timeout: 15_000 });
      await request.getByRole('button', { name: 'Approve' }).click();
      await moderator.getByText('Approved.').waitFor();

      // The newcomer's page turns into the profile form; adding an offer completes the profile.
      const form = newcomer.getByRole('form', { name: "My district's profile" });
      await form.waitFor({ timeout: 15_000 });
      await expect(newcomer.getByTestId('completeness-missing').innerText()).resolves.toContain(
        'Cooperation offers or requests',
      );
      await newcomer.getByRole('button', { name: 'Add an offer' }).click();
      const offer = newcomer.getByTestId('offers-card');
      await offer.getByLabel('Title').fill('Joint testing lab for EV batteries');
      await offer.getByLabel('Description').fill('Shared test benches, open to LAC and EU partners.');
      await offer.getByLabel('Add a country').selectOption('FR');
      await newcomer.getByLabel('City', { exact: true }).fill('Monterrey');
      await newcomer.getByTestId('profile-save').click();
      await eventually(
        () => newcomer.getByTestId('profile-status').innerText(),
        (text) => expect(text).toBe('Profile saved.'),
      );
      expect(await newcomer.getByTestId('completeness-missing').innerText()).toBe(
        'All key fields are filled in.',
      );

      // Live elsewhere: the moderator's progress line and the observer's filtered directory.
      await eventually(
        () => progress.innerText(),
        (text) => expect(text).toBe('1 of 3 profiles complete — EU 0, LAC 1'),
      );
      await eventually(
        () => observer.getByTestId('directory-count').innerText(),
        (text) => expect(text).toBe('1 district'),
      );
      await observer.getByRole('link', { name: 'Clúster de Autopartes' }).waitFor();

      // The history lists the newcomer's change.
      await newcomer.getByRole('button', { name: 'Show history' }).click();
      await newcomer.getByTestId('history').getByText('Nadia Newcomer').first().waitFor();
      await noXss(newcomer);
    });
  });

  test('filtersLiveInTheUrlAMapClickFiltersAndCompareShowsTwoSideBySide', async () => {
    await e2e.artifacts('profiles-directory', async () => {
      const page = await openAs(e2e.world.users.participant.email, directoryUrl());
      const count = () => page.getByTestId('directory-count').innerText();
      await eventually(count, (text) => expect(text).toBe('3 districts'));

      // A filter goes to the URL and survives a reload.
      await page.getByLabel('Region group').selectOption('LAC');
      await page.waitForURL(/regionGroup=LAC/);
      await eventually(count, (text) => expect(text).toBe('1 district'));
      await page.reload();
      await eventually(count, (text) => expect(text).toBe('1 district'));
      expect(await page.getByLabel('Region group').inputValue()).toBe('LAC');
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await eventually(count, (text) => expect(text).toBe('3 districts'));

      // The offline map: France is shaded (one district) and a click filters the directory by country.
      const france = page.locator('[data-testid="map-europe"] path[data-country="FR"][role="button"]');
      await france.waitFor({ timeout: 15_000 });
      await france.click();
      await page.waitForURL(/country=FR/);
      await eventually(count, (text) => expect(text).toBe('1 district'));
      await page.getByRole('link', { name: 'Pôle Mer' }).waitFor();
      // Keyboard: focus Mexico and press Enter.
      const mexico = page.locator('[data-testid="map-lac"] path[data-country="MX"][role="button"]');
      await mexico.focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/country=MX/);
      await eventually(count, (text) => expect(text).toBe('1 district'));
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await eventually(count, (text) => expect(text).toBe('3 districts'));
      // A country without districts (not a button, not focusable) does not filter on a mouse click either.
      const germany = page.locator('[data-testid="map-europe"] path[data-country="DE"]');
      expect(await germany.getAttribute('role')).toBeNull();
      await germany.click({ force: true });
      await page.waitForTimeout(300);
      expect(page.url()).not.toMatch(/country=/);
      await eventually(count, (text) => expect(text).toBe('3 districts'));

      // XSS payloads in the cards are text.
      await page.getByText(XSS.name, { exact: false }).first().waitFor();
      await noXss(page);

      // Compare two districts side by side.
      await page.getByLabel('Compare Clúster de Autopartes').check();
      await page.getByLabel('Compare Pôle Mer').check();
      await page.waitForURL(/compare=/);
      await page.getByTestId('compare-button').click();
      const table = page.getByTestId('compare-table');
      await table.waitFor();
      const columns = await page.getByTestId('compare-column').allInnerTexts();
      expect(columns).toEqual(['Clúster de Autopartes', 'Pôle Mer']);
      await expect(table.locator('tr', { hasText: 'Country' }).innerText()).resolves.toMatch(
        /Mexico.*France/s,
      );

      // The XSS district's own page: every payload shown as text, nothing ran, no javascript: link.
      await page.goto(directoryUrl('?q=xss&map=0'));
      await page.getByRole('link', { name: XSS.name }).click();
      await page.getByTestId('profile-page').waitFor();
      await page.getByText(XSS.designation).first().waitFor();
      expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
      expect(await page.locator('script:not([src])').count()).toBe(0);
      await noXss(page);
      expect(e2e.pageErrors()).toEqual([]);
    });
  });

  /**
   * QA: the map named a shape "S. Geo. and the Is.: 0 distritos" — the atlas's English name in the Spanish UI.
   * Every shape of both panels is named in the UI language: by `Intl.DisplayNames` from its alpha-2 code (the
   * browser's own names, as the rest of the client), or "Otro territorio" for a shape without an ISO code.
   */
  test('theMapNamesEveryShapeInTheUiLanguage', async () => {
    await e2e.artifacts('profiles-map-names', async () => {
      const page = await openAs(e2e.world.users.participant2.email, directoryUrl());
      // Switch once the page (and the account's language) has loaded, or it may switch back (CI, under load); then
      // wait until the map speaks Spanish.
      await page.locator('[data-testid="map-lac"] path[data-country="MX"][role="button"]').waitFor();
      await page.getByRole('combobox', { name: 'Language', exact: true }).selectOption('es');
      await page
        .locator('[data-testid="map-lac"] path[data-country="MX"][role="button"][aria-label^="México"]')
        .waitFor();
      const shapes = await page.evaluate(() => {
        const names = new Intl.DisplayNames(['es-ES'], { type: 'region' });
        return [...document.querySelectorAll('[data-testid^="map-"] path')].map((path) => {
          const code = path.getAttribute('data-country');
          return {
            code,
            title: path.querySelector('title')?.textContent ?? '',
            label: path.getAttribute('aria-label'),
            expected: code ? names.of(code) : null,
          };
        });
      });
      expect(shapes.length).toBeGreaterThan(100);
      // N. Cyprus, in the Europe panel, has no ISO code.
      expect(shapes.some((s) => s.code === null)).toBe(true);
      // The atlas's English abbreviations nowhere, and the shape of the report in Spanish.
      expect(
        shapes.filter((s) => /\b(Is|Geo|Rep|Herz|Ter|N|S|W)\.(\s|:|$)/.test(s.title)).map((s) => s.title),
      ).toEqual([]);
      expect(shapes.find((s) => s.code === 'GS')?.title).toBe(
        'Islas Georgia del Sur y Sandwich del Sur: ningún distrito',
      );
      expect(shapes.find((s) => s.code === 'MX')?.label).toBe('México: 1 distrito — filtrar el directorio');
      for (const shape of shapes) {
        const country = shape.expected ?? 'Otro territorio';
        const title =
          shape.label === null
            ? `${country}: ningún distrito`
            : `${country}: 1 distrito — filtrar el directorio`;
        expect(shape).toEqual({ ...shape, title });
        if (shape.label !== null) expect(shape.label).toBe(title);
      }
      expect(e2e.pageErrors()).toEqual([]);
    });
  });

  /**
   * QA: re-importing an edited export with two blank cells cleared a district's employees and website, and the dry
   * run only said "1 update". On a phone, the admin's dry run now names the values blank cells will clear before the
   * import is confirmed, and the page stays 390 px wide (the table scrolls inside its own box).
   */
  test('theImportDryRunNamesTheStoredValuesBlankCellsWillClearOnAPhone', async () => {
    await e2e.artifacts('profiles-import-phone', async () => {
      await create({
        name: 'Agencia Demo de Desarrollo de Los Ríos',
        kind: 'agency',
        country: 'CL',
        region: 'Los Ríos',
        city: 'Valdivia',
        employees: 1734,
        website: 'https://losrios.example',
      });
      const page = await e2e.open({ viewport: { width: 390, height: 844 } });
      const agent = await signInAgent(e2e.url, e2e.world.users.admin.email);
      await page.context().addCookies([{ name: SESSION_COOKIE, value: agent.cookie!, url: e2e.url }]);
      await page.goto(directoryUrl());
      await page.getByText('Import profiles from CSV (admins)').click();
      await page.locator('#import-file').setInputFiles({
        name: 'districts.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(
          'name,country,city,employees,website\r\nAgencia Demo de Desarrollo de Los Ríos,CL,Valdivia,,\r\n',
        ),
      });
      await page.getByRole('button', { name: 'Check file (dry run)' }).click();
      const updates = page.getByTestId('import-updates');
      await updates.waitFor();
      expect(await page.getByTestId('import-status').innerText()).toBe(
        'Dry run: 1 row valid, 0 rejected (0 new, 1 update). Some blank cells will clear stored values (listed below).',
      );
      expect(await page.getByTestId('import-clears').innerText()).toMatch(
        /^Blank cells will clear stored values: Employees in member firms \(1 row\), Website \(1 row\)\./,
      );
      expect(await updates.locator('tbody td').allInnerTexts()).toEqual([
        '2 · Agencia Demo de Desarrollo de Los Ríos',
        '—',
        'Employees in member firms, Website',
      ]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      // Nothing was written by the dry run.
      const stored = await admin.request<{ items: Array<{ name: string; employees: number | null }> }>(
        'GET',
        `/api/workspaces/${e2e.world.workspaceId}/districts?q=Agencia`,
      );
      expect(stored.body.items.map((d) => [d.name, d.employees])).toEqual([
        ['Agencia Demo de Desarrollo de Los Ríos', 1734],
      ]);
    });
  });
});
