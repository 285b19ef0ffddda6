/** What every command module gets from the composition root (cli/main.ts), and the exit codes. */
import type { Config } from '../src/config.js';
import type { Logger } from '../src/logger.js';

export interface CommandContext {
  /** Reads the configuration once and builds the logger (a ConfigError exits 78). */
  readonly setup: () => { config: Config; logger: Logger };
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly setExitCode: (code: number) => void;
}

export const EXIT = { failure: 1, usage: 2, partial: 3, config: 78, interrupted: 130 } as const;
