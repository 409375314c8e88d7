import { i18next } from '../../i18n';

/** Strings of the projector view (issue 12.5). */
const en = {
  projector: {
    title: 'Projector view',
    open: 'Open projector view',
    onlyModerators: 'Only moderators and admins can open the projector view.',
    noQuestion: 'Waiting for the moderator to open a question…',
    join: 'Join the discussion',
    qr: 'QR code of the join link',
    spotlight: 'Spotlighted post',
    poll: { open: 'voting open', closed: 'closed' },
    pollHidden:
      '{count, plural, one {# vote so far — results are shown when the poll closes} other {# votes so far — results are shown when the poll closes}}',
    balance: {
      title: 'Balance EU · LAC',
      line: '{region}: {posts} of posts · {members} of members',
      dominates: '{region} dominates this question',
      balanced: 'Balanced',
      fewPosts:
        '{count, plural, one {# post so far: too few to judge (from {min})} other {# posts so far: too few to judge (from {min})}}',
    },
  },
};
const es: typeof en = {
  projector: {
    title: 'Vista de proyector',
    open: 'Abrir vista de proyector',
    onlyModerators: 'Solo la moderación y la administración pueden abrir la vista de proyector.',
    noQuestion: 'Esperando a que la moderación abra una pregunta…',
    join: 'Únete a la discusión',
    qr: 'Código QR del enlace para unirse',
    spotlight: 'Aporte destacado',
    poll: { open: 'votación abierta', closed: 'cerrada' },
    pollHidden:
      '{count, plural, one {# voto por ahora: los resultados se muestran al cerrar la encuesta} other {# votos por ahora: los resultados se muestran al cerrar la encuesta}}',
    balance: {
      title: 'Equilibrio UE · ALC',
      line: '{region}: {posts} de los aportes · {members} de los miembros',
      dominates: '{region} domina esta pregunta',
      balanced: 'Equilibrado',
      fewPosts:
        '{count, plural, one {# aporte por ahora: muy pocos para juzgar (desde {min})} other {# aportes por ahora: muy pocos para juzgar (desde {min})}}',
    },
  },
};
const pt: typeof en = {
  projector: {
    title: 'Vista de projetor',
    open: 'Abrir vista de projetor',
    onlyModerators: 'Apenas moderadores e administradores podem abrir a vista de projetor.',
    noQuestion: 'À espera de que a moderação abra uma pergunta…',
    join: 'Junte-se à discussão',
    qr: 'Código QR da ligação para participar',
    spotlight: 'Contribuição em destaque',
    poll: { open: 'votação aberta', closed: 'encerrada' },
    pollHidden:
      '{count, plural, one {# voto até agora: os resultados são mostrados quando a sondagem fechar} other {# votos até agora: os resultados são mostrados quando a sondagem fechar}}',
    balance: {
      title: 'Equilíbrio UE · ALC',
      line: '{region}: {posts} das contribuições · {members} dos membros',
      dominates: '{region} domina esta pergunta',
      balanced: 'Equilibrado',
      fewPosts:
        '{count, plural, one {# contribuição até agora: poucas para avaliar (a partir de {min})} other {# contribuições até agora: poucas para avaliar (a partir de {min})}}',
    },
  },
};
const fr: typeof en = {
  projector: {
    title: 'Vue projecteur',
    open: 'Ouvrir la vue projecteur',
    onlyModerators: 'Seuls les modérateurs et les administrateurs peuvent ouvrir la vue projecteur.',
    noQuestion: 'En attente de l’ouverture d’une question par la modération…',
    join: 'Rejoignez la discussion',
    qr: 'Code QR du lien pour rejoindre',
    spotlight: 'Contribution mise en avant',
    poll: { open: 'vote ouvert', closed: 'clos' },
    pollHidden:
      '{count, plural, one {# vote pour l’instant : les résultats s’affichent à la clôture du sondage} other {# votes pour l’instant : les résultats s’affichent à la clôture du sondage}}',
    balance: {
      title: 'Équilibre UE · ALC',
      line: '{region} : {posts} des contributions · {members} des membres',
      dominates: '{region} domine cette question',
      balanced: 'Équilibré',
      fewPosts:
        '{count, plural, one {# contribution pour l’instant : trop peu pour juger (à partir de {min})} other {# contributions pour l’instant : trop peu pour juger (à partir de {min})}}',
    },
  },
};

i18next.addResourceBundle('en', 'translation', en, true, false);
i18next.addResourceBundle('es', 'translation', es, true, false);
i18next.addResourceBundle('pt', 'translation', pt, true, false);
i18next.addResourceBundle('fr', 'translation', fr, true, false);

export const projectorStrings = { en, es, pt, fr };
