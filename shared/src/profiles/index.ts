/**
 * Block 1 "Profiles of the Polos": district profile schemas, DTOs, completeness rule and reference data
 * (ISO 3166-1 countries with EU/LAC groups, NACE Rev. 2 divisions and district kinds in en/es/pt/fr), and the
 * CSV import's file-level contract (encodings, file errors).
 */
export * from './countries';
export * from './nace';
export * from './schema';
export * from './completeness';
export * from './dto';
export * from './csvColumns';
export * from './importFile';
export * from './kinds';
