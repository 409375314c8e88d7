import type { BlockKind, LocalizedText, Locale, Role } from '@polos/shared';

/**
 * Demo content, drawn from the working group's Year 1 (2014–2015): the 4 discussion blocks and
 * questions following its three objectives. Every district and person here is fictitious and labelled
 * as demo.
 */

export const DEMO_WORKSPACE = {
  title: 'EU–LAC Competitive Districts — Year 1, 2014–2015 (demo)',
  description:
    'Demo workspace. A bi-regional Working Group of practitioners from Competitive Districts (Polos de ' +
    'Competitividad) in Latin America and the Caribbean and the European Union discusses, block by block, ' +
    'what makes districts competitive, how they can cooperate across both regions, and which policies ' +
    'would help. All districts and people here are fictitious.',
  // The demo is read in all four UI languages from the first start (QA: the English-only title was marked "EN"
  // in the Spanish UI); the plain strings above stay the English original.
  texts: {
    title: {
      es: 'Polos de Competitividad UE–ALC — Año 1, 2014–2015 (demo)',
      pt: 'Polos de Competitividade UE–ALC — Ano 1, 2014–2015 (demo)',
      fr: 'Pôles de compétitivité UE–ALC — Année 1, 2014–2015 (démo)',
    },
    description: {
      es:
        'Espacio de demostración. Un Grupo de Trabajo birregional de profesionales de Polos de Competitividad de ' +
        'América Latina y el Caribe y de la Unión Europea debate, bloque a bloque, qué hace competitivos a los ' +
        'distritos, cómo pueden cooperar entre ambas regiones y qué políticas ayudarían. Todos los distritos y ' +
        'personas son ficticios.',
      pt:
        'Espaço de demonstração. Um Grupo de Trabalho birregional de profissionais de Polos de Competitividade da ' +
        'América Latina e Caribe e da União Europeia discute, bloco a bloco, o que torna os distritos ' +
        'competitivos, como podem cooperar entre as duas regiões e que políticas ajudariam. Todos os distritos e ' +
        'pessoas são fictícios.',
      fr:
        'Espace de démonstration. Un groupe de travail birégional de praticiens de pôles de compétitivité ' +
        "d'Amérique latine et des Caraïbes et de l'Union européenne examine, bloc par bloc, ce qui rend les " +
        'districts compétitifs, comment ils peuvent coopérer entre les deux régions et quelles politiques ' +
        'les aideraient. Tous les districts et toutes les personnes sont fictifs.',
    },
  },
};

export interface DemoBlock {
  kind: BlockKind;
  title: LocalizedText;
  description: LocalizedText;
  questions: LocalizedText[];
}

export const DEMO_BLOCKS: DemoBlock[] = [
  {
    kind: 'profiles',
    title: {
      en: 'Profiles of the Polos',
      es: 'Perfiles de los Polos',
      pt: 'Perfis dos Polos',
      fr: 'Profils des pôles',
    },
    description: {
      en: 'Get to know each other: who the districts are, what they do and what they offer and seek in cooperation.',
      es: 'Conocernos: quiénes son los distritos, qué hacen y qué ofrecen y buscan en la cooperación.',
      pt: 'Conhecer-nos: quem são os distritos, o que fazem e o que oferecem e procuram na cooperação.',
      fr: "Faire connaissance : qui sont les districts, ce qu'ils font, ce qu'ils offrent et recherchent dans la coopération.",
    },
    questions: [
      {
        en: 'Introduce your district: who are its members, which sectors does it serve, and what makes it competitive in its territory?',
        es: 'Presente su distrito: ¿quiénes son sus miembros, a qué sectores atiende y qué lo hace competitivo en su territorio?',
        pt: 'Apresente o seu distrito: quem são os seus membros, que setores atende e o que o torna competitivo no seu território?',
        fr: "Présentez votre district : qui sont ses membres, quels secteurs sert-il et qu'est-ce qui le rend compétitif sur son territoire ?",
      },
      {
        en: 'Which services does your district offer its members today, and which would you most like to learn about from other districts?',
        es: '¿Qué servicios ofrece hoy su distrito a sus miembros y sobre cuáles le gustaría aprender de otros distritos?',
        pt: 'Que serviços o seu distrito oferece hoje aos seus membros e sobre quais gostaria mais de aprender com outros distritos?',
        fr: "Quels services votre district offre-t-il aujourd'hui à ses membres, et sur lesquels aimeriez-vous le plus apprendre des autres districts ?",
      },
    ],
  },
  {
    kind: 'discussion',
    title: { en: 'Competitiveness', es: 'Competitividad', pt: 'Competitividade', fr: 'Compétitivité' },
    description: {
      en: 'Objective 1: identify and synthesise the key elements that favour new Competitive Districts or strengthen existing ones.',
      es: 'Objetivo 1: identificar y sintetizar los elementos clave que favorecen nuevos Polos de Competitividad o fortalecen los existentes.',
      pt: 'Objetivo 1: identificar e sintetizar os elementos-chave que favorecem novos Polos de Competitividade ou fortalecem os existentes.',
      fr: 'Objectif 1 : identifier et synthétiser les éléments clés qui favorisent de nouveaux pôles de compétitivité ou renforcent les pôles existants.',
    },
    questions: [
      {
        en: 'Which key elements favour the birth of a new Competitive District? Share one from your own experience.',
        es: '¿Qué elementos clave favorecen el nacimiento de un nuevo Polo de Competitividad? Comparta uno de su propia experiencia.',
        pt: 'Que elementos-chave favorecem o nascimento de um novo Polo de Competitividade? Partilhe um da sua própria experiência.',
        fr: "Quels éléments clés favorisent la naissance d'un nouveau pôle de compétitivité ? Partagez-en un tiré de votre propre expérience.",
      },
      {
        en: 'How do firms, local government and R&D organisations share the governance of your district, and what has made that work — or not?',
        es: '¿Cómo comparten la gobernanza de su distrito las empresas, el gobierno local y los centros de I+D, y qué ha hecho que funcione… o no?',
        pt: 'Como as empresas, o governo local e as organizações de P&D partilham a governança do seu distrito, e o que fez isso funcionar — ou não?',
        fr: "Comment les entreprises, les collectivités locales et les organismes de R&D partagent-ils la gouvernance de votre district, et qu'est-ce qui a fait que cela fonctionne — ou non ?",
      },
      {
        en: 'Which indicators do you use to know whether your district is becoming more competitive?',
        es: '¿Qué indicadores utiliza para saber si su distrito está ganando competitividad?',
        pt: 'Que indicadores utiliza para saber se o seu distrito está a ganhar competitividade?',
        fr: 'Quels indicateurs utilisez-vous pour savoir si votre district gagne en compétitivité ?',
      },
    ],
  },
  {
    kind: 'discussion',
    title: {
      en: 'Internationalization',
      es: 'Internacionalización',
      pt: 'Internacionalização',
      fr: 'Internationalisation',
    },
    description: {
      en: 'Objective 2: the parameters that allow agreements and joint development between districts, within a region and between the EU and LAC.',
      es: 'Objetivo 2: los parámetros que permiten acuerdos y desarrollo conjunto entre distritos, dentro de una región y entre la UE y ALC.',
      pt: 'Objetivo 2: os parâmetros que permitem acordos e desenvolvimento conjunto entre distritos, dentro de uma região e entre a UE e a ALC.',
      fr: "Objectif 2 : les paramètres qui permettent des accords et un développement conjoint entre districts, au sein d'une région et entre l'UE et l'ALC.",
    },
    questions: [
      {
        en: 'What must be in place before two districts can sign a cooperation agreement that lasts beyond the first visit?',
        es: '¿Qué debe existir antes de que dos distritos firmen un acuerdo de cooperación que dure más allá de la primera visita?',
        pt: 'O que deve existir antes que dois distritos possam assinar um acordo de cooperação que dure além da primeira visita?',
        fr: 'Que faut-il mettre en place avant que deux districts puissent signer un accord de coopération qui dure au-delà de la première visite ?',
      },
      {
        en: 'What has worked — or failed — when your district cooperated with a district in the other region?',
        es: '¿Qué ha funcionado, o fallado, cuando su distrito cooperó con un distrito de la otra región?',
        pt: 'O que funcionou — ou falhou — quando o seu distrito cooperou com um distrito da outra região?',
        fr: "Qu'est-ce qui a fonctionné — ou échoué — lorsque votre district a coopéré avec un district de l'autre région ?",
      },
      {
        en: 'Which joint activities (business missions, shared projects, training, market access) bring value to member firms fastest?',
        es: '¿Qué actividades conjuntas (misiones empresariales, proyectos compartidos, formación, acceso a mercados) aportan valor más rápido a las empresas miembro?',
        pt: 'Que atividades conjuntas (missões empresariais, projetos partilhados, formação, acesso a mercados) trazem valor mais rapidamente às empresas membros?',
        fr: "Quelles activités communes (missions d'affaires, projets partagés, formation, accès aux marchés) apportent le plus vite de la valeur aux entreprises membres ?",
      },
    ],
  },
  {
    kind: 'discussion',
    title: { en: 'Policies', es: 'Políticas', pt: 'Políticas', fr: 'Politiques' },
    description: {
      en: 'Objective 3: sketch lines of action and policies that promote and strengthen collaboration between LAC and EU regions and districts.',
      es: 'Objetivo 3: esbozar líneas de acción y políticas que promuevan y fortalezcan la colaboración entre regiones y distritos de ALC y la UE.',
      pt: 'Objetivo 3: esboçar linhas de ação e políticas que promovam e fortaleçam a colaboração entre regiões e distritos da ALC e da UE.',
      fr: "Objectif 3 : esquisser des lignes d'action et des politiques qui promeuvent et renforcent la collaboration entre régions et districts de l'ALC et de l'UE.",
    },
    questions: [
      {
        en: 'Which public policies have most strengthened collaboration between districts in your country or region?',
        es: '¿Qué políticas públicas han fortalecido más la colaboración entre distritos en su país o región?',
        pt: 'Que políticas públicas mais fortaleceram a colaboração entre distritos no seu país ou região?',
        fr: 'Quelles politiques publiques ont le plus renforcé la collaboration entre districts dans votre pays ou votre région ?',
      },
      {
        en: 'Which lines of action should EU and LAC institutions support to promote district-to-district cooperation?',
        es: '¿Qué líneas de acción deberían apoyar las instituciones de la UE y de ALC para promover la cooperación entre distritos?',
        pt: 'Que linhas de ação as instituições da UE e da ALC deveriam apoiar para promover a cooperação entre distritos?',
        fr: "Quelles lignes d'action les institutions de l'UE et de l'ALC devraient-elles soutenir pour promouvoir la coopération entre districts ?",
      },
      {
        en: 'What should the Working Group propose at its next meeting to turn this year’s conclusions into action?',
        es: '¿Qué debería proponer el Grupo de Trabajo en su próxima reunión para convertir las conclusiones de este año en acciones?',
        pt: 'O que o Grupo de Trabalho deveria propor na sua próxima reunião para transformar as conclusões deste ano em ações?',
        fr: 'Que devrait proposer le groupe de travail à sa prochaine réunion pour traduire en actions les conclusions de cette année ?',
      },
    ],
  },
];

export interface DemoAccount {
  email: string;
  name: string;
  role: Role;
  /**
   * Saved UI language, applied at every sign-in (issue 13). All English: the browser tests and a visitor trying
   * several accounts in turn see one language; the picker switches (and saves) it.
   */
  locale: Locale;
  /** Index into DEMO_DISTRICT_PROFILES (demoDistricts.ts), if any: the account represents that district. */
  district?: number;
}

/** Shared password of every demo account (printed at seeding). */
export const DEMO_PASSWORD = 'polos-demo-2015';

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: 'admin@demo.polos.example', name: 'Ana Admin (demo)', role: 'admin', locale: 'en' },
  { email: 'moderator@demo.polos.example', name: 'Marta Moderadora (demo)', role: 'moderator', locale: 'en' },
  {
    email: 'carlos@demo.polos.example',
    name: 'Carlos Núñez (demo)',
    role: 'participant',
    locale: 'en',
    district: 0,
  },
  {
    email: 'sophie@demo.polos.example',
    name: 'Sophie Lefèvre (demo)',
    role: 'participant',
    locale: 'en',
    district: 6,
  },
  { email: 'observer@demo.polos.example', name: 'Otto Observer (demo)', role: 'observer', locale: 'en' },
];
