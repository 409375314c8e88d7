import { i18next } from '../../i18n';

/** Strings of the projector view (issue 12.5). */
const en = {
  projector: {
    title: 'Projector view',
    open: 'Open projector view',
    noQuestion: 'Waiting for the moderator to open a question…',
    join: 'Join the discussion',
    qr: 'QR code of the join link',
  },
};
const es: typeof en = {
  projector: {
    title: 'Vista de proyector',
    open: 'Abrir vista de proyector',
    noQuestion: 'Esperando a que la moderación abra una pregunta…',
    join: 'Únete a la discusión',
    qr: 'Código QR del enlace para unirse',
  },
};
const pt: typeof en = {
  projector: {
    title: 'Vista de projetor',
    open: 'Abrir vista de projetor',
    noQuestion: 'À espera de que a moderação abra uma pergunta…',
    join: 'Junte-se à discussão',
    qr: 'Código QR da ligação para participar',
  },
};
const fr: typeof en = {
  projector: {
    title: 'Vue projecteur',
    open: 'Ouvrir la vue projecteur',
    noQuestion: 'En attente de l’ouverture d’une question par la modération…',
    join: 'Rejoignez la discussion',
    qr: 'Code QR du lien pour rejoindre',
  },
};

i18next.addResourceBundle('en', 'translation', en, true, false);
i18next.addResourceBundle('es', 'translation', es, true, false);
i18next.addResourceBundle('pt', 'translation', pt, true, false);
i18next.addResourceBundle('fr', 'translation', fr, true, false);

export const projectorStrings = { en, es, pt, fr };
