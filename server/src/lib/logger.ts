import { pino, type Logger, type LevelWithSilent } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export interface LoggerOptions {
  /**
   * Readable lines (pino-pretty, in this thread, synchronously) instead of JSON lines. `index.ts` turns it on when
   * stdout is a terminal, so a person running `npm start` reads the log while pipes and log collectors get JSON.
   */
  pretty?: boolean;
}

/** Structured logs (JSON lines, or readable lines on a terminal); the one logger of the server (no console.log). */
export function createLogger(
  level: LevelWithSilent,
  base: Record<string, unknown> = {},
  options: LoggerOptions = {},
): Logger {
  const settings = { level, base: { app: 'polos', ...base } };
  if (!options.pretty) return pino(settings);
  return pino(
    settings,
    pretty({ colorize: true, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,app' }),
  );
}
