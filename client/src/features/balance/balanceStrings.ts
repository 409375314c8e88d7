import { i18next } from '../../i18n';

/** The balance dashboard's strings (ICU messages), registered with the app's i18n when the workspace chunk loads. */
const en = {
  balance: {
    nav: 'Balance',
    title: 'Bi-regional balance',
    intro:
      'Participation by region, country, district, language and role. Hidden and deleted posts are not counted; poll votes are counts only.',
    liveNote: 'A live session is running: only moderators see these figures until it ends.',
    block: 'Block',
    question: 'Question',
    all: 'All',
    bucket: 'Time step',
    day: 'Day',
    hour: 'Hour',
    csv: 'Download CSV',
    loading: 'Loading figures…',
    error: 'The figures could not be loaded.',
    forbidden:
      'A live session is running: until it ends, only moderators see these figures and their CSV download, so that they do not steer the discussion. The dashboard opens for everyone when the session ends.',
    indicator: 'Balance indicator',
    contributionShare: 'Share of posts',
    memberShare: 'Share of members',
    sample: '{n, plural, one {# post} other {# posts}} from EU and LAC',
    dominant: '{region} dominates',
    balanced: 'No region dominates',
    byRegion: 'Posts by region',
    overTime: 'Posts over time',
    perQuestion: 'Posts per question, by region',
    showTable: 'Show as table',
    region: { EU: 'EU', LAC: 'LAC', other: 'Other' },
    dimension: {
      regionGroup: 'Region',
      country: 'Country',
      district: 'District',
      language: 'Language',
      role: 'Role',
    },
    col: {
      key: 'Name',
      posts: 'Posts',
      words: 'Words',
      contributors: 'Contributors',
      crossRegionReplies: 'Replies across regions',
      reactions: 'Reactions',
      draftContributions: 'Draft edits',
      pollVotes: 'Poll votes',
      endorsements: 'Endorsement answers',
      at: 'Time',
    },
    warning:
      'Balance: {region} has {share}% of the posts on this question against {members}% of the members.',
    warningCleared: 'Balance: no region dominates this question any more.',
  },
};

type Strings = typeof en;

const es: Strings = {
  balance: {
    nav: 'Equilibrio',
    title: 'Equilibrio birregional',
    intro:
      'Participación por región, país, distrito, idioma y rol. No se cuentan las publicaciones ocultas ni eliminadas; de las encuestas solo se cuentan los votos.',
    liveNote: 'Hay una sesión en vivo: solo las personas moderadoras ven estas cifras hasta que termine.',
    block: 'Bloque',
    question: 'Pregunta',
    all: 'Todos',
    bucket: 'Intervalo',
    day: 'Día',
    hour: 'Hora',
    csv: 'Descargar CSV',
    loading: 'Cargando cifras…',
    error: 'No se pudieron cargar las cifras.',
    forbidden:
      'Hay una sesión en vivo: hasta que termine, solo las personas moderadoras ven estas cifras y su descarga en CSV, para que no orienten el debate. El panel se abre para todas las personas cuando termina la sesión.',
    indicator: 'Indicador de equilibrio',
    contributionShare: 'Proporción de publicaciones',
    memberShare: 'Proporción de miembros',
    sample: '{n, plural, one {# publicación} other {# publicaciones}} de la UE y ALC',
    dominant: 'Predomina {region}',
    balanced: 'Ninguna región predomina',
    byRegion: 'Publicaciones por región',
    overTime: 'Publicaciones en el tiempo',
    perQuestion: 'Publicaciones por pregunta y región',
    showTable: 'Ver como tabla',
    region: { EU: 'UE', LAC: 'ALC', other: 'Otras' },
    dimension: {
      regionGroup: 'Región',
      country: 'País',
      district: 'Distrito',
      language: 'Idioma',
      role: 'Rol',
    },
    col: {
      key: 'Nombre',
      posts: 'Publicaciones',
      words: 'Palabras',
      contributors: 'Participantes',
      crossRegionReplies: 'Respuestas entre regiones',
      reactions: 'Reacciones',
      draftContributions: 'Ediciones del borrador',
      pollVotes: 'Votos',
      endorsements: 'Respuestas de respaldo',
      at: 'Momento',
    },
    warning:
      'Equilibrio: {region} tiene el {share} % de las publicaciones de esta pregunta frente al {members} % de los miembros.',
    warningCleared: 'Equilibrio: ninguna región predomina ya en esta pregunta.',
  },
};

const pt: Strings = {
  balance: {
    nav: 'Equilíbrio',
    title: 'Equilíbrio birregional',
    intro:
      'Participação por região, país, distrito, idioma e papel. Publicações ocultas ou apagadas não contam; das enquetes contam-se só os votos.',
    liveNote: 'Há uma sessão ao vivo: só a moderação vê estes números até ela terminar.',
    block: 'Bloco',
    question: 'Pergunta',
    all: 'Todos',
    bucket: 'Intervalo',
    day: 'Dia',
    hour: 'Hora',
    csv: 'Baixar CSV',
    loading: 'Carregando números…',
    error: 'Não foi possível carregar os números.',
    forbidden:
      'Há uma sessão ao vivo: até ela terminar, só a moderação vê estes números e o download em CSV, para que não orientem a discussão. O painel abre para todos quando a sessão termina.',
    indicator: 'Indicador de equilíbrio',
    contributionShare: 'Parcela das publicações',
    memberShare: 'Parcela dos membros',
    sample: '{n, plural, one {# publicação} other {# publicações}} da UE e ALC',
    dominant: '{region} predomina',
    balanced: 'Nenhuma região predomina',
    byRegion: 'Publicações por região',
    overTime: 'Publicações ao longo do tempo',
    perQuestion: 'Publicações por pergunta e região',
    showTable: 'Ver como tabela',
    region: { EU: 'UE', LAC: 'ALC', other: 'Outras' },
    dimension: {
      regionGroup: 'Região',
      country: 'País',
      district: 'Distrito',
      language: 'Idioma',
      role: 'Papel',
    },
    col: {
      key: 'Nome',
      posts: 'Publicações',
      words: 'Palavras',
      contributors: 'Participantes',
      crossRegionReplies: 'Respostas entre regiões',
      reactions: 'Reações',
      draftContributions: 'Edições do rascunho',
      pollVotes: 'Votos',
      endorsements: 'Respostas de endosso',
      at: 'Momento',
    },
    warning:
      'Equilíbrio: {region} tem {share}% das publicações desta pergunta contra {members}% dos membros.',
    warningCleared: 'Equilíbrio: nenhuma região predomina mais nesta pergunta.',
  },
};

const fr: Strings = {
  balance: {
    nav: 'Équilibre',
    title: 'Équilibre birégional',
    intro:
      'Participation par région, pays, district, langue et rôle. Les messages masqués ou supprimés ne comptent pas ; des sondages, seuls les votes sont comptés.',
    liveNote:
      'Une session en direct est en cours : seuls les modérateurs voient ces chiffres jusqu’à sa fin.',
    block: 'Bloc',
    question: 'Question',
    all: 'Tous',
    bucket: 'Pas de temps',
    day: 'Jour',
    hour: 'Heure',
    csv: 'Télécharger le CSV',
    loading: 'Chargement des chiffres…',
    error: 'Les chiffres n’ont pas pu être chargés.',
    forbidden:
      'Une session en direct est en cours : jusqu’à sa fin, seuls les modérateurs voient ces chiffres et leur téléchargement en CSV, pour ne pas orienter la discussion. Le tableau de bord s’ouvre à tous à la fin de la session.',
    indicator: 'Indicateur d’équilibre',
    contributionShare: 'Part des messages',
    memberShare: 'Part des membres',
    sample: '{n, plural, one {# message} other {# messages}} UE et ALC',
    dominant: '{region} domine',
    balanced: 'Aucune région ne domine',
    byRegion: 'Messages par région',
    overTime: 'Messages dans le temps',
    perQuestion: 'Messages par question et par région',
    showTable: 'Afficher en tableau',
    region: { EU: 'UE', LAC: 'ALC', other: 'Autres' },
    dimension: {
      regionGroup: 'Région',
      country: 'Pays',
      district: 'District',
      language: 'Langue',
      role: 'Rôle',
    },
    col: {
      key: 'Nom',
      posts: 'Messages',
      words: 'Mots',
      contributors: 'Contributeurs',
      crossRegionReplies: 'Réponses entre régions',
      reactions: 'Réactions',
      draftContributions: 'Modifications du brouillon',
      pollVotes: 'Votes',
      endorsements: 'Réponses d’approbation',
      at: 'Moment',
    },
    warning:
      'Équilibre : {region} a {share} % des messages de cette question contre {members} % des membres.',
    warningCleared: 'Équilibre : aucune région ne domine plus cette question.',
  },
};

i18next.addResourceBundle('en', 'translation', en, true, false);
i18next.addResourceBundle('es', 'translation', es, true, false);
i18next.addResourceBundle('pt', 'translation', pt, true, false);
i18next.addResourceBundle('fr', 'translation', fr, true, false);
