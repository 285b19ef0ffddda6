import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { parseArxivId } from '../../src/domain/identifiers.js';
import { curatedLabels, loadLandmarks } from '../../src/tagging/corpus.js';
import { taxonomies } from '../../src/tagging/taxonomy.js';

const taxonomy = taxonomies();
const landmarks = loadLandmarks(taxonomy);
const byId = new Map(landmarks.map((p) => [p.arxivId, p]));
const cites = (from: string, to: string) => byId.get(from)?.cites.includes(to) ?? false;
const citersOf = (id: string) => landmarks.filter((p) => p.cites.includes(id)).map((p) => p.arxivId);

describe('the landmark corpus', () => {
  it('should hold at least 200 papers with at least 40 negatives (no contribution type)', () => {
    expect(landmarks.length).toBeGreaterThanOrEqual(200);
    expect(landmarks.filter((p) => p.tags.contributions.length === 0).length).toBeGreaterThanOrEqual(40);
  });

  it('should cover every contribution type and every subfield several times', () => {
    for (const label of taxonomy.labels) {
      const count = landmarks.filter((p) => curatedLabels(p).has(label)).length;
      expect(count, label).toBeGreaterThanOrEqual(10);
    }
  });

  it('should give every tag a rationale and every paper its own summary', () => {
    const summaries = new Set(landmarks.map((p) => p.summary));
    expect(summaries.size).toBe(landmarks.length);
    for (const p of landmarks) {
      for (const t of [...p.tags.contributions, ...p.tags.subfields])
        expect(t.rationale.length, p.arxivId).toBeGreaterThan(10);
    }
  });

  it('should have a year that matches the arXiv id of new-style ids', () => {
    for (const p of landmarks) {
      const match = /^(\d{2})(\d{2})\./.exec(p.arxivId);
      if (match) expect(p.year, p.arxivId).toBe(2000 + Number(match[1]));
    }
  });

  it('should link papers into the well-known follow-up chains', () => {
    // Kaplan et al. 2020 → Hoffmann et al. 2022
    expect(cites('2203.15556', '2001.08361')).toBe(true);
    // Zhang et al. 2017 (random labels) → memorization follow-ups
    expect(cites('1706.05394', '1611.03530')).toBe(true);
    expect(citersOf('1611.03530').length).toBeGreaterThanOrEqual(10);
    // The lottery ticket hypothesis → its follow-ups
    for (const followUp of ['1903.01611', '1905.01067', '1912.05671'])
      expect(cites(followUp, '1803.03635'), followUp).toBe(true);
    // Szegedy et al. → adversarial follow-ups
    expect(cites('1412.6572', '1312.6199')).toBe(true);
    expect(citersOf('1312.6199').length).toBeGreaterThanOrEqual(10);
    // Induction heads and in-context learning
    expect(cites('2209.11895', '2005.14165')).toBe(true);
    // Grokking, edge of stability, double descent
    expect(citersOf('2201.02177').length).toBeGreaterThanOrEqual(4);
    expect(citersOf('2103.00065').length).toBeGreaterThanOrEqual(3);
    expect(cites('1912.02292', '1812.11118')).toBe(true);
  });

  it('should mostly cite earlier papers (a later id only when a revised version added it)', () => {
    const later = landmarks.flatMap((p) =>
      p.cites.filter((c) => c > p.arxivId && /^\d/.test(c) && /^\d/.test(p.arxivId)),
    );
    expect(later.length).toBeLessThan(landmarks.length * 0.05);
  });
});

describe('the development labels (data/tagger/dev-labels.jsonl)', () => {
  const rows = readFileSync(path.join(PROJECT_ROOT, 'data', 'tagger', 'dev-labels.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map(
      (line) =>
        JSON.parse(line) as { id: string; title: string; contributions: string[]; subfields: string[] },
    );

  it('should hold papers of other ids than the corpus, each once, with known labels and no abstract', () => {
    expect(rows.length).toBeGreaterThanOrEqual(100);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    for (const row of rows) {
      // A development paper in the corpus would be trained on: its figures would not be a test.
      expect(byId.has(row.id), `${row.id} is in the corpus`).toBe(false);
      expect(parseArxivId(row.id)?.id, row.id).toBe(row.id);
      expect(row.title.length, row.id).toBeGreaterThan(3);
      expect(Object.keys(row), row.id).not.toContain('abstract');
      for (const slug of row.contributions)
        expect(taxonomy.kindOf(slug), `${row.id} ${slug}`).toBe('contribution');
      for (const slug of row.subfields) expect(taxonomy.kindOf(slug), `${row.id} ${slug}`).toBe('subfield');
    }
  });
});
