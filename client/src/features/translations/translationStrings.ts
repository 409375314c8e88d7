import { i18next } from '../../i18n';

/** Strings of the admin translations page (registered when its lazy chunk loads). */
const en = {
  translations: {
    nav: 'Translations',
    title: 'Translations of the workspace texts',
    intro:
      'Block titles, descriptions and questions in each language. English and Spanish are required; a missing Portuguese or French version is shown in English, marked “EN”.',
    block: 'Block {n}',
    blockTitle: 'Title',
    blockDescription: 'Description',
    question: 'Question {n}',
    save: 'Save block {n}',
    saving: 'Saving…',
    saved: 'Block {n} saved.',
    unchanged: 'Nothing changed in block {n}.',
    failed: 'Block {n} was not saved: {message}',
    workspace: 'Programme',
    workspaceSave: 'Save the programme’s texts',
    workspaceSaved: 'Programme texts saved.',
    workspaceUnchanged: 'Nothing changed in the programme’s texts.',
    workspaceFailed: 'The programme’s texts were not saved: {message}',
    required: 'required',
    missing: '{count, plural, one {# text not translated} other {# texts not translated}}',
    onlyAdmins: 'Only admins can edit the texts of the workspace.',
  },
};

const es: typeof en = {
  translations: {
    nav: 'Traducciones',
    title: 'Traducciones de los textos del espacio',
    intro:
      'Títulos, descripciones y preguntas de los bloques en cada idioma. El inglés y el español son obligatorios; si falta la versión en portugués o en francés, se muestra la inglesa, marcada con «EN».',
    block: 'Bloque {n}',
    blockTitle: 'Título',
    blockDescription: 'Descripción',
    question: 'Pregunta {n}',
    save: 'Guardar el bloque {n}',
    saving: 'Guardando…',
    saved: 'Se guardó el bloque {n}.',
    unchanged: 'No hay cambios en el bloque {n}.',
    failed: 'No se guardó el bloque {n}: {message}',
    workspace: 'Programa',
    workspaceSave: 'Guardar los textos del programa',
    workspaceSaved: 'Se guardaron los textos del programa.',
    workspaceUnchanged: 'No hay cambios en los textos del programa.',
    workspaceFailed: 'No se guardaron los textos del programa: {message}',
    required: 'obligatorio',
    missing: '{count, plural, one {# texto sin traducir} other {# textos sin traducir}}',
    onlyAdmins: 'Solo los administradores pueden editar los textos del espacio.',
  },
};

const pt: typeof en = {
  translations: {
    nav: 'Traduções',
    title: 'Traduções dos textos do espaço',
    intro:
      'Títulos, descrições e perguntas dos blocos em cada idioma. Inglês e espanhol são obrigatórios; quando falta a versão em português ou em francês, a inglesa é exibida, marcada com “EN”.',
    block: 'Bloco {n}',
    blockTitle: 'Título',
    blockDescription: 'Descrição',
    question: 'Pergunta {n}',
    save: 'Salvar o bloco {n}',
    saving: 'Salvando…',
    saved: 'Bloco {n} salvo.',
    unchanged: 'Nada mudou no bloco {n}.',
    failed: 'O bloco {n} não foi salvo: {message}',
    workspace: 'Programa',
    workspaceSave: 'Salvar os textos do programa',
    workspaceSaved: 'Textos do programa salvos.',
    workspaceUnchanged: 'Nada mudou nos textos do programa.',
    workspaceFailed: 'Os textos do programa não foram salvos: {message}',
    required: 'obrigatório',
    missing: '{count, plural, one {# texto sem tradução} other {# textos sem tradução}}',
    onlyAdmins: 'Somente administradores podem editar os textos do espaço.',
  },
};

const fr: typeof en = {
  translations: {
    nav: 'Traductions',
    title: 'Traductions des textes de l’espace',
    intro:
      'Titres, descriptions et questions des blocs dans chaque langue. L’anglais et l’espagnol sont obligatoires ; une version portugaise ou française manquante est remplacée par l’anglaise, marquée « EN ».',
    block: 'Bloc {n}',
    blockTitle: 'Titre',
    blockDescription: 'Description',
    question: 'Question {n}',
    save: 'Enregistrer le bloc {n}',
    saving: 'Enregistrement…',
    saved: 'Bloc {n} enregistré.',
    unchanged: 'Rien n’a changé dans le bloc {n}.',
    failed: 'Le bloc {n} n’a pas été enregistré : {message}',
    workspace: 'Programme',
    workspaceSave: 'Enregistrer les textes du programme',
    workspaceSaved: 'Textes du programme enregistrés.',
    workspaceUnchanged: 'Rien n’a changé dans les textes du programme.',
    workspaceFailed: 'Les textes du programme n’ont pas été enregistrés : {message}',
    required: 'obligatoire',
    missing: '{count, plural, one {# texte non traduit} other {# textes non traduits}}',
    onlyAdmins: 'Seuls les administrateurs peuvent modifier les textes de l’espace.',
  },
};

i18next.addResourceBundle('en', 'translation', en, true, false);
i18next.addResourceBundle('es', 'translation', es, true, false);
i18next.addResourceBundle('pt', 'translation', pt, true, false);
i18next.addResourceBundle('fr', 'translation', fr, true, false);
