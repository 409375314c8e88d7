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
    title: { en: 'Profiles of the Polos', es: 'Perfiles de los Polos' },
    description: {
      en: 'Get to know each other: who the districts are, what they do and what they offer and seek in cooperation.',
      es: 'Conocernos: quiénes son los distritos, qué hacen y qué ofrecen y buscan en la cooperación.',
    },
    questions: [
      {
        en: 'Introduce your district: who are its members, which sectors does it serve, and what makes it competitive in its territory?',
        es: 'Presente su distrito: ¿quiénes son sus miembros, a qué sectores atiende y qué lo hace competitivo en su territorio?',
      },
      {
        en: 'Which services does your district offer its members today, and which would you most like to learn about from other districts?',
        es: '¿Qué servicios ofrece hoy su distrito a sus miembros y sobre cuáles le gustaría aprender de otros distritos?',
      },
    ],
  },
  {
    kind: 'discussion',
    title: { en: 'Competitiveness', es: 'Competitividad' },
    description: {
      en: 'Objective 1: identify and synthesise the key elements that favour new Competitive Districts or strengthen existing ones.',
      es: 'Objetivo 1: identificar y sintetizar los elementos clave que favorecen nuevos Polos de Competitividad o fortalecen los existentes.',
    },
    questions: [
      {
        en: 'Which key elements favour the birth of a new Competitive District? Share one from your own experience.',
        es: '¿Qué elementos clave favorecen el nacimiento de un nuevo Polo de Competitividad? Comparta uno de su propia experiencia.',
      },
      {
        en: 'How do firms, local government and R&D organisations share the governance of your district, and what has made that work — or not?',
        es: '¿Cómo comparten la gobernanza de su distrito las empresas, el gobierno local y los centros de I+D, y qué ha hecho que funcione… o no?',
      },
      {
        en: 'Which indicators do you use to know whether your district is becoming more competitive?',
        es: '¿Qué indicadores utiliza para saber si su distrito está ganando competitividad?',
      },
    ],
  },
  {
    kind: 'discussion',
    title: { en: 'Internationalization', es: 'Internacionalización' },
    description: {
      en: 'Objective 2: the parameters that allow agreements and joint development between districts, within a region and between the EU and LAC.',
      es: 'Objetivo 2: los parámetros que permiten acuerdos y desarrollo conjunto entre distritos, dentro de una región y entre la UE y ALC.',
    },
    questions: [
      {
        en: 'What must be in place before two districts can sign a cooperation agreement that lasts beyond the first visit?',
        es: '¿Qué debe existir antes de que dos distritos firmen un acuerdo de cooperación que dure más allá de la primera visita?',
      },
      {
        en: 'What has worked — or failed — when your district cooperated with a district in the other region?',
        es: '¿Qué ha funcionado, o fallado, cuando su distrito cooperó con un distrito de la otra región?',
      },
      {
        en: 'Which joint activities (business missions, shared projects, training, market access) bring value to member firms fastest?',
        es: '¿Qué actividades conjuntas (misiones empresariales, proyectos compartidos, formación, acceso a mercados) aportan valor más rápido a las empresas miembro?',
      },
    ],
  },
  {
    kind: 'discussion',
    title: { en: 'Policies', es: 'Políticas' },
    description: {
      en: 'Objective 3: sketch lines of action and policies that promote and strengthen collaboration between LAC and EU regions and districts.',
      es: 'Objetivo 3: esbozar líneas de acción y políticas que promuevan y fortalezcan la colaboración entre regiones y distritos de ALC y la UE.',
    },
    questions: [
      {
        en: 'Which public policies have most strengthened collaboration between districts in your country or region?',
        es: '¿Qué políticas públicas han fortalecido más la colaboración entre distritos en su país o región?',
      },
      {
        en: 'Which lines of action should EU and LAC institutions support to promote district-to-district cooperation?',
        es: '¿Qué líneas de acción deberían apoyar las instituciones de la UE y de ALC para promover la cooperación entre distritos?',
      },
      {
        en: 'What should the Working Group propose at its next meeting to turn this year’s conclusions into action?',
        es: '¿Qué debería proponer el Grupo de Trabajo en su próxima reunión para convertir las conclusiones de este año en acciones?',
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
