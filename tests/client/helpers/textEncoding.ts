import { TextDecoder, TextEncoder } from 'node:util';

// jsdom lacks TextEncoder/TextDecoder, which react-router uses at import time: import this module first.
Object.assign(globalThis, { TextEncoder, TextDecoder });
