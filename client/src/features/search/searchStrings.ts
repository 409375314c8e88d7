import { i18next } from '../../i18n';

/** The search feature's strings (ICU messages). */
const en = {
  search: {
    nav: 'Search',
    title: 'Search',
    landmark: 'Search this programme',
    label: 'Search posts, questions, conclusions and district profiles',
    submit: 'Search',
    shortcutHint: 'Press / or Ctrl+K anywhere in the workspace to search.',
    filters: 'Filters',
    type: 'Type',
    anyType: 'Everything',
    kind: {
      post: 'Post',
      question: 'Question',
      draft: 'Conclusions draft',
      release: 'Published conclusions',
      profile: 'District profile',
    },
    block: 'Block',
    anyBlock: 'All blocks',
    region: 'Region',
    anyRegion: 'EU and Latin America & Caribbean',
    regionEU: 'European Union',
    regionLAC: 'Latin America & Caribbean',
    from: 'From',
    to: 'To',
    count:
      '{count, plural, =0 {No results for “{query}”} one {# result for “{query}”} other {# results for “{query}”}}',
    more: 'More results matched: add words or filters to narrow them down.',
    searching: 'Searching…',
    results: 'Results',
    hidden: 'Hidden',
    release: 'Release {number}',
    by: 'by {name}',
    error: 'The search failed: {message}',
  },
};

const es: typeof en = {
  search: {
    nav: 'Buscar',
    title: 'Buscar',
    landmark: 'Buscar en este programa',
    label: 'Buscar mensajes, preguntas, conclusiones y perfiles de distritos',
    submit: 'Buscar',
    shortcutHint: 'Pulse / o Ctrl+K en cualquier lugar del espacio de trabajo para buscar.',
    filters: 'Filtros',
    type: 'Tipo',
    anyType: 'Todo',
    kind: {
      post: 'Mensaje',
      question: 'Pregunta',
      draft: 'Borrador de conclusiones',
      release: 'Conclusiones publicadas',
      profile: 'Perfil de distrito',
    },
    block: 'Bloque',
    anyBlock: 'Todos los bloques',
    region: 'Región',
    anyRegion: 'UE y América Latina y el Caribe',
    regionEU: 'Unión Europea',
    regionLAC: 'América Latina y el Caribe',
    from: 'Desde',
    to: 'Hasta',
    count:
      '{count, plural, =0 {Ningún resultado para «{query}»} one {# resultado para «{query}»} other {# resultados para «{query}»}}',
    more: 'Hay más coincidencias: añada palabras o filtros para acotarlas.',
    searching: 'Buscando…',
    results: 'Resultados',
    hidden: 'Oculto',
    release: 'Versión {number}',
    by: 'de {name}',
    error: 'La búsqueda falló: {message}',
  },
};

const pt: typeof en = {
  search: {
    nav: 'Pesquisar',
    title: 'Pesquisar',
    landmark: 'Pesquisar neste programa',
    label: 'Pesquisar mensagens, perguntas, conclusões e perfis de distritos',
    submit: 'Pesquisar',
    shortcutHint: 'Pressione / ou Ctrl+K em qualquer lugar do espaço de trabalho para pesquisar.',
    filters: 'Filtros',
    type: 'Tipo',
    anyType: 'Tudo',
    kind: {
      post: 'Mensagem',
      question: 'Pergunta',
      draft: 'Rascunho de conclusões',
      release: 'Conclusões publicadas',
      profile: 'Perfil de distrito',
    },
    block: 'Bloco',
    anyBlock: 'Todos os blocos',
    region: 'Região',
    anyRegion: 'UE e América Latina e Caribe',
    regionEU: 'União Europeia',
    regionLAC: 'América Latina e Caribe',
    from: 'De',
    to: 'Até',
    count:
      '{count, plural, =0 {Nenhum resultado para “{query}”} one {# resultado para “{query}”} other {# resultados para “{query}”}}',
    more: 'Há mais resultados: acrescente palavras ou filtros para refinar.',
    searching: 'Pesquisando…',
    results: 'Resultados',
    hidden: 'Oculta',
    release: 'Versão {number}',
    by: 'por {name}',
    error: 'A pesquisa falhou: {message}',
  },
};

const fr: typeof en = {
  search: {
    nav: 'Rechercher',
    title: 'Rechercher',
    landmark: 'Rechercher dans ce programme',
    label: 'Rechercher des messages, questions, conclusions et profils de districts',
    submit: 'Rechercher',
    shortcutHint: 'Appuyez sur / ou Ctrl+K n’importe où dans l’espace de travail pour rechercher.',
    filters: 'Filtres',
    type: 'Type',
    anyType: 'Tout',
    kind: {
      post: 'Message',
      question: 'Question',
      draft: 'Brouillon de conclusions',
      release: 'Conclusions publiées',
      profile: 'Profil de district',
    },
    block: 'Bloc',
    anyBlock: 'Tous les blocs',
    region: 'Région',
    anyRegion: 'UE et Amérique latine et Caraïbes',
    regionEU: 'Union européenne',
    regionLAC: 'Amérique latine et Caraïbes',
    from: 'Du',
    to: 'Au',
    count:
      '{count, plural, =0 {Aucun résultat pour « {query} »} one {# résultat pour « {query} »} other {# résultats pour « {query} »}}',
    more: 'D’autres résultats correspondent : ajoutez des mots ou des filtres pour les affiner.',
    searching: 'Recherche…',
    results: 'Résultats',
    hidden: 'Masqué',
    release: 'Version {number}',
    by: 'par {name}',
    error: 'La recherche a échoué : {message}',
  },
};

i18next.addResourceBundle('en', 'translation', en, true, false);
i18next.addResourceBundle('es', 'translation', es, true, false);
i18next.addResourceBundle('pt', 'translation', pt, true, false);
i18next.addResourceBundle('fr', 'translation', fr, true, false);
