/**
 * The partner-matching feature's public entry (issue 11): the lazy "Partners" page. The nav label is
 * registered with the page strings (a small bundle, loaded with the workspace shell).
 */
import { i18next } from '../../i18n';

// Only the nav label here: the page's strings load with the page.
const NAV = { en: 'Partners', es: 'Socios', pt: 'Parceiros', fr: 'Partenaires' } as const;
for (const [lng, nav] of Object.entries(NAV))
  i18next.addResourceBundle(lng, 'translation', { matching: { nav } }, true, false);

export const loadMatchingPage = () => import('./MatchingPage');
