/**
 * CSV columns of the district directory (export writes the English headers in this order; import accepts the
 * English or the Spanish header of each column, compared case-, accent- and punctuation-insensitively).
 *
 * Cell formats: lists of codes (sectors, countries, languages) and of short texts are separated by `|` (a text
 * list is written as a JSON array when an item contains `|` or starts with `[`); offers and requests are JSON
 * arrays of cards; members are five count columns (all empty = unknown); coordinates are two decimal columns.
 * The contact person is never exported and has no column. `regionGroup` is exported for readers and ignored on
 * import (it is derived from the country).
 */
export interface ProfileCsvColumn {
  /** Column id (= English header). */
  id: string;
  /** Spanish header. */
  es: string;
  /** Export only (ignored on import). */
  exportOnly?: boolean;
}

export const PROFILE_CSV_COLUMNS: readonly ProfileCsvColumn[] = [
  { id: 'name', es: 'nombre' },
  { id: 'localDesignation', es: 'denominación local' },
  { id: 'kind', es: 'tipo' },
  { id: 'country', es: 'país' },
  { id: 'regionGroup', es: 'grupo regional', exportOnly: true },
  { id: 'region', es: 'región' },
  { id: 'regionCode', es: 'código de región' },
  { id: 'city', es: 'ciudad' },
  { id: 'latitude', es: 'latitud' },
  { id: 'longitude', es: 'longitud' },
  { id: 'foundingYear', es: 'año de fundación' },
  { id: 'sectors', es: 'sectores' },
  { id: 'specialisation', es: 'especialización' },
  { id: 'firms', es: 'empresas' },
  { id: 'smes', es: 'pymes' },
  { id: 'universitiesAndRnd', es: 'universidades e I+D' },
  { id: 'publicBodies', es: 'organismos públicos' },
  { id: 'otherMembers', es: 'otros miembros' },
  { id: 'employees', es: 'empleados' },
  { id: 'managementFte', es: 'equipo de gestión (ETC)' },
  { id: 'governance', es: 'gobernanza' },
  { id: 'services', es: 'servicios' },
  { id: 'rdPartners', es: 'socios de I+D' },
  { id: 'exportMarkets', es: 'mercados de exportación' },
  { id: 'internationalPartners', es: 'socios internacionales' },
  { id: 'offers', es: 'ofertas' },
  { id: 'requests', es: 'demandas' },
  { id: 'workingLanguages', es: 'idiomas de trabajo' },
  { id: 'website', es: 'sitio web' },
  { id: 'summary_en', es: 'resumen en' },
  { id: 'summary_es', es: 'resumen es' },
  { id: 'summary_pt', es: 'resumen pt' },
  { id: 'summary_fr', es: 'resumen fr' },
];

/**
 * Header key used to match a header of a file to a column: lower case, accents removed, every run of other
 * characters than letters and digits removed ("Año de fundación" → "anodefundacion").
 */
export const csvHeaderKey = (header: string): string =>
  header
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
