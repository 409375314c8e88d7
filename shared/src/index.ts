export * from './ack';
export * from './health';
export * from './product';
export * from './domain';
export * from './text';
export * from './schemas';
export * from './realtime/events';
export * from './drafts';
