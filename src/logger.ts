/**
 * Logging: pino, written synchronously to stderr (stdout stays free for command output). On a terminal
 * the lines are made readable with pino-pretty; elsewhere (CI, containers) they stay JSON.
 */
import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export function createLogger(level: string, options: { pretty?: boolean } = {}): Logger {
  const usePretty = options.pretty ?? Boolean(process.stderr.isTTY);
  const destination = usePretty
    ? pretty({
        destination: 2,
        sync: true,
        colorize: true,
        ignore: 'pid,hostname',
        translateTime: 'HH:MM:ss',
      })
    : pino.destination({ dest: 2, sync: true });
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: ['password', '*.password', 'config.neo4j.password', 'apiKey', '*.apiKey'],
        censor: '[secret]',
      },
    },
    destination,
  );
}
