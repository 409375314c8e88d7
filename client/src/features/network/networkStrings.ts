import { i18next } from '../../i18n';

/**
 * The network view's strings (en/es/pt/fr, neutral Spanish), registered when the lazy page loads; the nav label
 * is registered by the feature's entry (`index.ts`). Sector and country names come from shared data.
 */
const en = {
  network: {
    nav: 'Network',
    title: 'Bi-regional network',
    intro:
      'Districts and their relations: interests, matches, C2C meetings and agreements. Each pair is shown with its strongest status.',
    privacyOwn: 'One-sided interests are shown only where your district is one of the two sides.',
    privacyNone:
      'One-sided interests are private to the two districts; you see matches, meetings and agreements.',
    filters: 'Filters',
    sector: 'Sector (NACE)',
    anySector: 'Any sector',
    statuses: 'Statuses',
    counts: {
      title: 'Relations by region',
      euLac: 'EU – Latin America & Caribbean',
      within: 'Within a region',
      euEu: 'EU – EU',
      lacLac: 'LAC – LAC',
      other: 'With other countries',
      total: 'All relations',
    },
    status: {
      interest: 'Interest',
      match: 'Match',
      requested: 'Meeting requested',
      scheduled: 'Meeting scheduled',
      held: 'Meeting held',
      agreement: 'Agreement',
    },
    region: { EU: 'EU', LAC: 'Latin America & Caribbean', other: 'Other' },
    shape: { EU: 'circle', LAC: 'square', other: 'triangle' },
    view: { label: 'Show as', graph: 'Graph', table: 'Table' },
    legend: 'Legend',
    legendRegion: '{region} ({shape})',
    graphLabel:
      'Network graph: {districts, plural, one {# district} other {# districts}} with {edges, plural, one {# relation} other {# relations}}, {euLac} between the EU and Latin America & Caribbean, {within} within a region. The table view lists every relation.',
    notDrawn:
      '{count, plural, one {# district without relations is not drawn.} other {# districts without relations are not drawn.}}',
    tableCaption: 'Relations between districts ({count, plural, one {# relation} other {# relations}})',
    col: { a: 'District', b: 'Partner', pairing: 'Regions', status: 'Status', details: 'Details' },
    pairing: { 'EU-LAC': 'EU – LAC', 'EU-EU': 'EU – EU', 'LAC-LAC': 'LAC – LAC', other: 'Other' },
    detail: {
      interest: '{count, plural, one {# interest} other {# interests}}',
      requested: '{count, plural, one {# meeting requested} other {# meetings requested}}',
      scheduled: '{count, plural, one {# meeting scheduled} other {# meetings scheduled}}',
      held: '{count, plural, one {# meeting held} other {# meetings held}}',
      agreement: '{count, plural, one {# agreement} other {# agreements}}',
    },
    yours: '(yours)',
    empty: 'No relations with these filters.',
    loading: 'Loading the network…',
    error: 'The network could not be loaded: {message}',
    updated: 'The network was updated.',
  },
};
type Strings = typeof en;

const es: Strings = {
  network: {
    nav: 'Red',
    title: 'Red birregional',
    intro:
      'Los distritos y sus relaciones: intereses, coincidencias, reuniones C2C y acuerdos. Cada par se muestra con su estado más avanzado.',
    privacyOwn: 'Los intereses unilaterales solo se muestran cuando su distrito es una de las dos partes.',
    privacyNone:
      'Los intereses unilaterales son privados de los dos distritos; ves coincidencias, reuniones y acuerdos.',
    filters: 'Filtros',
    sector: 'Sector (NACE)',
    anySector: 'Cualquier sector',
    statuses: 'Estados',
    counts: {
      title: 'Relaciones por región',
      euLac: 'UE – América Latina y el Caribe',
      within: 'Dentro de una región',
      euEu: 'UE – UE',
      lacLac: 'ALC – ALC',
      other: 'Con otros países',
      total: 'Todas las relaciones',
    },
    status: {
      interest: 'Interés',
      match: 'Coincidencia',
      requested: 'Reunión solicitada',
      scheduled: 'Reunión programada',
      held: 'Reunión celebrada',
      agreement: 'Acuerdo',
    },
    region: { EU: 'UE', LAC: 'América Latina y el Caribe', other: 'Otros' },
    shape: { EU: 'círculo', LAC: 'cuadrado', other: 'triángulo' },
    view: { label: 'Mostrar como', graph: 'Grafo', table: 'Tabla' },
    legend: 'Leyenda',
    legendRegion: '{region} ({shape})',
    graphLabel:
      'Grafo de la red: {districts, plural, one {# distrito} other {# distritos}} con {edges, plural, one {# relación} other {# relaciones}}, {euLac} entre la UE y América Latina y el Caribe, {within} dentro de una región. La vista de tabla enumera todas las relaciones.',
    notDrawn:
      '{count, plural, one {No se dibuja # distrito sin relaciones.} other {No se dibujan # distritos sin relaciones.}}',
    tableCaption: 'Relaciones entre distritos ({count, plural, one {# relación} other {# relaciones}})',
    col: { a: 'Distrito', b: 'Socio', pairing: 'Regiones', status: 'Estado', details: 'Detalles' },
    pairing: { 'EU-LAC': 'UE – ALC', 'EU-EU': 'UE – UE', 'LAC-LAC': 'ALC – ALC', other: 'Otros' },
    detail: {
      interest: '{count, plural, one {# interés} other {# intereses}}',
      requested: '{count, plural, one {# reunión solicitada} other {# reuniones solicitadas}}',
      scheduled: '{count, plural, one {# reunión programada} other {# reuniones programadas}}',
      held: '{count, plural, one {# reunión celebrada} other {# reuniones celebradas}}',
      agreement: '{count, plural, one {# acuerdo} other {# acuerdos}}',
    },
    yours: '(suyo)',
    empty: 'No hay relaciones con estos filtros.',
    loading: 'Cargando la red…',
    error: 'No se pudo cargar la red: {message}',
    updated: 'La red se actualizó.',
  },
};

const pt: Strings = {
  network: {
    nav: 'Rede',
    title: 'Rede birregional',
    intro:
      'Os distritos e as suas relações: interesses, correspondências, reuniões C2C e acordos. Cada par aparece com o seu estado mais avançado.',
    privacyOwn: 'Os interesses unilaterais só aparecem quando o seu distrito é uma das duas partes.',
    privacyNone:
      'Os interesses unilaterais são privados dos dois distritos; vê correspondências, reuniões e acordos.',
    filters: 'Filtros',
    sector: 'Setor (NACE)',
    anySector: 'Qualquer setor',
    statuses: 'Estados',
    counts: {
      title: 'Relações por região',
      euLac: 'UE – América Latina e Caraíbas',
      within: 'Dentro de uma região',
      euEu: 'UE – UE',
      lacLac: 'ALC – ALC',
      other: 'Com outros países',
      total: 'Todas as relações',
    },
    status: {
      interest: 'Interesse',
      match: 'Correspondência',
      requested: 'Reunião pedida',
      scheduled: 'Reunião marcada',
      held: 'Reunião realizada',
      agreement: 'Acordo',
    },
    region: { EU: 'UE', LAC: 'América Latina e Caraíbas', other: 'Outros' },
    shape: { EU: 'círculo', LAC: 'quadrado', other: 'triângulo' },
    view: { label: 'Mostrar como', graph: 'Grafo', table: 'Tabela' },
    legend: 'Legenda',
    legendRegion: '{region} ({shape})',
    graphLabel:
      'Grafo da rede: {districts, plural, one {# distrito} other {# distritos}} com {edges, plural, one {# relação} other {# relações}}, {euLac} entre a UE e a América Latina e Caraíbas, {within} dentro de uma região. A vista de tabela lista todas as relações.',
    notDrawn:
      '{count, plural, one {# distrito sem relações não é desenhado.} other {# distritos sem relações não são desenhados.}}',
    tableCaption: 'Relações entre distritos ({count, plural, one {# relação} other {# relações}})',
    col: { a: 'Distrito', b: 'Parceiro', pairing: 'Regiões', status: 'Estado', details: 'Detalhes' },
    pairing: { 'EU-LAC': 'UE – ALC', 'EU-EU': 'UE – UE', 'LAC-LAC': 'ALC – ALC', other: 'Outros' },
    detail: {
      interest: '{count, plural, one {# interesse} other {# interesses}}',
      requested: '{count, plural, one {# reunião pedida} other {# reuniões pedidas}}',
      scheduled: '{count, plural, one {# reunião marcada} other {# reuniões marcadas}}',
      held: '{count, plural, one {# reunião realizada} other {# reuniões realizadas}}',
      agreement: '{count, plural, one {# acordo} other {# acordos}}',
    },
    yours: '(seu)',
    empty: 'Não há relações com estes filtros.',
    loading: 'A carregar a rede…',
    error: 'Não foi possível carregar a rede: {message}',
    updated: 'A rede foi atualizada.',
  },
};

const fr: Strings = {
  network: {
    nav: 'Réseau',
    title: 'Réseau birégional',
    intro:
      'Les districts et leurs relations : intérêts, correspondances, rencontres C2C et accords. Chaque paire apparaît avec son statut le plus avancé.',
    privacyOwn:
      'Les intérêts unilatéraux ne sont visibles que lorsque votre district est l’une des deux parties.',
    privacyNone:
      'Les intérêts unilatéraux restent privés entre les deux districts ; vous voyez les correspondances, rencontres et accords.',
    filters: 'Filtres',
    sector: 'Secteur (NACE)',
    anySector: 'Tous les secteurs',
    statuses: 'Statuts',
    counts: {
      title: 'Relations par région',
      euLac: 'UE – Amérique latine et Caraïbes',
      within: 'Au sein d’une région',
      euEu: 'UE – UE',
      lacLac: 'ALC – ALC',
      other: 'Avec d’autres pays',
      total: 'Toutes les relations',
    },
    status: {
      interest: 'Intérêt',
      match: 'Correspondance',
      requested: 'Rencontre demandée',
      scheduled: 'Rencontre planifiée',
      held: 'Rencontre tenue',
      agreement: 'Accord',
    },
    region: { EU: 'UE', LAC: 'Amérique latine et Caraïbes', other: 'Autres' },
    shape: { EU: 'cercle', LAC: 'carré', other: 'triangle' },
    view: { label: 'Afficher en', graph: 'Graphe', table: 'Tableau' },
    legend: 'Légende',
    legendRegion: '{region} ({shape})',
    graphLabel:
      'Graphe du réseau : {districts, plural, one {# district} other {# districts}} avec {edges, plural, one {# relation} other {# relations}}, {euLac} entre l’UE et l’Amérique latine et les Caraïbes, {within} au sein d’une région. La vue tableau liste toutes les relations.',
    notDrawn:
      '{count, plural, one {# district sans relation n’est pas dessiné.} other {# districts sans relation ne sont pas dessinés.}}',
    tableCaption: 'Relations entre districts ({count, plural, one {# relation} other {# relations}})',
    col: { a: 'District', b: 'Partenaire', pairing: 'Régions', status: 'Statut', details: 'Détails' },
    pairing: { 'EU-LAC': 'UE – ALC', 'EU-EU': 'UE – UE', 'LAC-LAC': 'ALC – ALC', other: 'Autres' },
    detail: {
      interest: '{count, plural, one {# intérêt} other {# intérêts}}',
      requested: '{count, plural, one {# rencontre demandée} other {# rencontres demandées}}',
      scheduled: '{count, plural, one {# rencontre planifiée} other {# rencontres planifiées}}',
      held: '{count, plural, one {# rencontre tenue} other {# rencontres tenues}}',
      agreement: '{count, plural, one {# accord} other {# accords}}',
    },
    yours: '(le vôtre)',
    empty: 'Aucune relation avec ces filtres.',
    loading: 'Chargement du réseau…',
    error: 'Le réseau n’a pas pu être chargé : {message}',
    updated: 'Le réseau a été mis à jour.',
  },
};

i18next.addResourceBundle('en', 'translation', en, true, false);
i18next.addResourceBundle('es', 'translation', es, true, false);
i18next.addResourceBundle('pt', 'translation', pt, true, false);
i18next.addResourceBundle('fr', 'translation', fr, true, false);
