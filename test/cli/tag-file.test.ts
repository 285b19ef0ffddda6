import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main.js';
import { TAGGER_VERSION } from '../../src/tagging/tagger.js';

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    env: { LOG_LEVEL: 'silent' },
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { code, out, err };
}

async function jsonl(lines: string[]): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'empirica-tag-file-'));
  const file = path.join(dir, 'papers.jsonl');
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

describe('empirica tag-file', () => {
  it('should write one JSON line per paper with tags, confidences, evidence and the tagger version', async () => {
    const file = await jsonl([
      JSON.stringify({
        id: 'p1',
        title: 'Adversarial perturbations fool image classifiers',
        abstract: 'Small adversarial perturbations flip predictions; adversarial training adds robustness.',
      }),
      JSON.stringify({ id: 'p2', title: 'A paper with no abstract', abstract: '' }),
    ]);
    const { code, out, err } = await run(['tag-file', file]);
    expect(code).toBe(0);
    expect(err.at(-1)).toBe('Tagged 2 paper(s).');
    const rows = out.map((line) => JSON.parse(line));
    expect(rows.map((r) => r.id)).toEqual(['p1', 'p2']);
    expect(rows[0].taggerVersion).toBe(TAGGER_VERSION);
    const robust = rows[0].subfields.find((t: { slug: string }) => t.slug === 'ADVERSARIAL_ROBUSTNESS');
    expect(robust.confidence).toBeGreaterThanOrEqual(0.5);
    expect(typeof robust.evidence).toBe('string');
  });

  it('should name each bad line and field, tag the rest, and exit 3', async () => {
    const file = await jsonl([
      '{not json',
      JSON.stringify({ id: 'no-title', abstract: 'x' }),
      JSON.stringify({ id: 'ok', title: 'Grokking on modular arithmetic' }),
      JSON.stringify(['an', 'array']),
    ]);
    const { code, out, err } = await run(['tag-file', file]);
    expect(code).toBe(3);
    expect(out.map((l) => JSON.parse(l).id)).toEqual(['ok']);
    expect(err.find((l) => l.includes(':1:'))).toMatch(/not JSON/);
    expect(err.find((l) => l.includes(':2'))).toMatch(/id="no-title".*title/);
    expect(err.find((l) => l.includes(':4'))).toBeDefined();
  });

  it('should write to --output and report a missing input file clearly', async () => {
    const file = await jsonl([JSON.stringify({ id: 1, title: 'Scaling laws for tiny models' })]);
    const output = path.join(path.dirname(file), 'tags.jsonl');
    expect((await run(['tag-file', file, '--output', output])).code).toBe(0);
    expect(JSON.parse((await readFile(output, 'utf8')).trim()).id).toBe('1');
    const missing = await run(['tag-file', path.join(path.dirname(file), 'nope.jsonl')]);
    expect(missing.code).toBe(1);
    expect(missing.err.join('\n')).toMatch(/Cannot read .*nope\.jsonl: no such file/);
  });
});
