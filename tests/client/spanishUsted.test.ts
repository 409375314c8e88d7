import '../../client/src/i18n';
import '../../client/src/features/auth/joinStrings';
import '../../client/src/features/history/historyStrings';
import '../../client/src/features/drafts/draftStrings';
import { i18next } from '../../client/src/i18n';

/**
 * The Spanish UI addresses the reader as "usted" everywhere (QA: the account page used "tú": "Tu cuenta y tus
 * datos", "Tu contraseña…"). Scans every Spanish string the client registers for the tú forms.
 */
// Possessives and verbs only the tú form has, and tú imperatives at the start of a sentence (case-sensitive:
// "Espera", "Copia" mid-sentence are nouns or usted forms).
const TU_FORMS =
  /\b(tu|tus|Tu|Tus|ti|contigo|eres|Eres|estás|puedes|tienes|quieres|debes|Inténtalo)\b|(^|[.:!?]\s+)(Escribe|Elige|Usa|Revisa|Vuelve|Pulsa|Haz|Abre|Comprueba|Intenta|Inicia|Entra|Nombra|Elimina|Recarga)\b/;

function strings(value: unknown, path: string[] = []): [string, string][] {
  if (typeof value === 'string') return [[path.join('.'), value]];
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, inner]) => strings(inner, [...path, key]));
  return [];
}

test('noSpanishStringUsesTheTuForm', () => {
  const bundle = i18next.getResourceBundle('es', 'translation') as unknown;
  const all = strings(bundle);
  expect(all.length).toBeGreaterThan(100);
  expect(all.filter(([, text]) => TU_FORMS.test(text))).toEqual([]);
});
