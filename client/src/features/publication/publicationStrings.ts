import { i18next } from '../../i18n';

/** The publication bundle's and the public year page's strings (ICU messages), in the four UI languages. */
const en = {
  publication: {
    title: 'Publication',
    intro:
      'Download everything this year produced as one ZIP: released conclusions, thread transcripts, poll and endorsement results, participation figures, an index page and a manifest.',
    download: 'Download the year (ZIP)',
    building: 'Building the bundle… {mb} MB received',
    done: 'Bundle downloaded ({mb} MB).',
    error: {
      forbidden: 'Only moderators and admins can build the bundle.',
      busy: 'Other bundles are being built. Try again in a moment.',
      failed: 'The bundle could not be built. Try again.',
    },
    publicTitle: 'Public year page',
    publicHelp:
      'When public, anyone with the link can read the year’s summary and download the bundle without an account. Member contacts and hidden posts are never shown.',
    publicToggle: 'Make the year page public',
    publicUrl: 'Public address',
    copy: 'Copy address',
    copied: 'Address copied.',
    publicOn: 'The year page is public.',
    publicOff: 'The year page is private.',
    toggleFailed: 'The setting could not be saved.',
    page: {
      loading: 'Loading the year page…',
      notFound: 'This year page is not public.',
      summary: 'Summary',
      blocks: 'Blocks',
      questions: '{n, plural, one {# question} other {# questions}}',
      released: 'Release {number}, published {date}',
      noConclusions: 'No released conclusions yet.',
      overall: 'Overall conclusions',
      participation: 'Participation',
      posts: '{n, plural, one {# post} other {# posts}}',
      contributors: '{n, plural, one {# contributor} other {# contributors}}',
      region: 'Region',
      regionPosts: 'Posts',
      regionMembers: 'Members',
      liveNote: 'Participation figures are shown when the live session ends.',
      downloads: 'Downloads',
      downloadZip: 'Download everything (ZIP)',
      zipHelp:
        'The ZIP holds the conclusions (PDF, Word, web page, Markdown), transcripts, results and a manifest with a SHA-256 checksum for every file.',
    },
  },
};

type Strings = typeof en;

const es: Strings = {
  publication: {
    title: 'Publicación',
    intro:
      'Descargue todo lo que produjo este año en un ZIP: conclusiones publicadas, transcripciones de los hilos, resultados de encuestas y respaldos, cifras de participación, una página índice y un manifiesto.',
    download: 'Descargar el año (ZIP)',
    building: 'Preparando el paquete… {mb} MB recibidos',
    done: 'Paquete descargado ({mb} MB).',
    error: {
      forbidden: 'Solo moderadores y administradores pueden preparar el paquete.',
      busy: 'Se están preparando otros paquetes. Inténtelo de nuevo en un momento.',
      failed: 'No se pudo preparar el paquete. Inténtelo de nuevo.',
    },
    publicTitle: 'Página pública del año',
    publicHelp:
      'Si es pública, cualquiera con el enlace puede leer el resumen del año y descargar el paquete sin cuenta. Nunca se muestran contactos de miembros ni aportaciones ocultas.',
    publicToggle: 'Hacer pública la página del año',
    publicUrl: 'Dirección pública',
    copy: 'Copiar dirección',
    copied: 'Dirección copiada.',
    publicOn: 'La página del año es pública.',
    publicOff: 'La página del año es privada.',
    toggleFailed: 'No se pudo guardar el ajuste.',
    page: {
      loading: 'Cargando la página del año…',
      notFound: 'Esta página del año no es pública.',
      summary: 'Resumen',
      blocks: 'Bloques',
      questions: '{n, plural, one {# pregunta} other {# preguntas}}',
      released: 'Publicación {number}, publicada el {date}',
      noConclusions: 'Aún no hay conclusiones publicadas.',
      overall: 'Conclusiones generales',
      participation: 'Participación',
      posts: '{n, plural, one {# aportación} other {# aportaciones}}',
      contributors: '{n, plural, one {# participante} other {# participantes}}',
      region: 'Región',
      regionPosts: 'Aportaciones',
      regionMembers: 'Miembros',
      liveNote: 'Las cifras de participación se muestran cuando termina la sesión en directo.',
      downloads: 'Descargas',
      downloadZip: 'Descargar todo (ZIP)',
      zipHelp:
        'El ZIP contiene las conclusiones (PDF, Word, página web, Markdown), las transcripciones, los resultados y un manifiesto con la suma SHA-256 de cada archivo.',
    },
  },
};

const pt: Strings = {
  publication: {
    title: 'Publicação',
    intro:
      'Descarregue tudo o que este ano produziu num ZIP: conclusões publicadas, transcrições dos tópicos, resultados das sondagens e dos apoios, números da participação, uma página índice e um manifesto.',
    download: 'Descarregar o ano (ZIP)',
    building: 'A preparar o pacote… {mb} MB recebidos',
    done: 'Pacote descarregado ({mb} MB).',
    error: {
      forbidden: 'Só moderadores e administradores podem preparar o pacote.',
      busy: 'Outros pacotes estão sendo preparados. Tente de novo daqui a pouco.',
      failed: 'Não foi possível preparar o pacote. Tente de novo.',
    },
    publicTitle: 'Página pública do ano',
    publicHelp:
      'Quando pública, qualquer pessoa com a ligação pode ler o resumo do ano e descarregar o pacote sem conta. Os contactos dos membros e as publicações ocultas nunca são mostrados.',
    publicToggle: 'Tornar pública a página do ano',
    publicUrl: 'Endereço público',
    copy: 'Copiar endereço',
    copied: 'Endereço copiado.',
    publicOn: 'A página do ano é pública.',
    publicOff: 'A página do ano é privada.',
    toggleFailed: 'Não foi possível guardar a definição.',
    page: {
      loading: 'A carregar a página do ano…',
      notFound: 'Esta página do ano não é pública.',
      summary: 'Resumo',
      blocks: 'Blocos',
      questions: '{n, plural, one {# pergunta} other {# perguntas}}',
      released: 'Publicação {number}, publicada em {date}',
      noConclusions: 'Ainda não há conclusões publicadas.',
      overall: 'Conclusões gerais',
      participation: 'Participação',
      posts: '{n, plural, one {# publicação} other {# publicações}}',
      contributors: '{n, plural, one {# participante} other {# participantes}}',
      region: 'Região',
      regionPosts: 'Publicações',
      regionMembers: 'Membros',
      liveNote: 'Os números da participação são mostrados quando a sessão ao vivo terminar.',
      downloads: 'Transferências',
      downloadZip: 'Descarregar tudo (ZIP)',
      zipHelp:
        'O ZIP contém as conclusões (PDF, Word, página web, Markdown), as transcrições, os resultados e um manifesto com o SHA-256 de cada ficheiro.',
    },
  },
};

const fr: Strings = {
  publication: {
    title: 'Publication',
    intro:
      'Téléchargez tout ce que cette année a produit en un ZIP : conclusions publiées, transcriptions des fils, résultats des sondages et des soutiens, chiffres de participation, une page d’index et un manifeste.',
    download: 'Télécharger l’année (ZIP)',
    building: 'Préparation du dossier… {mb} Mo reçus',
    done: 'Dossier téléchargé ({mb} Mo).',
    error: {
      forbidden: 'Seuls les modérateurs et les administrateurs peuvent préparer le dossier.',
      busy: 'D’autres dossiers sont en préparation. Réessayez dans un instant.',
      failed: 'Le dossier n’a pas pu être préparé. Réessayez.',
    },
    publicTitle: 'Page publique de l’année',
    publicHelp:
      'Publique, elle permet à toute personne ayant le lien de lire le résumé de l’année et de télécharger le dossier sans compte. Les contacts des membres et les contributions masquées ne sont jamais affichés.',
    publicToggle: 'Rendre publique la page de l’année',
    publicUrl: 'Adresse publique',
    copy: 'Copier l’adresse',
    copied: 'Adresse copiée.',
    publicOn: 'La page de l’année est publique.',
    publicOff: 'La page de l’année est privée.',
    toggleFailed: 'Le réglage n’a pas pu être enregistré.',
    page: {
      loading: 'Chargement de la page de l’année…',
      notFound: 'Cette page de l’année n’est pas publique.',
      summary: 'Résumé',
      blocks: 'Blocs',
      questions: '{n, plural, one {# question} other {# questions}}',
      released: 'Publication {number}, publiée le {date}',
      noConclusions: 'Pas encore de conclusions publiées.',
      overall: 'Conclusions générales',
      participation: 'Participation',
      posts: '{n, plural, one {# contribution} other {# contributions}}',
      contributors: '{n, plural, one {# participant} other {# participants}}',
      region: 'Région',
      regionPosts: 'Contributions',
      regionMembers: 'Membres',
      liveNote: 'Les chiffres de participation s’affichent à la fin de la session en direct.',
      downloads: 'Téléchargements',
      downloadZip: 'Tout télécharger (ZIP)',
      zipHelp:
        'Le ZIP contient les conclusions (PDF, Word, page web, Markdown), les transcriptions, les résultats et un manifeste avec l’empreinte SHA-256 de chaque fichier.',
    },
  },
};

i18next.addResourceBundle('en', 'translation', en, true, false);
i18next.addResourceBundle('es', 'translation', es, true, false);
i18next.addResourceBundle('pt', 'translation', pt, true, false);
i18next.addResourceBundle('fr', 'translation', fr, true, false);
