import {
  CSRF_HEADER,
  DISTRICT_KINDS,
  DISTRICT_KIND_ALIASES,
  DISTRICT_KIND_LABELS,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_LISTED_UPDATES,
  MAX_IMPORT_ROWS,
  SESSION_COOKIE,
  districtKindOf,
  importFileErrorOf,
  kindNameKey,
  type ImportReportDto,
} from '@polos/shared';
import { buildWorld, signIn, startTestServer, type Agent, type TestServer } from '../../../helpers/server';

jest.setTimeout(120_000);

/** Windows-1252 bytes of a text (the 0x80–0x9F letters Excel writes, spelled out here, independent of the server). */
const CP1252_HIGH: Record<string, number> = {
  '€': 0x80,
  '‚': 0x82,
  '…': 0x85,
  Œ: 0x8c,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '–': 0x96,
  '—': 0x97,
  œ: 0x9c,
};
function cp1252(text: string): Buffer {
  return Buffer.from(
    [...text].map((c) => {
      const cp = c.codePointAt(0)!;
      if (cp < 0x80 || (cp >= 0xa0 && cp <= 0xff)) return cp;
      const byte = CP1252_HIGH[c];
      if (byte === undefined) throw new Error(`not in Windows-1252: ${c}`);
      return byte;
    }),
  );
}
const utf16le = (text: string) => Buffer.from(`\uFEFF${text}`, 'utf16le');
const utf16be = (text: string) => Buffer.from(`\uFEFF${text}`, 'utf16le').swap16();

interface Sent<T = ImportReportDto> {
  status: number;
  body: T;
}
type ErrorBody = { error: { code: string; message: string; details?: unknown } };

/** Posts file bytes as the browser's import form does (cookie + CSRF token, text/csv, no charset). */
async function postFile(agent: Agent, path: string, bytes: Uint8Array): Promise<Sent> {
  const res = await fetch(`${agent.baseUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'text/csv',
      cookie: `${SESSION_COOKIE}=${agent.cookie}`,
      [CSRF_HEADER]: agent.csrfToken ?? '',
    },
    body: new Uint8Array(bytes),
  });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as ImportReportDto };
}

/**
 * The CSV import's file level and the forms of its values (QA M4, m4): Windows-1252 and UTF-16 files, translated
 * file errors as data, kinds by label, counts with thousands separators, countries/sectors/languages by name.
 */
describe('profiles CSV import: encodings, file errors, accepted forms', () => {
  let app: TestServer;
  let admin: Agent;
  let ws: string;
  const importPath = (query = '') => `/api/workspaces/${ws}/districts/import${query}`;

  beforeAll(async () => {
    app = await startTestServer();
    const world = await buildWorld();
    ws = world.workspaceId;
    admin = await signIn(app.url, world.users.admin.email);
  });
  afterAll(async () => {
    await app?.stop();
  });

  /** The stored profiles (JSON export) by name. */
  async function exported(): Promise<Map<string, Record<string, unknown>>> {
    const res = await admin.request<Array<Record<string, unknown>>>(
      'GET',
      `/api/workspaces/${ws}/districts/export?format=json`,
    );
    expect(res.status).toBe(200);
    return new Map(res.body.map((p) => [p.name as string, p]));
  }

  it('readsASpanishExcelWindows1252FileAndNamesTheEncoding', async () => {
    // What Spanish Excel writes as "CSV (delimitado por comas)": Windows-1252, `;`, CRLF, no BOM (QA M4).
    const file = cp1252(
      'Nombre;Denominación local;País;Tipo;Región;Ciudad;Latitud;Longitud;Especialización\r\n' +
        '"Clúster QA del Café de Caldas";clúster;CO;cluster;Caldas;Manizales;5,0703;-75,5138;Café “de origen” – 3 € el kilo…\r\n' +
        'Pôle QA Œnologie;pôle de compétitivité;FR;cluster;Bretagne;Brest;48.39;-4.49;Vins\r\n',
    );
    const dry = await postFile(admin, importPath(), file);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({
      encoding: 'windows-1252',
      delimiter: ';',
      decimalSeparator: ',',
      headerLanguage: 'es',
      accentSample: 'Clúster QA del Café de Caldas',
      rows: 2,
      created: 2,
      rejected: [],
    });
    const real = await postFile(admin, importPath('?dryRun=false'), file);
    expect(real.body).toMatchObject({ written: true, created: 2 });
    const stored = await exported();
    expect(stored.get('Clúster QA del Café de Caldas')).toMatchObject({
      localDesignation: 'clúster',
      specialisation: 'Café “de origen” – 3 € el kilo…',
      coordinates: { lat: 5.0703, lng: -75.5138 },
    });
    expect(stored.get('Pôle QA Œnologie')).toMatchObject({ localDesignation: 'pôle de compétitivité' });
  });

  it('readsUtf8WithAndWithoutBomAndExcelUnicodeTextInUtf16', async () => {
    const text =
      'Nombre\tPaís\tTipo\tRegión\tCiudad\r\nParque Tecnológico Ñandú\tPY\tcluster\tCentral\tLuque\r\n';
    const cases: Array<[Uint8Array, string]> = [
      [Buffer.from(text.replace(/\t/g, ';'), 'utf8'), 'utf-8'],
      [Buffer.from(`\uFEFF${text.replace(/\t/g, ',')}`, 'utf8'), 'utf-8-bom'],
      [utf16le(text), 'utf-16le'],
      [utf16be(text), 'utf-16be'],
    ];
    for (const [bytes, encoding] of cases) {
      const res = await postFile(admin, importPath(), bytes);
      expect([res.status, res.body.encoding, res.body.accentSample, res.body.rejected]).toEqual([
        200,
        encoding,
        'Parque Tecnológico Ñandú',
        [],
      ]);
    }
    const unicode = await postFile(admin, importPath(), utf16le(text));
    // Excel's "Unicode text" is tab-separated; no coordinates tell the decimal separator.
    expect(unicode.body).toMatchObject({ delimiter: '\t', decimalSeparator: null, created: 1 });
  });

  it('refusesABadFileAsAWholeWithAReasonTheClientWords', async () => {
    const refusal = async (bytes: Uint8Array, status = 400) => {
      const res = (await postFile(admin, importPath(), bytes)) as unknown as Sent<ErrorBody>;
      expect(res.status).toBe(status);
      return { code: res.body.error.code, details: importFileErrorOf(res.body.error.details) };
    };
    expect(await refusal(Buffer.alloc(0))).toEqual({ code: 'invalid', details: { reason: 'empty_file' } });
    expect(await refusal(Buffer.from('\uFEFF\r\n  \r\n', 'utf8'))).toEqual({
      code: 'invalid',
      details: { reason: 'empty_file' },
    });
    const png = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
    ]);
    expect((await refusal(png)).details).toEqual({ reason: 'binary_file' });
    // UTF-16 without its BOM is not guessed.
    expect((await refusal(Buffer.from('name,country\r\nA,ES\r\n', 'utf16le'))).details).toEqual({
      reason: 'binary_file',
    });
    const xlsx = Buffer.concat([
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0x06, 0]),
      Buffer.alloc(64, 1),
    ]);
    expect((await refusal(xlsx)).details).toEqual({ reason: 'spreadsheet_file' });
    // The cp1252 file of QA M4, had it lacked its country column: the header is shown as read, with the encoding.
    expect((await refusal(cp1252('Nombre;Región\r\nClúster Uno;Maule\r\n'))).details).toEqual({
      reason: 'missing_columns',
      missing: ['country'],
      header: ['Nombre', 'Región'],
      line: 1,
      delimiter: ';',
      encoding: 'windows-1252',
    });
    const rows = `name,country\n${'A,ES\n'.repeat(MAX_IMPORT_ROWS + 1)}`;
    expect((await refusal(Buffer.from(rows))).details).toEqual({
      reason: 'too_many_rows',
      rows: MAX_IMPORT_ROWS + 1,
      maxRows: MAX_IMPORT_ROWS,
    });
    const huge = Buffer.alloc(MAX_IMPORT_BYTES + 1, 0x41);
    expect(await refusal(huge, 413)).toEqual({
      code: 'payload_too_large',
      details: { reason: 'file_too_large', maxBytes: MAX_IMPORT_BYTES },
    });
  });

  it('acceptsKindsByTheirLabelInEveryLanguage', async () => {
    const kinds: Array<[string, string]> = [
      ['Organización clúster', 'cluster'],
      ['ORGANIZACION CLUSTER', 'cluster'],
      ['Parque tecnológico', 'technology_park'],
      ['technology park', 'technology_park'],
      ['Governo local ou regional', 'local_government'],
      ['Organização de P&D', 'rd_organisation'],
      ['Agence de développement', 'agency'],
      ['otro', 'other'],
    ];
    const csv =
      'nombre;país;tipo;región\r\n' +
      kinds.map(([label], i) => `Tipo ${i};ES;${label};Madrid\r\n`).join('') +
      'Tipo inventado;ES;Cooperativa;Madrid\r\n';
    const res = await postFile(admin, importPath('?dryRun=false'), Buffer.from(csv));
    expect(res.body.rejected.map((r) => [r.name, r.errors.map((e) => [e.field, e.code])])).toEqual([
      ['Tipo inventado', [['kind', 'invalid_option']]],
    ]);
    const stored = await exported();
    expect(kinds.map((_, i) => stored.get(`Tipo ${i}`)?.kind)).toEqual(kinds.map(([, kind]) => kind));
    // Every label and alias names one kind (the shared data stays unambiguous).
    for (const kind of DISTRICT_KINDS) {
      for (const labels of Object.values(DISTRICT_KIND_LABELS))
        expect(districtKindOf(labels[kind])).toBe(kind);
      for (const alias of DISTRICT_KIND_ALIASES[kind])
        expect([alias, districtKindOf(alias)]).toEqual([alias, kind]);
    }
    expect(kindNameKey('  Organización de I+D ')).toBe('organizacion de i d');
  });

  it('readsCountsWithTheThousandsSeparatorsOfTheFilesLocaleAndRefusesAmbiguousOrFractionalOnes', async () => {
    type Case = [cell: string, employees: number | null, code?: string];
    // `;` file (decimal comma: Spanish, Portuguese, French Excel).
    const semicolon: Case[] = [
      ['3.500', 3500],
      ['3 500', 3500],
      ['3\u00A0500', 3500],
      ['3\u202F500', 3500],
      ['1.234.567', 1234567],
      ['3.500,00', 3500],
      ['12,0', 12],
      ['3,500', null, 'ambiguous_number'],
      ['3,5', null, 'not_integer'],
      ['3.5', null, 'not_integer'],
      ['tres mil', null, 'not_a_number'],
    ];
    // `,` file (decimal point), cells with a comma quoted.
    const comma: Case[] = [
      ['"3,500"', 3500],
      ['"1,234,567"', 1234567],
      ['3.500', null, 'ambiguous_number'],
      ['3.5', null, 'not_integer'],
    ];
    const run = async (delimiter: string, cases: Case[], prefix: string) => {
      const csv =
        ['name', 'country', 'kind', 'region', 'employees'].join(delimiter) +
        '\r\n' +
        cases
          .map(([cell], i) => [`${prefix} ${i}`, 'AR', 'cluster', 'Córdoba', cell].join(delimiter))
          .join('\r\n');
      const res = await postFile(admin, importPath('?dryRun=false'), Buffer.from(csv));
      expect(res.status).toBe(200);
      const codes = new Map(res.body.rejected.map((r) => [r.name, r.errors.map((e) => e.code).join(',')]));
      const stored = await exported();
      return cases.map(([cell], i) => [
        cell,
        stored.get(`${prefix} ${i}`)?.employees ?? null,
        codes.get(`${prefix} ${i}`) ?? undefined,
      ]);
    };
    expect(await run(';', semicolon, 'Miles PC')).toEqual(semicolon.map(([c, v, code]) => [c, v, code]));
    expect(await run(',', comma, 'Miles C')).toEqual(comma.map(([c, v, code]) => [c, v, code]));
    // A tab file without coordinates does not say its decimal separator: 3.500 is ambiguous, 3 500 is not.
    const tab = await postFile(
      admin,
      importPath(),
      utf16le(
        'name\tcountry\tkind\tregion\temployees\r\nT1\tAR\tcluster\tSalta\t3.500\r\nT2\tAR\tcluster\tSalta\t3 500\r\n',
      ),
    );
    expect(tab.body.rejected.map((r) => [r.name, r.errors[0]?.code, r.errors[0]?.params])).toEqual([
      ['T1', 'ambiguous_number', { decimal: '?' }],
    ]);
  });

  it('acceptsCountriesSectorsAndLanguagesByNameAsASpanishSpeakingAdminWritesThem', async () => {
    const csv =
      'Nombre;País;Tipo;Región;Sectores;Mercados de exportación;Idiomas de trabajo\r\n' +
      'Nombres Uno;México;Organización clúster;Jalisco;Industria de la alimentación|29 - Fabricación de vehículos de motor, remolques y semirremolques;Estados Unidos, Reino Unido;español, inglés\r\n' +
      'Nombres Dos;ESPAÑA;cluster;Madrid;fabricacion de bebidas;EE. UU.|Francia|br;Castellano|Portugués|fr\r\n' +
      'Nombres Tres;Brésil;cluster;São Paulo;1 62;Alemania;EN\r\n' +
      'Nombres Malos;Narnia;cluster;Nada;Sector inventado;Atlántida;klingon\r\n';
    const res = await postFile(admin, importPath('?dryRun=false'), Buffer.from(csv));
    // What names nothing is refused with the column's usual reason, and the cell as written.
    expect(res.body.rejected.map((r) => [r.name, r.errors.map((e) => [e.field, e.code, e.value])])).toEqual([
      [
        'Nombres Malos',
        [
          ['country', 'invalid_country', 'Narnia'],
          ['sectors', 'invalid_nace', 'Sector inventado'],
          ['exportMarkets', 'invalid_country', 'Atlántida'],
          ['workingLanguages', 'invalid_language', 'klingon'],
        ],
      ],
    ]);
    const stored = await exported();
    const pick = (name: string) => {
      const p = stored.get(name)!;
      return [p.country, p.sectors, p.exportMarkets, p.workingLanguages];
    };
    expect(pick('Nombres Uno')).toEqual(['MX', ['10', '29'], ['US', 'GB'], ['es', 'en']]);
    expect(pick('Nombres Dos')).toEqual(['ES', ['11'], ['US', 'FR', 'BR'], ['es', 'pt', 'fr']]);
    expect(pick('Nombres Tres')).toEqual(['BR', ['01', '62'], ['DE'], ['en']]);
    // A country by name keys the same district as its code: an update, and a duplicate within one file.
    const again = await postFile(
      admin,
      importPath(),
      Buffer.from('nombre;país;empleados\r\nNombres Uno;MX;10\r\nNombres Uno;mexico;11\r\n'),
    );
    expect(again.body).toMatchObject({ created: 0, updated: 1 });
    expect(again.body.rejected.map((r) => [r.line, r.errors[0]?.code, r.errors[0]?.params])).toEqual([
      [3, 'duplicate_row', { line: 2 }],
    ]);
  });

  it('acceptsIsoAlpha3CountryCodesAsStatisticsOfficesWriteThem', async () => {
    const csv =
      'name;country;kind;region;exportMarkets\r\n' +
      'Alfa Tres Uno;MEX;cluster;Jalisco;USA, deu, BRA\r\n' +
      'Alfa Tres Dos;esp;cluster;Madrid;FRA PRT CHL\r\n' +
      'Alfa Tres Tres;col;cluster;Antioquia;PER|ARG\r\n' +
      'Alfa Tres Malo;XYZ;cluster;Nada;MEX, QQQ\r\n';
    const res = await postFile(admin, importPath('?dryRun=false'), Buffer.from(csv));
    // A three-letter code that is no ISO 3166-1 alpha-3 code is refused like an unknown name (the cell as written).
    expect(res.body.rejected.map((r) => [r.name, r.errors.map((e) => [e.field, e.code, e.value])])).toEqual([
      [
        'Alfa Tres Malo',
        [
          ['country', 'invalid_country', 'XYZ'],
          ['exportMarkets', 'invalid_country', 'MEX, QQQ'],
        ],
      ],
    ]);
    const stored = await exported();
    const pick = (name: string) => [stored.get(name)?.country, stored.get(name)?.exportMarkets];
    expect(pick('Alfa Tres Uno')).toEqual(['MX', ['US', 'DE', 'BR']]);
    expect(pick('Alfa Tres Dos')).toEqual(['ES', ['FR', 'PT', 'CL']]);
    expect(pick('Alfa Tres Tres')).toEqual(['CO', ['PE', 'AR']]);
  });
  /** The reasons of every rejected field of a report, for the no-zod-wording checks. */
  const reasonsOf = (report: ImportReportDto) =>
    report.rejected.flatMap((r) => r.errors.map((e) => e.reason));
  /** zod's own English (its default messages), which must never reach `reason`. */
  const ZOD_WORDING =
    /Invalid (input|option|string|number|key|element)|Too (small|big)|Unrecognized|expected|received/;

  it('listsTheFieldsEachUpdateChangesAndWhichItClearsInTheDryRunAndTheRealRun', async () => {
    await postFile(
      admin,
      importPath('?dryRun=false'),
      Buffer.from(
        'name,country,kind,region,city,employees,website\r\n' +
          'Agencia Demo de Desarrollo de Los Ríos,CL,agency,Los Ríos,Valdivia,1734,https://losrios.example\r\n' +
          'Agencia Demo Dos,CL,agency,Los Ríos,Osorno,20,\r\n',
      ),
    );
    // The QA file: an export edited in a spreadsheet, employees and website left blank on the first row.
    const edit = Buffer.from(
      'name,country,city,employees,website\r\n' +
        'Agencia Demo de Desarrollo de Los Ríos,CL,Valdivia,,\r\n' +
        'Agencia Demo Dos,CL,Osorno Centro,21,\r\n',
    );
    const expected = {
      updated: 2,
      unchanged: 0,
      updates: [
        {
          line: 2,
          name: 'Agencia Demo de Desarrollo de Los Ríos',
          country: 'CL',
          fields: ['employees', 'website'],
          cleared: ['employees', 'website'],
        },
        // A blank website that was already empty clears nothing.
        { line: 3, name: 'Agencia Demo Dos', country: 'CL', fields: ['city', 'employees'], cleared: [] },
      ],
      fieldChanges: [
        { field: 'city', changed: 1, cleared: 0 },
        { field: 'employees', changed: 2, cleared: 1 },
        { field: 'website', changed: 1, cleared: 1 },
      ],
    };
    const dry = await postFile(admin, importPath(), edit);
    expect(dry.body).toMatchObject({ ...expected, written: false });
    expect((await exported()).get('Agencia Demo de Desarrollo de Los Ríos')?.employees).toBe(1734);
    const real = await postFile(admin, importPath('?dryRun=false'), edit);
    expect(real.body).toMatchObject({ ...expected, written: true });
    // Blank still means no value: the round trip export → spreadsheet → import stays lossless.
    const stored = (await exported()).get('Agencia Demo de Desarrollo de Los Ríos');
    expect([stored?.employees, stored?.website, stored?.city]).toEqual([null, null, 'Valdivia']);
    const again = await postFile(admin, importPath(), edit);
    expect(again.body).toMatchObject({ updated: 0, unchanged: 2, updates: [], fieldChanges: [] });
  });

  it('keepsTheListOfUpdatesShortForABigFileButCountsEveryField', async () => {
    const rows = MAX_IMPORT_LISTED_UPDATES + 3;
    const names = Array.from({ length: rows }, (_, i) => `Lote Grande ${i}`);
    await postFile(
      admin,
      importPath('?dryRun=false'),
      Buffer.from(
        `name,country,kind,region,employees\n${names.map((n) => `${n},UY,cluster,Montevideo,7\n`).join('')}`,
      ),
    );
    const dry = await postFile(
      admin,
      importPath(),
      Buffer.from(`name,country,employees\n${names.map((n) => `${n},UY,\n`).join('')}`),
    );
    expect(dry.body.updated).toBe(rows);
    expect(dry.body.updates).toHaveLength(MAX_IMPORT_LISTED_UPDATES);
    expect(dry.body.updates.at(-1)).toEqual({
      line: MAX_IMPORT_LISTED_UPDATES + 1,
      name: names[MAX_IMPORT_LISTED_UPDATES - 1],
      country: 'UY',
      fields: ['employees'],
      cleared: ['employees'],
    });
    expect(dry.body.fieldChanges).toEqual([{ field: 'employees', changed: rows, cleared: rows }]);
  });

  it('refusesAFileWithAnUnclosedOrMalformedQuoteNamingTheLineAndWritesNothing', async () => {
    const refusal = async (csv: string) => {
      const res = (await postFile(
        admin,
        importPath('?dryRun=false'),
        Buffer.from(csv),
      )) as unknown as Sent<ErrorBody>;
      return [
        res.status,
        res.body.error.code,
        importFileErrorOf(res.body.error.details),
        res.body.error.message,
      ];
    };
    // QA: a `;` row starting with `"` that never closes swallowed the rows after it into one.
    expect(
      await refusal(
        'name;country;kind;region\r\nComillas Uno;ES;cluster;Madrid\r\n"Comillas Dos;ES;cluster;Madrid\r\n' +
          'Comillas Tres;ES;cluster;Madrid\r\nComillas Cuatro;ES;cluster;Madrid\r\n',
      ),
    ).toEqual([
      400,
      'invalid',
      { reason: 'unclosed_quote', line: 3 },
      expect.stringContaining('Line 3') as unknown,
    ]);
    // A quoted cell followed by more text swallows rows too; a quoted line break before it counts as a line.
    expect(
      await refusal(
        'name;country;kind;region\r\n"Comillas\r\nCinco";ES;cluster;Madrid\r\nComillas Seis;"ES" x;cluster;Madrid\r\n' +
          'Comillas Siete;ES;cluster;"Madrid"\r\n',
      ),
    ).toEqual([
      400,
      'invalid',
      { reason: 'malformed_quote', line: 4 },
      expect.stringContaining('Line 4') as unknown,
    ]);
    const stored = await exported();
    expect(['Comillas Uno', 'Comillas\r\nCinco', 'Comillas Cinco'].filter((n) => stored.has(n))).toEqual([]);
  });

  it('acceptsExcelsSepLineAndReadsTheFileWithTheSeparatorItNames', async () => {
    const cases: Array<[string, string]> = [
      ['sep=;', ';'],
      ['sep=,', ','],
      ['sep=\t', '\t'],
      ['"sep=;"', ';'],
    ];
    for (const [i, [sepLine, d]] of cases.entries()) {
      // The ignored last header has more commas than the file has semicolons: only the sep line tells `;`.
      const header = ['Nombre', 'País', 'Tipo', 'Región', 'Empleados'];
      if (d === ';') header.push('Notas (a, b, c, d, e, f)');
      const csv =
        `${sepLine}\r\n${header.join(d)}\r\n` +
        `${[`Separador ${i}`, 'ES', 'cluster', 'Madrid', '10'].join(d)}\r\n` +
        `${[`Separador Malo ${i}`, 'ES', 'cluster', 'Madrid', 'diez'].join(d)}\r\n`;
      const res = await postFile(admin, importPath(), Buffer.from(csv));
      expect([
        res.status,
        res.body.delimiter,
        res.body.created,
        res.body.rejected.map((r) => [r.line, r.errors.map((e) => e.code)]),
      ]).toEqual([200, d, 1, [[4, ['not_a_number']]]]);
    }
    // A header after the sep line is line 2.
    const res = (await postFile(
      admin,
      importPath(),
      Buffer.from('sep=;\r\nNombre;Región\r\nClúster Uno;Maule\r\n'),
    )) as unknown as Sent<ErrorBody>;
    expect(importFileErrorOf(res.body.error.details)).toMatchObject({
      reason: 'missing_columns',
      line: 2,
      header: ['Nombre', 'Región'],
      delimiter: ';',
    });
  });

  it('saysOnceThatNewRowsNeedColumnsTheFileLacksWithoutZodWording', async () => {
    await postFile(
      admin,
      importPath('?dryRun=false'),
      Buffer.from('name;country;kind;region\r\nColumnas Existente;ES;cluster;Madrid\r\n'),
    );
    const res = await postFile(
      admin,
      importPath(),
      Buffer.from(
        'name;country;employees\r\nColumnas Existente;ES;12\r\nColumnas Nueva Uno;ES;3\r\nColumnas Nueva Dos;ES;x\r\n',
      ),
    );
    expect(res.body).toMatchObject({ updated: 1, created: 0, missingColumns: ['kind', 'region'] });
    // One row-level entry per new row (no per-field repeat), then the row's own cell problems.
    expect(res.body.rejected.map((r) => [r.line, r.errors.map((e) => [e.field, e.code, e.params])])).toEqual([
      [3, [['row', 'missing_columns', { columns: 'kind, region' }]]],
      [
        4,
        [
          ['row', 'missing_columns', { columns: 'kind, region' }],
          ['employees', 'not_a_number', undefined],
        ],
      ],
    ]);
    expect(reasonsOf(res.body).filter((r) => ZOD_WORDING.test(r))).toEqual([]);
    // A file that only updates lacks nothing.
    const updates = await postFile(
      admin,
      importPath(),
      Buffer.from('name;country;employees\r\nColumnas Existente;ES;12\r\n'),
    );
    expect(updates.body).toMatchObject({ updated: 1, missingColumns: [], rejected: [] });
  });

  it('wordsEveryReasonInItsOwnEnglishAndSaysExportMarketsMayBeNamesOrAlpha3Codes', async () => {
    const card = (extra: string) =>
      `"[{""id"":""a"",""title"":${extra},""description"":null,""sectors"":[],""targetCountries"":[]}]"`;
    const csv =
      'name,country,kind,region,regionCode,latitude,longitude,sectors,exportMarkets,offers\r\n' +
      `Zod Uno,ES,cooperativa,Madrid,ES300000000000,100,0,4,Narnia,${card('5')}\r\n` +
      `Zod Dos,ES,cluster,Madrid,,,,,FRA|Atlántida,${card('""t"",""x"":1')}\r\n`;
    const res = await postFile(admin, importPath(), Buffer.from(csv));
    const errors = res.body.rejected.flatMap((r) => r.errors.map((e) => [r.name, e.field, e.code, e.reason]));
    expect(errors.map(([name, field, code]) => [name, field, code])).toEqual([
      ['Zod Uno', 'kind', 'invalid_option'],
      ['Zod Uno', 'regionCode', 'too_long'],
      ['Zod Uno', 'coordinates', 'too_big'],
      ['Zod Uno', 'sectors', 'invalid_nace'],
      ['Zod Uno', 'exportMarkets', 'invalid_country'],
      ['Zod Uno', 'offers', 'invalid_type'],
      ['Zod Dos', 'exportMarkets', 'invalid_country'],
      ['Zod Dos', 'offers', 'invalid'],
    ]);
    expect(reasonsOf(res.body).filter((r) => ZOD_WORDING.test(r))).toEqual([]);
    const reason = (name: string, field: string) => errors.find(([n, f]) => n === name && f === field)?.[3];
    expect(reason('Zod Uno', 'kind')).toBe(
      'must be one of: cluster, technology_park, local_government, rd_organisation, agency, other (or their names)',
    );
    // Export markets are read by name and alpha-3 code too: the reason says so (it said "alpha-2 code").
    expect(reason('Zod Dos', 'exportMarkets')).toMatch(/alpha-2 or alpha-3 code.*name/);
    expect(reason('Zod Dos', 'exportMarkets')).not.toMatch(/must be an ISO 3166-1 alpha-2 country code/);
    expect(reason('Zod Dos', 'offers')).toMatch(/unknown key.*x/);
  });

  it('saysARequiredCellIsRequired', async () => {
    const res = await postFile(
      admin,
      importPath(),
      Buffer.from(
        'name;country;kind;region\r\n;ES;cluster;Madrid\r\nRequerido Dos;;cluster;Madrid\r\n' +
          'Requerido Tres;ES;;Madrid\r\nRequerido Cuatro;ES;cluster;\r\n',
      ),
    );
    expect(res.body.rejected.map((r) => [r.line, r.errors.map((e) => [e.field, e.code, e.reason])])).toEqual([
      [2, [['name', 'required', 'required: the cell is empty']]],
      [3, [['country', 'required', 'required: the cell is empty']]],
      [4, [['kind', 'required', 'required: the cell is empty']]],
      [5, [['region', 'required', 'required: the cell is empty']]],
    ]);
  });

  it('refusesARowWithMoreCellsThanTheHeaderUnlessTheExtraCellsAreEmpty', async () => {
    const csv =
      'name;country;kind;region;exportMarkets\r\n' +
      // QA: an unquoted "Reino Unido; Países Bajos" in a `;` file shifts the cells.
      'Celdas Uno;ES;cluster;Madrid;Reino Unido; Países Bajos\r\n' +
      // Excel's trailing separators, and a blank line of separators, are nothing.
      'Celdas Dos;ES;cluster;Madrid;Francia;;;\r\n' +
      ';;;;\r\n' +
      'Celdas Tres;ES;cluster;Madrid;"Reino Unido; Países Bajos"\r\n';
    const res = await postFile(admin, importPath('?dryRun=false'), Buffer.from(csv));
    expect(res.body).toMatchObject({ rows: 3, created: 2 });
    expect(
      res.body.rejected.map((r) => [r.line, r.name, r.errors.map((e) => [e.code, e.params, e.value])]),
    ).toEqual([[2, 'Celdas Uno', [['extra_cells', { cells: 6, columns: 5 }, 'Países Bajos']]]]);
    expect(res.body.rejected[0]?.errors[0]?.reason).toMatch(/6 cells.*5 columns/);
    const stored = await exported();
    expect([
      stored.has('Celdas Uno'),
      stored.get('Celdas Dos')?.exportMarkets,
      stored.get('Celdas Tres')?.exportMarkets,
    ]).toEqual([false, ['FR'], ['GB', 'NL']]);
    // Cells under blank headers after the last named column are extra cells too.
    const blankHeaders = await postFile(
      admin,
      importPath(),
      Buffer.from('name;country;kind;region;;\r\nCeldas Cuatro;ES;cluster;Madrid;;Bajos\r\n'),
    );
    expect(blankHeaders.body.rejected.map((r) => r.errors.map((e) => [e.code, e.params]))).toEqual([
      [['extra_cells', { cells: 6, columns: 4 }]],
    ]);
  });
});
