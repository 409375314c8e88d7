import { defineFeature } from '../../contracts/feature';
import { privacyRoutes } from './privacy.routes';

/**
 * Exporting or deleting the signed-in user's data (reliability row 21). A feature of its own, above every feature
 * whose collections hold the user's data, so `users` (profiles) stays low in the layers.
 */
export const privacy = defineFeature({
  name: 'privacy',
  setup: (ctx) => ({ routes: privacyRoutes(ctx) }),
});
