/**
 * The words of draft exports (Markdown, HTML, DOCX, PDF) in every UI language of the client (en, es, pt, fr), in
 * one table.
 * An export is written in the requester's language: the `lang` query parameter the client sends from its current
 * language, else the request's Accept-Language, else English.
 */
import type { Request } from 'express';

/** Languages exports are written in (the client's UI languages). */
export const EXPORT_LANGUAGES = ['en', 'es', 'pt', 'fr'] as const;
export type ExportLanguage = (typeof EXPORT_LANGUAGES)[number];

/** The export's words in one language. Dates come in already formatted ("30 November 2026 (Europe/Madrid)"). */
export interface ExportMessages {
  /** BCP 47 locale for dates and the documents' `lang`. */
  locale: string;
  /** The label after a title: "Competitiveness — conclusions". */
  conclusions: string;
  overallConclusions: string;
  workingCopy: (date: string) => string;
  version: (number: number, name: string, date: string) => string;
  release: (number: number, date: string) => string;
  contributors: string;
  otherContributors: string;
  noDistrict: string;
  /** Region-group headings of the contributors, as the app's balance page names them (EU/LAC → UE/ALC…). */
  regions: { EU: string; LAC: string; other: string };
  /** Words of file names (slugged): "working copy", "version", "release". */
  fileWorkingCopy: string;
  fileVersion: string;
  fileRelease: string;
}

export const EXPORT_MESSAGES: Record<ExportLanguage, ExportMessages> = {
  en: {
    locale: 'en-GB',
    conclusions: 'conclusions',
    overallConclusions: 'overall conclusions',
    workingCopy: (date) => `Working copy, ${date}`,
    version: (number, name, date) => `Version ${number} — ${name}, saved ${date}`,
    release: (number, date) => `Release ${number}, published ${date}`,
    contributors: 'Contributors',
    otherContributors: 'Other contributors',
    noDistrict: 'No district',
    regions: { EU: 'EU', LAC: 'LAC', other: 'Other' },
    fileWorkingCopy: 'working copy',
    fileVersion: 'version',
    fileRelease: 'release',
  },
  es: {
    locale: 'es-ES',
    conclusions: 'conclusiones',
    overallConclusions: 'conclusiones generales',
    workingCopy: (date) => `Copia de trabajo, ${date}`,
    version: (number, name, date) => `Versión ${number} — ${name}, guardada el ${date}`,
    release: (number, date) => `Publicación ${number}, publicada el ${date}`,
    contributors: 'Participantes',
    otherContributors: 'Otros participantes',
    noDistrict: 'Sin distrito',
    regions: { EU: 'UE', LAC: 'ALC', other: 'Otras' },
    fileWorkingCopy: 'copia de trabajo',
    fileVersion: 'version',
    fileRelease: 'publicacion',
  },
  pt: {
    locale: 'pt-BR',
    conclusions: 'conclusões',
    overallConclusions: 'conclusões gerais',
    workingCopy: (date) => `Cópia de trabalho, ${date}`,
    version: (number, name, date) => `Versão ${number} — ${name}, salva em ${date}`,
    release: (number, date) => `Publicação ${number}, publicada em ${date}`,
    contributors: 'Participantes',
    otherContributors: 'Outros participantes',
    noDistrict: 'Sem polo',
    regions: { EU: 'UE', LAC: 'ALC', other: 'Outras' },
    fileWorkingCopy: 'copia de trabalho',
    fileVersion: 'versao',
    fileRelease: 'publicacao',
  },
  fr: {
    locale: 'fr-FR',
    conclusions: 'conclusions',
    overallConclusions: 'conclusions générales',
    workingCopy: (date) => `Copie de travail, ${date}`,
    version: (number, name, date) => `Version ${number} — ${name}, enregistrée le ${date}`,
    release: (number, date) => `Version publiée ${number}, publiée le ${date}`,
    contributors: 'Contributeurs',
    otherContributors: 'Autres contributeurs',
    noDistrict: 'Sans pôle',
    regions: { EU: 'UE', LAC: 'ALC', other: 'Autres' },
    fileWorkingCopy: 'copie de travail',
    fileVersion: 'version',
    fileRelease: 'version publiee',
  },
};

const isExportLanguage = (value: unknown): value is ExportLanguage =>
  typeof value === 'string' && (EXPORT_LANGUAGES as readonly string[]).includes(value);

/**
 * The language to write an export in: `?lang=en|es|pt|fr` (what the client shows), else the best of Accept-Language,
 * else English. An unknown `lang` falls back the same way (the export is still useful).
 */
export function exportLanguageOf(req: Request): ExportLanguage {
  const asked = req.query.lang;
  if (isExportLanguage(asked)) return asked;
  const accepted = req.acceptsLanguages(...EXPORT_LANGUAGES);
  return isExportLanguage(accepted) ? accepted : 'en';
}
