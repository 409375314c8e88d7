import { i18next } from '../../i18n';

/** Strings of asynchronous windows (issue 13.3): the participants' badge and countdown, the moderator's editor. */
const en = {
  asyncWindow: {
    title: 'Contribution window',
    open: 'Open for contributions',
    scheduled: 'Opens for contributions {start}',
    closed: 'Contribution window closed {end}',
    closesIn:
      '{hours, plural, =0 {{minutes, plural, other {# min}}} other {# h{minutes, plural, =0 {} other { # min}}}} left · closes {end}',
    zone: 'times in {zone}',
    start: 'Opens (your time)',
    end: 'Closes (your time)',
    save: 'Set window',
    clear: 'Remove window',
    saved: 'Window saved.',
    cleared: 'Window removed.',
    endBeforeStart: 'The end must be after the start.',
    failed: 'Not saved: {message}',
    help: 'Members can post in this question between these two times, even outside the live session.',
    viewThread: 'Contribute',
  },
};

const es: typeof en = {
  asyncWindow: {
    title: 'Ventana de contribución',
    open: 'Abierta a contribuciones',
    scheduled: 'Se abre a contribuciones {start}',
    closed: 'Ventana de contribución cerrada {end}',
    closesIn:
      '{hours, plural, =0 {{minutes, plural, one {Queda # min} other {Quedan # min}}} one {{minutes, plural, =0 {Queda 1 h} other {Quedan 1 h # min}}} other {Quedan # h{minutes, plural, =0 {} other { # min}}}} · cierra {end}',
    zone: 'horas en {zone}',
    start: 'Se abre (su hora)',
    end: 'Se cierra (su hora)',
    save: 'Fijar ventana',
    clear: 'Quitar ventana',
    saved: 'Ventana guardada.',
    cleared: 'Ventana quitada.',
    endBeforeStart: 'El cierre debe ser posterior a la apertura.',
    failed: 'No se guardó: {message}',
    help: 'Los miembros pueden publicar en esta pregunta entre estas dos horas, incluso fuera de la sesión en vivo.',
    viewThread: 'Contribuir',
  },
};

const pt: typeof en = {
  asyncWindow: {
    title: 'Janela de contribuição',
    open: 'Aberta a contribuições',
    scheduled: 'Abre para contribuições {start}',
    closed: 'Janela de contribuição encerrada {end}',
    closesIn:
      '{hours, plural, =0 {{minutes, plural, one {Resta # min} other {Restam # min}}} one {{minutes, plural, =0 {Resta 1 h} other {Restam 1 h # min}}} other {Restam # h{minutes, plural, =0 {} other { # min}}}} · fecha {end}',
    zone: 'horários em {zone}',
    start: 'Abre (seu horário)',
    end: 'Fecha (seu horário)',
    save: 'Definir janela',
    clear: 'Remover janela',
    saved: 'Janela salva.',
    cleared: 'Janela removida.',
    endBeforeStart: 'O fechamento deve ser posterior à abertura.',
    failed: 'Não salvo: {message}',
    help: 'Os membros podem publicar nesta pergunta entre estes dois horários, mesmo fora da sessão ao vivo.',
    viewThread: 'Contribuir',
  },
};

const fr: typeof en = {
  asyncWindow: {
    title: 'Fenêtre de contribution',
    open: 'Ouverte aux contributions',
    scheduled: 'Ouverture aux contributions {start}',
    closed: 'Fenêtre de contribution fermée {end}',
    closesIn:
      'Il reste {hours, plural, =0 {{minutes, plural, other {# min}}} other {# h{minutes, plural, =0 {} other { # min}}}} · fermeture {end}',
    zone: 'heures en {zone}',
    start: 'Ouverture (votre heure)',
    end: 'Fermeture (votre heure)',
    save: 'Définir la fenêtre',
    clear: 'Retirer la fenêtre',
    saved: 'Fenêtre enregistrée.',
    cleared: 'Fenêtre retirée.',
    endBeforeStart: 'La fermeture doit être postérieure à l’ouverture.',
    failed: 'Non enregistré : {message}',
    help: 'Les membres peuvent publier dans cette question entre ces deux heures, même en dehors de la séance en direct.',
    viewThread: 'Contribuer',
  },
};

i18next.addResourceBundle('en', 'translation', en, true, false);
i18next.addResourceBundle('es', 'translation', es, true, false);
i18next.addResourceBundle('pt', 'translation', pt, true, false);
i18next.addResourceBundle('fr', 'translation', fr, true, false);

export const asyncWindowStrings = { en, es, pt, fr };
