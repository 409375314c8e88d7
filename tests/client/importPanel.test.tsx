import './helpers/textEncoding';
import { act } from 'react';
import type { ImportFileErrorDetails, ImportReportDto, SessionDto } from '@polos/shared';
import { i18next } from '../../client/src/i18n';
import { SessionContext, type SessionContextValue } from '../../client/src/features/auth/sessionContext';
import { ImportPanel } from '../../client/src/features/profiles/ImportPanel';
import '../../client/src/features/profiles/profileStrings';
import { click, settle } from './helpers/dom';
import { render } from './helpers/render';

/** What the next import requests answer, in order. */
let answers: Array<{ status: number; body: unknown }> = [];
const fetchMock = jest.fn(() => {
  const answer = answers.shift()!;
  return Promise.resolve({
    status: answer.status,
    ok: answer.status < 300,
    json: () => Promise.resolve(answer.body),
  });
});

function renderPanel() {
  const session: SessionContextValue = {
    status: 'signedIn',
    session: {
      user: { id: 'a'.repeat(24), name: 'Ana' },
      csrfToken: 't',
      workspaces: [],
    } as unknown as SessionDto,
    signIn: jest.fn(),
    acceptInvite: jest.fn(),
    signOut: jest.fn(),
    refresh: jest.fn(),
  };
  return render(
    <SessionContext value={session}>
      <ImportPanel workspaceId={'w'.repeat(24)} onImported={jest.fn()} />
    </SessionContext>,
  );
}

async function chooseFile(container: HTMLElement) {
  const input = container.querySelector<HTMLInputElement>('#import-file')!;
  const file = new File([new Uint8Array([0x4e, 0xf3])], 'perfiles.csv', { type: 'text/csv' });
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  await act(async () => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await Promise.resolve();
  });
}

const dryRunButton = (container: HTMLElement) =>
  [...container.querySelectorAll('button')].find((b) => b.textContent === 'Revisar archivo (simulación)')!;

describe('<ImportPanel> (CSV import, QA M4/m4)', () => {
  beforeAll(() => {
    (globalThis as { fetch?: unknown }).fetch = fetchMock;
  });
  beforeEach(async () => {
    await act(() => i18next.changeLanguage('es'));
  });
  afterEach(async () => {
    fetchMock.mockClear();
    answers = [];
    document.body.innerHTML = '';
    await act(() => i18next.changeLanguage('en'));
  });

  test('aFileRefusedAsAWholeIsExplainedInTheViewersLanguage', async () => {
    const { container, unmount } = renderPanel();
    // The accepted forms are on the page, tied to the file field.
    const help = container.querySelector('[data-testid="import-help"]')!;
    expect(help.textContent).toContain('«Organización clúster»');
    expect(help.textContent).toContain('3.500 o 3 500');
    expect(container.querySelector('#import-file')!.getAttribute('aria-describedby')).toBe(help.id);

    await chooseFile(container);
    const missing: ImportFileErrorDetails = {
      reason: 'missing_columns',
      missing: ['country'],
      header: ['Nombre', 'Región'],
      line: 1,
      delimiter: ';',
      encoding: 'windows-1252',
    };
    answers = [
      { status: 400, body: { error: { code: 'invalid', message: 'The header line…', details: missing } } },
      {
        status: 400,
        body: { error: { code: 'invalid', message: 'The file is empty', details: { reason: 'empty_file' } } },
      },
      {
        status: 413,
        body: {
          error: {
            code: 'payload_too_large',
            message: 'too large',
            details: { reason: 'file_too_large', maxBytes: 20 * 1024 * 1024 },
          },
        },
      },
    ];
    const status = () => container.querySelector('[data-testid="import-status"]')!.textContent;
    await click(dryRunButton(container));
    await settle();
    expect(status()).toBe(
      'La primera línea debe contener los encabezados de las columnas, entre ellos country / país. ' +
        'La línea 1 se leyó así: “Nombre” · “Región” (separado por punto y coma, Windows-1252 («CSV» de Excel en español, portugués o francés)).',
    );
    expect(status()).not.toMatch(/The file needs|columns name/);
    await click(dryRunButton(container));
    await settle();
    expect(status()).toBe('El archivo está vacío.');
    await click(dryRunButton(container));
    await settle();
    expect(status()).toBe('El archivo supera los 20 MB. Divídalo en varios archivos.');
    unmount();
  });

  test('theDryRunSaysHowTheFileWasReadAndWordsEveryRejectionInSpanish', async () => {
    const { container, unmount } = renderPanel();
    await chooseFile(container);
    const report: ImportReportDto = {
      dryRun: true,
      allOrNothing: false,
      delimiter: ';',
      encoding: 'windows-1252',
      decimalSeparator: ',',
      accentSample: 'Clúster QA del Café de Caldas',
      headerLanguage: 'es',
      ignoredColumns: [],
      rows: 4,
      created: 1,
      updated: 0,
      unchanged: 0,
      written: false,
      updates: [],
      fieldChanges: [],
      missingColumns: [],
      rejected: [
        {
          line: 5,
          name: 'Clúster QA del Café de Caldas',
          country: 'CO',
          errors: [
            {
              column: 'row',
              field: 'row',
              value: 'Clúster QA del Café de Caldas, CO',
              reason: 'duplicate of line 2 (same name and country)',
              code: 'duplicate_row',
              params: { line: 2 },
            },
          ],
        },
        {
          line: 6,
          name: 'QA Tipo',
          country: 'MX',
          errors: [
            {
              column: 'Tipo',
              field: 'kind',
              value: 'Cooperativa',
              reason: 'Invalid option',
              code: 'invalid_option',
              params: {
                options: 'cluster, technology_park, local_government, rd_organisation, agency, other',
              },
            },
            {
              column: 'Empleados',
              field: 'employees',
              value: '3,500',
              reason: 'ambiguous',
              code: 'ambiguous_number',
              params: { decimal: ',' },
            },
          ],
        },
      ],
    };
    answers = [{ status: 200, body: report }];
    await click(dryRunButton(container));
    await settle();
    expect(container.querySelector('[data-testid="import-read-as"]')!.textContent).toBe(
      'Leído como Windows-1252 («CSV» de Excel en español, portugués o francés), separado por punto y coma, ' +
        'separador decimal ,. Revise los acentos: «Clúster QA del Café de Caldas».',
    );
    const rows = [...container.querySelectorAll('[data-testid="import-rejected"] tbody tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent),
    );
    expect(rows).toEqual([
      [
        '5 · Clúster QA del Café de Caldas',
        'Fila completa = "Clúster QA del Café de Caldas, CO"',
        'duplicado de la fila 2 (mismo nombre y país)',
      ],
      [
        '6 · QA Tipo',
        'Tipo = "Cooperativa"',
        'debe ser uno de: Organización clúster, Parque tecnológico o científico, Gobierno local o regional, ' +
          'Organización de I+D, Agencia de desarrollo, Otro',
      ],
      [
        '6 · QA Tipo',
        'Empleados = "3,500"',
        'ambiguo: , es el separador decimal de este archivo; escriba el número sin separador de miles',
      ],
    ]);
    expect(container.textContent).not.toContain('row = ');
    unmount();
  });

  test('theDryRunShowsWhatEachUpdateChangesAndWhichStoredValuesBlankCellsClear', async () => {
    const { container, unmount } = renderPanel();
    await chooseFile(container);
    const report: ImportReportDto = {
      dryRun: true,
      allOrNothing: false,
      delimiter: ',',
      encoding: 'utf-8',
      decimalSeparator: '.',
      accentSample: null,
      headerLanguage: 'en',
      ignoredColumns: [],
      rows: 5,
      created: 0,
      updated: 3,
      unchanged: 0,
      written: false,
      updates: [
        {
          line: 2,
          name: 'Agencia Demo de Desarrollo de Los Ríos',
          country: 'CL',
          fields: ['employees', 'website'],
          cleared: ['employees', 'website'],
        },
        { line: 3, name: 'Agencia Demo Dos', country: 'CL', fields: ['city', 'employees'], cleared: [] },
      ],
      fieldChanges: [
        { field: 'city', changed: 1, cleared: 0 },
        { field: 'employees', changed: 3, cleared: 2 },
        { field: 'website', changed: 1, cleared: 1 },
      ],
      missingColumns: ['kind', 'region'],
      rejected: [
        {
          line: 5,
          name: 'Nueva',
          country: 'CL',
          errors: [
            {
              column: 'row',
              field: 'row',
              value: '',
              reason: 'a new district needs the column(s) kind, region, which the file lacks',
              code: 'missing_columns',
              params: { columns: 'kind, region' },
            },
          ],
        },
        {
          line: 6,
          name: null,
          country: 'CL',
          errors: [{ column: 'name', field: 'name', value: '', reason: 'required', code: 'required' }],
        },
        {
          line: 7,
          name: 'Celdas',
          country: 'ES',
          errors: [
            {
              column: 'row',
              field: 'row',
              value: 'Países Bajos',
              reason: 'the row has 6 cells…',
              code: 'extra_cells',
              params: { cells: 6, columns: 5 },
            },
          ],
        },
      ],
    };
    answers = [{ status: 200, body: report }];
    await click(dryRunButton(container));
    await settle();
    const text = (id: string) => container.querySelector(`[data-testid="${id}"]`)?.textContent;
    // The live status says it too, before the admin confirms.
    expect(text('import-status')).toContain('Algunas celdas vacías borrarán valores guardados');
    expect(text('import-clears')).toBe(
      'Las celdas vacías borrarán valores guardados: Empleados de las empresas miembro (2 filas), ' +
        'Sitio web (1 fila). Una celda vacía significa «sin valor»; rellene esas celdas para conservar los valores.',
    );
    const table = container.querySelector('[data-testid="import-updates"]')!;
    expect(table.querySelector('caption')!.textContent).toBe('Cambios en distritos existentes');
    expect([...table.querySelectorAll('th')].map((th) => th.textContent)).toEqual([
      'Fila',
      'Cambiará',
      'Se borrará',
    ]);
    expect(
      [...table.querySelectorAll('tbody tr')].map((tr) =>
        [...tr.querySelectorAll('td')].map((td) => td.textContent),
      ),
    ).toEqual([
      ['2 · Agencia Demo de Desarrollo de Los Ríos', '—', 'Empleados de las empresas miembro, Sitio web'],
      ['3 · Agencia Demo Dos', 'Ciudad, Empleados de las empresas miembro', '—'],
    ]);
    expect(text('import-more-updates')).toBe('1 fila actualizada más no se muestra.');
    // Columns new rows need: said once above the table; each such row only points to it.
    expect(text('import-missing-columns')).toBe(
      'Los distritos nuevos necesitan las columnas kind / tipo, region / región, que faltan en el archivo: ' +
        'se rechaza 1 fila nueva. Las filas que actualizan distritos existentes no se ven afectadas.',
    );
    const reasons = [...container.querySelectorAll('[data-testid="import-rejected"] tbody tr')].map(
      (tr) => tr.querySelectorAll('td')[2]?.textContent,
    );
    expect(reasons).toEqual([
      'distrito nuevo: faltan en el archivo las columnas kind / tipo, region / región',
      'obligatorio: la celda está vacía',
      'la fila tiene 6 celdas pero el encabezado tiene 5 columnas: ponga entre comillas dobles el valor que contiene el separador',
    ]);
    unmount();
  });

  test('aBrokenQuoteIsExplainedWithItsLine', async () => {
    const { container, unmount } = renderPanel();
    await chooseFile(container);
    answers = [
      {
        status: 400,
        body: {
          error: { code: 'invalid', message: 'Line 3…', details: { reason: 'unclosed_quote', line: 3 } },
        },
      },
      {
        status: 400,
        body: {
          error: { code: 'invalid', message: 'Line 4…', details: { reason: 'malformed_quote', line: 4 } },
        },
      },
    ];
    const status = () => container.querySelector('[data-testid="import-status"]')!.textContent;
    await click(dryRunButton(container));
    await settle();
    expect(status()).toMatch(/^La línea 3 abre una celda entre comillas \(".*No se importó nada\.$/);
    await click(dryRunButton(container));
    await settle();
    expect(status()).toMatch(/^La línea 4 tiene una celda entre comillas seguida de más texto/);
    unmount();
  });
});
