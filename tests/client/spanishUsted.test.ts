import { readdirSync } from 'node:fs';
import path from 'node:path';
import { i18next, setLanguage } from '../../client/src/i18n';

/**
 * One form of address per language (docs/UI.md): Spanish "usted" (QA: "Tu cuenta y tus datos", then "Se abre (tu
 * hora)", "tu distrito"), Brazilian Portuguese "você" (no "tu"/"teu"/"vós"), French "vous" (no "tu"/"ton"/"tes").
 * Scans the core locales and EVERY per-feature strings file (discovered on disk, as the completeness test does).
 */
const featuresDir = path.join(__dirname, '../../client/src/features');
for (const dir of readdirSync(featuresDir, { withFileTypes: true }).filter((d) => d.isDirectory()))
  for (const file of readdirSync(path.join(featuresDir, dir.name)).filter((f) => /Strings\.tsx?$/.test(f)))
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.join(featuresDir, dir.name, file));

/** A whole-word pattern (letters with accents count as word characters, unlike `\\b`). */
const words = (list: string, flags = 'u') => new RegExp(`(?<!\\p{L})(${list})(?!\\p{L})`, flags);
// Spanish: possessives, pronouns and verbs only the tú form has (case-sensitive: "Espera", "Copia" mid-sentence
// are nouns or usted forms), and tú imperatives at the start of a sentence.
const ES_TU = [
  words(
    'tu|tus|Tu|Tus|ti|te|Te|contigo|tuyo|tuya|eres|Eres|estás|puedes|Puedes|tienes|quieres|debes|necesitas|verás|podrás|Inténtalo',
  ),
  /(^|[.:!?¿¡(]\s*)(Escribe|Elige|Usa|Revisa|Vuelve|Pulsa|Haz|Abre|Comprueba|Intenta|Inicia|Entra|Nombra|Elimina|Recarga|Añade|Guarda|Selecciona|Marca|Mira|Busca|Prueba|Sube|Descarga|Completa|Pide|Cambia|Acepta|Ordena|Mueve|Clasifica|Indica|Responde)(?!\p{L})/u,
];
// Portuguese (Brazil, você): the tu/vós forms and their possessives.
const PT_TU = [
  words('tu|Tu|teu|Teu|tua|Tua|teus|tuas|contigo|vós|vosso|vossa|podes|tens|queres|deves|estás'),
];
// French (vous): tutoiement pronouns, possessives and verbs.
const FR_TU = [words('tu|Tu|toi|ton|Ton|ta|Ta|tes|Tes|te|Te|peux|veux|dois'), /(?<!\p{L})[tT]’/u];

function strings(value: unknown, at: string[] = []): [string, string][] {
  if (typeof value === 'string') return [[at.join('.'), value]];
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, inner]) => strings(inner, [...at, key]));
  return [];
}

// ICU plural/select keywords and arguments are not words of the text.
const text = (message: string) => message.replace(/\{[a-zA-Z]+(, (plural|select|number|date|time))?/g, '{');

test.each([
  ['es', ES_TU],
  ['pt', PT_TU],
  ['fr', FR_TU],
] as const)('no %s string addresses the reader in the familiar form', async (language, familiar) => {
  await setLanguage(language);
  const all = strings(i18next.getResourceBundle(language, 'translation'));
  expect(all.length).toBeGreaterThan(500);
  expect(all.filter(([, message]) => familiar.some((form) => form.test(text(message))))).toEqual([]);
});
