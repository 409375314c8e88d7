import { defineFeature } from '../../contracts/feature';
import { districtsRoutes } from './districts.routes';

/** The Competitive Districts directory. */
export const districts = defineFeature({
  name: 'districts',
  setup: (ctx) => ({ routes: districtsRoutes(ctx) }),
});
