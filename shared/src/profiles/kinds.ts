/**
 * District kinds as data: the label of each kind in en/es/pt/fr (what the profile form, directory and filters show)
 * and the other names an admin may write for it in a CSV file's "kind"/"tipo" column. The CSV import accepts the
 * key (`technology_park`, also `technology park`), any label and any alias, compared case-, accent- and
 * punctuation-insensitively ({@link districtKindOf}).
 */
import { DISTRICT_KINDS, type DistrictKind } from '../domain';

/** The languages of the kind labels (the UI languages). */
export type KindLabelLanguage = 'en' | 'es' | 'pt' | 'fr';

/** The label of each district kind, per UI language. */
export const DISTRICT_KIND_LABELS: Readonly<
  Record<KindLabelLanguage, Readonly<Record<DistrictKind, string>>>
> = {
  en: {
    cluster: 'Cluster organisation',
    technology_park: 'Technology or science park',
    local_government: 'Local or regional government',
    rd_organisation: 'R&D organisation',
    agency: 'Development agency',
    other: 'Other',
  },
  es: {
    cluster: 'Organización clúster',
    technology_park: 'Parque tecnológico o científico',
    local_government: 'Gobierno local o regional',
    rd_organisation: 'Organización de I+D',
    agency: 'Agencia de desarrollo',
    other: 'Otro',
  },
  pt: {
    cluster: 'Organização de cluster',
    technology_park: 'Parque tecnológico ou científico',
    local_government: 'Governo local ou regional',
    rd_organisation: 'Organização de P&D',
    agency: 'Agência de desenvolvimento',
    other: 'Outro',
  },
  fr: {
    cluster: 'Organisation de cluster',
    technology_park: 'Parc technologique ou scientifique',
    local_government: 'Collectivité locale ou régionale',
    rd_organisation: 'Organisme de R&D',
    agency: 'Agence de développement',
    other: 'Autre',
  },
};

/**
 * Other common names of each kind accepted on import (short forms and the halves of "A or B" labels), in
 * en/es/pt/fr. Each alias names one kind only.
 */
export const DISTRICT_KIND_ALIASES: Readonly<Record<DistrictKind, readonly string[]>> = {
  cluster: ['Cluster', 'Clúster', 'Cluster organization', 'Organización de clúster', 'Pôle de compétitivité'],
  technology_park: [
    'Technology park',
    'Science park',
    'Science and technology park',
    'Parque tecnológico',
    'Parque científico',
    'Parque científico y tecnológico',
    'Parque científico e tecnológico',
    'Parc technologique',
    'Parc scientifique',
    'Technopole',
  ],
  local_government: [
    'Local government',
    'Regional government',
    'Gobierno local',
    'Gobierno regional',
    'Governo local',
    'Governo regional',
    'Collectivité locale',
    'Collectivité régionale',
    'Collectivité territoriale',
  ],
  rd_organisation: [
    'R&D organization',
    'Research organisation',
    'Research organization',
    'Centro de I+D',
    'Centro de investigación',
    'Organización de I+D+i',
    'Centro de P&D',
    'Centro de pesquisa',
    'Organisme de recherche',
  ],
  agency: [
    'Agency',
    'Regional development agency',
    'Agencia',
    'Agencia de desarrollo regional',
    'Agência',
    'Agência de desenvolvimento regional',
    'Agence',
    'Agence de développement économique',
  ],
  other: ['Otra', 'Outra'],
};

/** Matching key of a kind name: lower case, accents removed, every run of other characters one space. */
export const kindNameKey = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

let kindByKey: Map<string, DistrictKind> | null = null;

/**
 * The district kind a text names — its key (`technology_park` or `technology park`), its label in en/es/pt/fr or
 * one of its {@link DISTRICT_KIND_ALIASES} — compared case-, accent- and punctuation-insensitively
 * ("ORGANIZACION CLUSTER" → `cluster`); null when it names none.
 */
export function districtKindOf(text: string): DistrictKind | null {
  if ((DISTRICT_KINDS as readonly string[]).includes(text)) return text as DistrictKind;
  if (!kindByKey) {
    const map = new Map<string, DistrictKind>();
    for (const kind of DISTRICT_KINDS) {
      map.set(kindNameKey(kind), kind);
      for (const labels of Object.values(DISTRICT_KIND_LABELS)) map.set(kindNameKey(labels[kind]), kind);
      for (const alias of DISTRICT_KIND_ALIASES[kind]) map.set(kindNameKey(alias), kind);
    }
    kindByKey = map;
  }
  return kindByKey.get(kindNameKey(text)) ?? null;
}
