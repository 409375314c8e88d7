import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

/** Structured JSON logs; the one logger of the server (no console.log). */
export function createLogger(level: LevelWithSilent, base: Record<string, unknown> = {}): Logger {
  return pino({ level, base: { app: 'polos', ...base } });
}
