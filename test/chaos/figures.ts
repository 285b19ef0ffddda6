/**
 * Figures of the chaos suite: each test records what it measured under its name, printed on stderr and
 * written to `.data/chaos/<name>.json`, so docs/reliability.md can quote a run (`npm run test:chaos`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/config.js';

export const CHAOS_FIGURES_DIR = path.join(PROJECT_ROOT, '.data', 'chaos');

export function recordFigures(name: string, figures: Record<string, unknown>): void {
  const record = { name, at: new Date().toISOString(), ...figures };
  mkdirSync(CHAOS_FIGURES_DIR, { recursive: true });
  writeFileSync(path.join(CHAOS_FIGURES_DIR, `${name}.json`), `${JSON.stringify(record, null, 2)}\n`);
  process.stderr.write(`[chaos figures] ${name}: ${JSON.stringify(figures)}\n`);
}
