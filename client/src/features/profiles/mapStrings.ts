import { i18next } from '../../i18n';

/**
 * The offline map's labels for shapes that are not buttons (merged into `profiles.map` beside profileStrings.ts):
 * a country without districts, and the neutral name of a shape that has no ISO 3166-1 code (N. Cyprus,
 * Somaliland…), which `Intl.DisplayNames` cannot name in the UI language.
 */
const en = {
  profiles: {
    map: {
      countryNone: '{country}: no districts',
      otherTerritory: 'Other territory',
    },
  },
};

type Strings = typeof en;

const es: Strings = {
  profiles: { map: { countryNone: '{country}: ningún distrito', otherTerritory: 'Otro territorio' } },
};

const pt: Strings = {
  profiles: { map: { countryNone: '{country}: nenhum distrito', otherTerritory: 'Outro território' } },
};

const fr: Strings = {
  profiles: { map: { countryNone: '{country} : aucun district', otherTerritory: 'Autre territoire' } },
};

i18next.addResourceBundle('en', 'translation', en, true, false);
i18next.addResourceBundle('es', 'translation', es, true, false);
i18next.addResourceBundle('pt', 'translation', pt, true, false);
i18next.addResourceBundle('fr', 'translation', fr, true, false);
