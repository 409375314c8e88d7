/**
 * Block 1 "Profiles of the Polos": district profile schemas, DTOs, completeness rule and reference data
 * (ISO 3166-1 countries with EU/LAC groups, NACE Rev. 2 divisions in en/es/pt/fr).
 */
export * from './countries';
export * from './nace';
export * from './schema';
export * from './completeness';
export * from './dto';
export * from './csvColumns';
