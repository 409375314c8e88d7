/** Product constants shown by server and client. */
export const PRODUCT_NAME = 'Polos';
export const PRODUCT_TAGLINE = 'EU–LAC Competitive Districts working group';
