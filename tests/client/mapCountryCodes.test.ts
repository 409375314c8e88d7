import { readFileSync } from 'node:fs';
import countries from 'i18n-iso-countries';
import { alpha2Of, NUMERIC_TO_ALPHA2 } from '../../client/src/features/profiles/map/countryCodes';
import { countryName } from '../../client/src/i18n/format';

/**
 * QA: the map named shapes the numeric → alpha-2 table did not know by the atlas's English names ("S. Geo. and
 * the Is.: 0 distritos"). Every feature of the atlas the map draws with an ISO 3166-1 numeric code has its alpha-2
 * code (the ISO table of i18n-iso-countries agrees), so `countryName` names it in the UI language; only the
 * features without a numeric code other than Kosovo (XK) have none.
 */
interface AtlasFeature {
  id?: string;
  properties: { name: string };
}
const atlas = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8')) as {
  objects: { countries: { geometries: AtlasFeature[] } };
};
const features = atlas.objects.countries.geometries;

describe('the map’s country codes', () => {
  test('everyAtlasFeatureWithAnIsoNumericCodeHasItsAlpha2Code', () => {
    const withId = features.filter((f) => f.id !== undefined);
    expect(withId.length).toBeGreaterThan(230);
    const wrong = withId
      .map((f) => ({ id: f.id, name: f.properties.name, code: alpha2Of(f.id, f.properties.name) }))
      .filter((f) => f.code === null || f.code !== countries.numericToAlpha2(f.id!));
    expect(wrong).toEqual([]);
    for (const [numeric, alpha2] of Object.entries(NUMERIC_TO_ALPHA2))
      expect([numeric, alpha2]).toEqual([numeric, countries.numericToAlpha2(numeric)]);
  });

  test('onlyKosovoAmongTheFeaturesWithoutANumericCodeHasACode', () => {
    const withoutId = features.filter((f) => f.id === undefined);
    expect(withoutId.map((f) => [f.properties.name, alpha2Of(undefined, f.properties.name)])).toEqual(
      expect.arrayContaining([
        ['Kosovo', 'XK'],
        ['N. Cyprus', null],
      ]),
    );
    expect(withoutId.filter((f) => alpha2Of(undefined, f.properties.name) !== null).length).toBe(1);
  });

  test('theShapeOfTheReportIsNamedInEveryUiLanguage', () => {
    const code = alpha2Of(features.find((f) => f.properties.name === 'S. Geo. and the Is.')?.id, undefined);
    expect(code).toBe('GS');
    const names = ['en', 'es', 'pt', 'fr'].map((lng) => countryName(code!, lng));
    // Intl.DisplayNames' own names (ICU), not the atlas's abbreviation nor the bare code.
    expect(names).toEqual(
      ['en-GB', 'es-ES', 'pt-BR', 'fr-FR'].map((l) =>
        new Intl.DisplayNames([l], { type: 'region' }).of('GS'),
      ),
    );
    expect(names.every((name) => name !== 'GS' && !name.includes('Is.'))).toBe(true);
    expect(countryName(alpha2Of(undefined, 'Kosovo')!, 'es')).toBe('Kosovo');
  });
});
