/**
 * The publication bundle's own words (index page, transcripts, poll and participation pages) in every UI
 * language (en, es, pt, fr), in one table. The conclusions inside the bundle use the drafts' export words
 * (`drafts/exportMessages.ts`) in the same language.
 */
import { labelColon, type BundleLanguage, type RegionGroup } from '@polos/shared';

export interface BundleMessages {
  /** BCP 47 locale for dates and numbers. */
  locale: string;
  yearBundle: string;
  intro: string;
  /** "Data as of <date>": the input's latest change, not the time of building. */
  asOf: (date: string) => string;
  conclusions: string;
  overall: string;
  block: (order: number, title: string) => string;
  noConclusions: string;
  transcripts: string;
  transcriptOf: (label: string) => string;
  question: (label: string) => string;
  timesIn: (zone: string) => string;
  removedPost: string;
  noDistrict: string;
  noPosts: string;
  replyTo: (name: string) => string;
  polls: string;
  noPolls: string;
  pollHidden: string;
  option: string;
  voters: string;
  overallColumn: string;
  mean: string;
  endorsements: string;
  noEndorsements: string;
  paragraph: string;
  answersByDistrict: string;
  participation: string;
  participationIntro: string;
  postsByRegion: string;
  postsPerBlock: string;
  posts: string;
  contributors: string;
  region: string;
  members: string;
  blockColumn: string;
  questionColumn: string;
  postsPerQuestion: string;
  files: string;
  manifest: string;
  formats: { pdf: string; docx: string; html: string; md: string; csv: string; svg: string };
  /** ": " — in French with a narrow no-break space before the colon ({@link labelColon}). */
  colon: string;
  /** Short region-group names, as the app's balance page (`client/src/features/balance/balanceStrings.ts`). */
  regions: Record<RegionGroup, string>;
  /** Endorsement answers and round states, as the app (`client/src/features/endorsements/endorsementStrings.ts`). */
  answers: { agree: string; amend: string; object: string };
  roundStates: { open: string; closed: string };
  quorumReached: string;
  quorumNotReached: string;
  /** A ranking poll's result as the app shows it (`polls.points`), with its rank among the options. */
  rankedPoints: (points: number, rank: number) => string;
  points: string;
  rank: string;
}

export const BUNDLE_MESSAGES: Record<BundleLanguage, BundleMessages> = {
  en: {
    colon: labelColon('en'),
    regions: { EU: 'EU', LAC: 'LAC', other: 'Other' },
    answers: { agree: 'Agree', amend: 'Amend', object: 'Object' },
    roundStates: { open: 'Open', closed: 'Closed' },
    quorumReached: 'quorum reached',
    quorumNotReached: 'quorum not reached',
    rankedPoints: (points, rank) => `${points === 1 ? '1 point' : `${points} points`} (rank ${rank})`,
    points: 'Points',
    rank: 'Rank',
    locale: 'en-GB',
    yearBundle: 'Publication bundle',
    intro:
      'Everything the working group decided and discussed this year: the released conclusions, the thread transcripts, poll results, endorsement results and participation figures.',
    asOf: (date) => `Data as of ${date}`,
    conclusions: 'Conclusions',
    overall: 'Overall conclusions',
    block: (order, title) => `Block ${order}: ${title}`,
    noConclusions: 'No released conclusions.',
    transcripts: 'Thread transcripts',
    transcriptOf: (label) => `Transcript — ${label}`,
    question: (label) => `Question ${label}`,
    timesIn: (zone) => `Time zone: ${zone}. Hidden and deleted posts are not included.`,
    removedPost: 'A post that is no longer shown',
    noDistrict: 'no district',
    noPosts: 'No posts.',
    replyTo: (name) => `Reply to ${name}`,
    polls: 'Poll results',
    noPolls: 'No polls.',
    pollHidden: 'Results are hidden until the poll closes.',
    option: 'Option',
    voters: 'Voters',
    overallColumn: 'All',
    mean: 'Mean',
    endorsements: 'Endorsement results',
    noEndorsements: 'No endorsement rounds.',
    paragraph: 'Paragraph',
    answersByDistrict: 'Answers by district',
    participation: 'Participation',
    participationIntro:
      'Participation by region group, block and question (hidden and deleted posts are not counted).',
    postsByRegion: 'Posts by region group',
    postsPerBlock: 'Posts per block, EU and LAC',
    posts: 'Posts',
    contributors: 'Contributors',
    region: 'Region group',
    members: 'Members',
    blockColumn: 'Block',
    questionColumn: 'Question',
    postsPerQuestion: 'Posts per question, EU and LAC share',
    files: 'Files',
    manifest: 'Manifest (sizes and SHA-256 of every file)',
    formats: {
      pdf: 'PDF',
      docx: 'Word (DOCX)',
      html: 'Web page',
      md: 'Markdown',
      csv: 'CSV',
      svg: 'Chart (SVG)',
    },
  },
  es: {
    colon: labelColon('es'),
    regions: { EU: 'UE', LAC: 'ALC', other: 'Otras' },
    answers: { agree: 'De acuerdo', amend: 'Enmendar', object: 'Objetar' },
    roundStates: { open: 'Abierta', closed: 'Cerrada' },
    quorumReached: 'quórum alcanzado',
    quorumNotReached: 'quórum no alcanzado',
    rankedPoints: (points, rank) => `${points === 1 ? '1 punto' : `${points} puntos`} (puesto ${rank})`,
    points: 'Puntos',
    rank: 'Puesto',
    locale: 'es-ES',
    yearBundle: 'Paquete de publicación',
    intro:
      'Todo lo que el grupo de trabajo decidió y debatió este año: las conclusiones publicadas, las transcripciones de los hilos, los resultados de las encuestas y de los respaldos y las cifras de participación.',
    asOf: (date) => `Datos a ${date}`,
    conclusions: 'Conclusiones',
    overall: 'Conclusiones generales',
    block: (order, title) => `Bloque ${order}: ${title}`,
    noConclusions: 'Sin conclusiones publicadas.',
    transcripts: 'Transcripciones de los hilos',
    transcriptOf: (label) => `Transcripción — ${label}`,
    question: (label) => `Pregunta ${label}`,
    timesIn: (zone) => `Zona horaria: ${zone}. No se incluyen las aportaciones ocultas ni las eliminadas.`,
    removedPost: 'Una aportación que ya no se muestra',
    noDistrict: 'sin distrito',
    noPosts: 'Sin aportaciones.',
    replyTo: (name) => `Respuesta a ${name}`,
    polls: 'Resultados de las encuestas',
    noPolls: 'Sin encuestas.',
    pollHidden: 'Los resultados están ocultos hasta que se cierre la encuesta.',
    option: 'Opción',
    voters: 'Votantes',
    overallColumn: 'Total',
    mean: 'Media',
    endorsements: 'Resultados de los respaldos',
    noEndorsements: 'Sin rondas de respaldo.',
    paragraph: 'Párrafo',
    answersByDistrict: 'Respuestas por distrito',
    participation: 'Participación',
    participationIntro:
      'Participación por grupo regional, bloque y pregunta (no se cuentan las aportaciones ocultas ni las eliminadas).',
    postsByRegion: 'Aportaciones por grupo regional',
    postsPerBlock: 'Aportaciones por bloque, UE y ALC',
    posts: 'Aportaciones',
    contributors: 'Participantes',
    region: 'Grupo regional',
    members: 'Miembros',
    blockColumn: 'Bloque',
    questionColumn: 'Pregunta',
    postsPerQuestion: 'Aportaciones por pregunta, proporción UE y ALC',
    files: 'Archivos',
    manifest: 'Manifiesto (tamaño y SHA-256 de cada archivo)',
    formats: {
      pdf: 'PDF',
      docx: 'Word (DOCX)',
      html: 'Página web',
      md: 'Markdown',
      csv: 'CSV',
      svg: 'Gráfico (SVG)',
    },
  },
  pt: {
    colon: labelColon('pt'),
    regions: { EU: 'UE', LAC: 'ALC', other: 'Outras' },
    answers: { agree: 'Concordo', amend: 'Emendar', object: 'Objetar' },
    roundStates: { open: 'Aberta', closed: 'Encerrada' },
    quorumReached: 'quórum alcançado',
    quorumNotReached: 'quórum não alcançado',
    rankedPoints: (points, rank) => `${points === 1 ? '1 ponto' : `${points} pontos`} (posição ${rank})`,
    points: 'Pontos',
    rank: 'Posição',
    locale: 'pt-PT',
    yearBundle: 'Pacote de publicação',
    intro:
      'Tudo o que o grupo de trabalho decidiu e debateu este ano: as conclusões publicadas, as transcrições dos tópicos, os resultados das sondagens e dos apoios e os números da participação.',
    asOf: (date) => `Dados em ${date}`,
    conclusions: 'Conclusões',
    overall: 'Conclusões gerais',
    block: (order, title) => `Bloco ${order}: ${title}`,
    noConclusions: 'Sem conclusões publicadas.',
    transcripts: 'Transcrições dos tópicos',
    transcriptOf: (label) => `Transcrição — ${label}`,
    question: (label) => `Pergunta ${label}`,
    timesIn: (zone) => `Fuso horário: ${zone}. As publicações ocultas e eliminadas não estão incluídas.`,
    removedPost: 'Uma publicação que já não é mostrada',
    noDistrict: 'sem distrito',
    noPosts: 'Sem publicações.',
    replyTo: (name) => `Resposta a ${name}`,
    polls: 'Resultados das sondagens',
    noPolls: 'Sem sondagens.',
    pollHidden: 'Os resultados ficam ocultos até a sondagem fechar.',
    option: 'Opção',
    voters: 'Votantes',
    overallColumn: 'Total',
    mean: 'Média',
    endorsements: 'Resultados dos apoios',
    noEndorsements: 'Sem rondas de apoio.',
    paragraph: 'Parágrafo',
    answersByDistrict: 'Respostas por distrito',
    participation: 'Participação',
    participationIntro:
      'Participação por grupo regional, bloco e pergunta (as publicações ocultas e eliminadas não são contadas).',
    postsByRegion: 'Publicações por grupo regional',
    postsPerBlock: 'Publicações por bloco, UE e ALC',
    posts: 'Publicações',
    contributors: 'Participantes',
    region: 'Grupo regional',
    members: 'Membros',
    blockColumn: 'Bloco',
    questionColumn: 'Pergunta',
    postsPerQuestion: 'Publicações por pergunta, proporção UE e ALC',
    files: 'Ficheiros',
    manifest: 'Manifesto (tamanho e SHA-256 de cada ficheiro)',
    formats: {
      pdf: 'PDF',
      docx: 'Word (DOCX)',
      html: 'Página web',
      md: 'Markdown',
      csv: 'CSV',
      svg: 'Gráfico (SVG)',
    },
  },
  fr: {
    colon: labelColon('fr'),
    regions: { EU: 'UE', LAC: 'ALC', other: 'Autres' },
    answers: { agree: 'D’accord', amend: 'Amender', object: 'Objecter' },
    roundStates: { open: 'Ouvert', closed: 'Clos' },
    quorumReached: 'quorum atteint',
    quorumNotReached: 'quorum non atteint',
    rankedPoints: (points, rank) => `${points <= 1 ? `${points} point` : `${points} points`} (rang ${rank})`,
    points: 'Points',
    rank: 'Rang',
    locale: 'fr-FR',
    yearBundle: 'Dossier de publication',
    intro:
      'Tout ce que le groupe de travail a décidé et débattu cette année\u202F: les conclusions publiées, les transcriptions des fils, les résultats des sondages et des soutiens et les chiffres de participation.',
    asOf: (date) => `Données au ${date}`,
    conclusions: 'Conclusions',
    overall: 'Conclusions générales',
    block: (order, title) => `Bloc ${order}\u202F: ${title}`,
    noConclusions: 'Aucune conclusion publiée.',
    transcripts: 'Transcriptions des fils',
    transcriptOf: (label) => `Transcription — ${label}`,
    question: (label) => `Question ${label}`,
    timesIn: (zone) =>
      `Fuseau horaire\u202F: ${zone}. Les contributions masquées et supprimées ne sont pas incluses.`,
    removedPost: 'Une contribution qui n’est plus affichée',
    noDistrict: 'sans district',
    noPosts: 'Aucune contribution.',
    replyTo: (name) => `Réponse à ${name}`,
    polls: 'Résultats des sondages',
    noPolls: 'Aucun sondage.',
    pollHidden: 'Les résultats sont masqués jusqu’à la clôture du sondage.',
    option: 'Option',
    voters: 'Votants',
    overallColumn: 'Total',
    mean: 'Moyenne',
    endorsements: 'Résultats des soutiens',
    noEndorsements: 'Aucun tour de soutien.',
    paragraph: 'Paragraphe',
    answersByDistrict: 'Réponses par district',
    participation: 'Participation',
    participationIntro:
      'Participation par groupe régional, bloc et question (les contributions masquées et supprimées ne sont pas comptées).',
    postsByRegion: 'Contributions par groupe régional',
    postsPerBlock: 'Contributions par bloc, UE et ALC',
    posts: 'Contributions',
    contributors: 'Participants',
    region: 'Groupe régional',
    members: 'Membres',
    blockColumn: 'Bloc',
    questionColumn: 'Question',
    postsPerQuestion: 'Contributions par question, part UE et ALC',
    files: 'Fichiers',
    manifest: 'Manifeste (taille et SHA-256 de chaque fichier)',
    formats: {
      pdf: 'PDF',
      docx: 'Word (DOCX)',
      html: 'Page web',
      md: 'Markdown',
      csv: 'CSV',
      svg: 'Graphique (SVG)',
    },
  },
};
