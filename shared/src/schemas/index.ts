export * from './common';
export * from './http';
export * from './socket';
export * from './localizedText';
