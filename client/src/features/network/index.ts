/**
 * The network feature's public entry (issue 11.4): the lazy bi-regional network page. The nav label is
 * registered here (a small bundle, loaded with the workspace shell); the page's strings load with the page.
 */
import { i18next } from '../../i18n';

const NAV = { en: 'Network', es: 'Red', pt: 'Rede', fr: 'Réseau' } as const;
for (const [lng, nav] of Object.entries(NAV))
  i18next.addResourceBundle(lng, 'translation', { network: { nav } }, true, false);

export const loadNetworkPage = () => import('./NetworkPage');
