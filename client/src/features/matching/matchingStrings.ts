import { i18next } from '../../i18n';

/**
 * The partner-matching page's strings (en/es/pt/fr, neutral Spanish), registered when the lazy page loads; the
 * nav label is registered by the feature's entry (`index.ts`). Reasons are worded here from the structured
 * parts the server sends (`MatchReason`).
 */
const en = {
  matching: {
    nav: 'Partners',
    title: 'Partner suggestions',
    intro:
      'Districts whose offers, requests, sectors and countries fit yours, with the reasons for each suggestion.',
    district: 'Suggestions for',
    scope: {
      label: 'Regions',
      cross: 'Across regions (EU ↔ LAC)',
      same: 'My own region',
      all: 'All, across regions first',
    },
    sector: 'Sector (NACE)',
    country: 'Country (ISO code)',
    anySector: 'Any sector',
    apply: 'Apply filters',
    hidden: 'Hide my district from other districts’ suggestions',
    none: 'No suggestions with these filters.',
    score: 'Score {score}',
    crossRegion: 'Across regions',
    why: 'Why',
    reason: {
      offerMine: 'Their request “{request}” matches your offer “{offer}”',
      offerTheirs: 'Their offer “{offer}” matches your request “{request}”',
      terms: 'shared words: {terms}',
      nace: 'both in NACE {codes}',
      countryMine: 'Your request “{request}” targets {country}',
      countryTheirs: 'Their request “{request}” targets your country ({country})',
      sharedSectors: 'Both work in {sectors}',
      complementarySectors: 'Complementary sectors: {pairs}',
      kinds: 'Complementary organisations: {mine} and {theirs}',
      size: 'Similar size: {mine} and {theirs} member firms',
    },
    interest: {
      express: 'Express interest',
      about: 'About (optional)',
      aboutNone: 'The district in general',
      note: 'Short note (optional)',
      send: 'Send interest',
      cancel: 'Cancel',
      sent: 'Interest sent.',
      outgoing: 'You are interested',
      incoming: 'They are interested in you',
      match: 'Match',
    },
    lists: {
      incoming: 'Interested in you',
      outgoing: 'Your interests',
      matches: 'Matches',
      all: 'All interests',
      empty: 'None yet.',
    },
    withdraw: 'Withdraw',
    withdrawn: 'Interest withdrawn.',
    liveIncoming: '{name} is interested in your district.',
    liveMatch: 'New match with {name}.',
    notRepresentative:
      'Partner suggestions are for the representatives of a district. Moderators and admins see every interest below.',
    noAccess: 'Only representatives of a district, moderators and admins see partner matching.',
    error: 'Something went wrong: {message}',
    loading: 'Loading…',
  },
};

type Strings = typeof en;

const es: Strings = {
  matching: {
    nav: 'Socios',
    title: 'Sugerencias de socios',
    intro:
      'Distritos cuyas ofertas, demandas, sectores y países encajan con los suyos, con los motivos de cada sugerencia.',
    district: 'Sugerencias para',
    scope: {
      label: 'Regiones',
      cross: 'Entre regiones (UE ↔ ALC)',
      same: 'Mi propia región',
      all: 'Todas, primero entre regiones',
    },
    sector: 'Sector (NACE)',
    country: 'País (código ISO)',
    anySector: 'Cualquier sector',
    apply: 'Aplicar filtros',
    hidden: 'Ocultar mi distrito de las sugerencias de otros distritos',
    none: 'No hay sugerencias con estos filtros.',
    score: 'Puntuación {score}',
    crossRegion: 'Entre regiones',
    why: 'Por qué',
    reason: {
      offerMine: 'La demanda «{request}» de este distrito coincide con su oferta «{offer}»',
      offerTheirs: 'La oferta «{offer}» de este distrito coincide con su demanda «{request}»',
      terms: 'palabras en común: {terms}',
      nace: 'ambos en NACE {codes}',
      countryMine: 'Su demanda «{request}» se dirige a {country}',
      countryTheirs: 'La demanda «{request}» de este distrito se dirige a su país ({country})',
      sharedSectors: 'Ambos trabajan en {sectors}',
      complementarySectors: 'Sectores complementarios: {pairs}',
      kinds: 'Organizaciones complementarias: {mine} y {theirs}',
      size: 'Tamaño similar: {mine} y {theirs} empresas socias',
    },
    interest: {
      express: 'Expresar interés',
      about: 'Sobre (opcional)',
      aboutNone: 'El distrito en general',
      note: 'Nota breve (opcional)',
      send: 'Enviar interés',
      cancel: 'Cancelar',
      sent: 'Interés enviado.',
      outgoing: 'Usted está interesado',
      incoming: 'Están interesados en usted',
      match: 'Coincidencia',
    },
    lists: {
      incoming: 'Interesados en usted',
      outgoing: 'Sus intereses',
      matches: 'Coincidencias',
      all: 'Todos los intereses',
      empty: 'Ninguno por ahora.',
    },
    withdraw: 'Retirar',
    withdrawn: 'Interés retirado.',
    liveIncoming: '{name} está interesado en su distrito.',
    liveMatch: 'Nueva coincidencia con {name}.',
    notRepresentative:
      'Las sugerencias de socios son para los representantes de un distrito. Moderadores y administradores ven todos los intereses abajo.',
    noAccess:
      'Solo los representantes de un distrito, moderadores y administradores ven la búsqueda de socios.',
    error: 'Algo salió mal: {message}',
    loading: 'Cargando…',
  },
};

const pt: Strings = {
  matching: {
    nav: 'Parceiros',
    title: 'Sugestões de parceiros',
    intro:
      'Distritos cujas ofertas, pedidos, setores e países combinam com os seus, com os motivos de cada sugestão.',
    district: 'Sugestões para',
    scope: {
      label: 'Regiões',
      cross: 'Entre regiões (UE ↔ ALC)',
      same: 'A minha região',
      all: 'Todas, primeiro entre regiões',
    },
    sector: 'Setor (NACE)',
    country: 'País (código ISO)',
    anySector: 'Qualquer setor',
    apply: 'Aplicar filtros',
    hidden: 'Ocultar o meu distrito das sugestões de outros distritos',
    none: 'Sem sugestões com estes filtros.',
    score: 'Pontuação {score}',
    crossRegion: 'Entre regiões',
    why: 'Porquê',
    reason: {
      offerMine: 'O pedido deles «{request}» corresponde à sua oferta «{offer}»',
      offerTheirs: 'A oferta deles «{offer}» corresponde ao seu pedido «{request}»',
      terms: 'palavras em comum: {terms}',
      nace: 'ambos em NACE {codes}',
      countryMine: 'O seu pedido «{request}» visa {country}',
      countryTheirs: 'O pedido deles «{request}» visa o seu país ({country})',
      sharedSectors: 'Ambos trabalham em {sectors}',
      complementarySectors: 'Setores complementares: {pairs}',
      kinds: 'Organizações complementares: {mine} e {theirs}',
      size: 'Dimensão semelhante: {mine} e {theirs} empresas membro',
    },
    interest: {
      express: 'Manifestar interesse',
      about: 'Sobre (opcional)',
      aboutNone: 'O distrito em geral',
      note: 'Nota curta (opcional)',
      send: 'Enviar interesse',
      cancel: 'Cancelar',
      sent: 'Interesse enviado.',
      outgoing: 'Está interessado',
      incoming: 'Estão interessados em si',
      match: 'Correspondência',
    },
    lists: {
      incoming: 'Interessados em si',
      outgoing: 'Os seus interesses',
      matches: 'Correspondências',
      all: 'Todos os interesses',
      empty: 'Nenhum por enquanto.',
    },
    withdraw: 'Retirar',
    withdrawn: 'Interesse retirado.',
    liveIncoming: '{name} tem interesse no seu distrito.',
    liveMatch: 'Nova correspondência com {name}.',
    notRepresentative:
      'As sugestões de parceiros são para os representantes de um distrito. Moderadores e administradores veem todos os interesses abaixo.',
    noAccess: 'Só representantes de um distrito, moderadores e administradores veem a procura de parceiros.',
    error: 'Algo correu mal: {message}',
    loading: 'A carregar…',
  },
};

const fr: Strings = {
  matching: {
    nav: 'Partenaires',
    title: 'Suggestions de partenaires',
    intro:
      'Les districts dont les offres, demandes, secteurs et pays correspondent aux vôtres, avec les raisons de chaque suggestion.',
    district: 'Suggestions pour',
    scope: {
      label: 'Régions',
      cross: 'Entre régions (UE ↔ ALC)',
      same: 'Ma propre région',
      all: 'Toutes, entre régions d’abord',
    },
    sector: 'Secteur (NACE)',
    country: 'Pays (code ISO)',
    anySector: 'Tout secteur',
    apply: 'Appliquer les filtres',
    hidden: 'Masquer mon district des suggestions des autres districts',
    none: 'Aucune suggestion avec ces filtres.',
    score: 'Score {score}',
    crossRegion: 'Entre régions',
    why: 'Pourquoi',
    reason: {
      offerMine: 'Leur demande « {request} » correspond à votre offre « {offer} »',
      offerTheirs: 'Leur offre « {offer} » correspond à votre demande « {request} »',
      terms: 'mots communs : {terms}',
      nace: 'tous deux en NACE {codes}',
      countryMine: 'Votre demande « {request} » vise {country}',
      countryTheirs: 'Leur demande « {request} » vise votre pays ({country})',
      sharedSectors: 'Tous deux travaillent dans {sectors}',
      complementarySectors: 'Secteurs complémentaires : {pairs}',
      kinds: 'Organisations complémentaires : {mine} et {theirs}',
      size: 'Taille comparable : {mine} et {theirs} entreprises membres',
    },
    interest: {
      express: 'Manifester son intérêt',
      about: 'À propos de (facultatif)',
      aboutNone: 'Le district en général',
      note: 'Note courte (facultatif)',
      send: 'Envoyer',
      cancel: 'Annuler',
      sent: 'Intérêt envoyé.',
      outgoing: 'Vous êtes intéressé',
      incoming: 'Ils sont intéressés par vous',
      match: 'Correspondance',
    },
    lists: {
      incoming: 'Intéressés par vous',
      outgoing: 'Vos intérêts',
      matches: 'Correspondances',
      all: 'Tous les intérêts',
      empty: 'Aucun pour l’instant.',
    },
    withdraw: 'Retirer',
    withdrawn: 'Intérêt retiré.',
    liveIncoming: '{name} est intéressé par votre district.',
    liveMatch: 'Nouvelle correspondance avec {name}.',
    notRepresentative:
      'Les suggestions de partenaires sont destinées aux représentants d’un district. Modérateurs et administrateurs voient tous les intérêts ci-dessous.',
    noAccess:
      'Seuls les représentants d’un district, les modérateurs et les administrateurs voient la recherche de partenaires.',
    error: 'Une erreur s’est produite : {message}',
    loading: 'Chargement…',
  },
};

i18next.addResourceBundle('en', 'translation', en, true, false);
i18next.addResourceBundle('es', 'translation', es, true, false);
i18next.addResourceBundle('pt', 'translation', pt, true, false);
i18next.addResourceBundle('fr', 'translation', fr, true, false);
