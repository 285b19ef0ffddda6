import os from 'node:os';
import { parseArgs } from 'node:util';
import type { CitationRecordInput, PaperRecordInput } from '../src/domain/records.js';
import { PaperRepository } from '../src/graph/paper.repository.js';
import { ReviewerRepository } from '../src/graph/reviewer.repository.js';
import { ReviewerFinder } from '../src/reviewers/finder.js';
import { rng } from './random.js';
import { startThrowawayNeo4j } from './throwaway-neo4j.js';

const { values } = parseArgs({ options: { papers: { type: 'string', default: '100000' } } });
const SIZE = Number(values.papers);
if (!Number.isInteger(SIZE) || SIZE < 2000)
  throw new Error(`--papers must be an integer ≥ 2000, got ${values.papers}`);
const TOPICS = 60;
const AUTHORS_PER_TOPIC = Math.max(20, Math.round(SIZE / TOPICS / 4));

const random = rng(20261128);
const syllables = 'ka lo mi nu ra se ti vo xe zu pa de fi go hu ja'.split(' ');
const word = (i: number) =>
  `${syllables[i % 16]}${syllables[Math.floor(i / 16) % 16]}${syllables[Math.floor(i / 256) % 16]}`;
const topicWords = Array.from({ length: TOPICS }, (_, t) =>
  Array.from({ length: 40 }, (_, i) => word(1000 + t * 40 + i)),
);
const common = Array.from({ length: 400 }, (_, i) => word(i));
const pick = <T>(list: readonly T[]) => list[Math.floor(random() ** 2 * list.length)] as T;
const arxivIdOf = (i: number) =>
  `${String(10 + Math.floor(i / 99_999 / 12)).padStart(2, '0')}${String((Math.floor(i / 99_999) % 12) + 1).padStart(2, '0')}.${String((i % 99_999) + 1).padStart(5, '0')}`;

function text(topic: number, words: number): string {
  return Array.from({ length: words }, () =>
    random() < 0.45 ? pick(topicWords[topic] as string[]) : pick(common),
  ).join(' ');
}

const topicOf = Array.from({ length: SIZE }, () => Math.floor(random() * TOPICS));
const papers: PaperRecordInput[] = topicOf.map((topic, i) => ({
  arxivId: arxivIdOf(i),
  title: text(topic, 8),
  abstract: `${text(topic, 60)}.`,
  year: 2000 + Math.floor((i / SIZE) * 26),
  authors: Array.from({ length: 2 + Math.floor(random() * 4) }, () => ({
    name: `Author ${topic}-${Math.floor(random() ** 1.5 * AUTHORS_PER_TOPIC)}`,
  })),
  source: 'bench',
}));

async function main(): Promise<void> {
  const neo4j = await startThrowawayNeo4j({ name: 'bench-reviewers', heap: '1g', pageCache: '1g' });
  const { graph } = neo4j;
  try {
    console.log(
      `Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), Node ${process.version}; Neo4j heap 1g, page cache 1g`,
    );
    const repository = new PaperRepository(graph);
    let started = performance.now();
    for (let i = 0; i < papers.length; i += 5000) await repository.upsert(papers.slice(i, i + 5000));
    const citations: CitationRecordInput[] = [];
    const earlier: number[][] = Array.from({ length: TOPICS }, () => []);
    topicOf.forEach((topic, i) => {
      const same = earlier[topic] as number[];
      for (let r = 0; r < Math.min(5, same.length); r++) {
        const j = same[Math.floor(random() * same.length)] as number;
        citations.push({ from: { arxivId: arxivIdOf(i) }, to: { arxivId: arxivIdOf(j) }, source: 'bench' });
      }
      same.push(i);
    });
    for (let i = 0; i < citations.length; i += 20_000)
      await repository.linkCitations(citations.slice(i, i + 20_000));
    const [counts] = await graph.read<{ papers: number; authors: number; cites: number }>({
      text: 'CALL () { MATCH (p:Paper) RETURN count(p) AS papers } CALL () { MATCH (a:Author) RETURN count(a) AS authors } CALL () { MATCH ()-[c:CITES]->() RETURN count(c) AS cites } RETURN papers, authors, cites',
      params: {},
    });
    console.log(
      `Loaded ${counts?.papers} papers, ${counts?.authors} authors, ${counts?.cites} citations in ` +
        `${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
    await graph.runSchema({ text: 'CALL db.awaitIndexes(300)', params: {} });

    const finder = new ReviewerFinder(new ReviewerRepository(graph));
    const sample = Array.from(
      { length: 35 },
      (_, i) => `arxiv:${arxivIdOf(Math.floor(((i + 0.5) / 35) * SIZE))}`,
    );
    const times: number[] = [];
    let candidates = 0;
    for (const [i, key] of sample.entries()) {
      started = performance.now();
      const result = await finder.candidates({ key }, {}, {}, 10);
      if (i >= 5) times.push(performance.now() - started); // the first five warm the caches
      candidates += result.candidates.length;
    }
    times.sort((a, b) => a - b);
    const at = (q: number) =>
      (times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(0);
    console.log(
      `reviewerCandidates (first 10), ${times.length} submissions: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, ` +
        `max ${at(1)} ms; ${(candidates / sample.length).toFixed(1)} candidates each`,
    );

    const pool = await new ReviewerRepository(graph).pool(2, 600);
    const submissions = Array.from({ length: 300 }, (_, i) => `arxiv:${arxivIdOf(SIZE - 1 - i * 3)}`);
    started = performance.now();
    const assignment = await finder.assign({ submissions, pool, perSubmission: 3, maxLoad: 4 });
    const seconds = (performance.now() - started) / 1000;
    const assigned = assignment.rows.reduce((n, r) => n + r.reviewers.length, 0);
    console.log(
      `reviewerAssignment: ${submissions.length} submissions × ${pool.length} reviewers (3 each, ≤ 4 per reviewer): ` +
        `${seconds.toFixed(1)} s; ${assigned} slots filled, ${assignment.rows.filter((r) => r.shortfall).length} understaffed, ` +
        `mean affinity ${(assignment.totalAffinity / Math.max(1, assigned)).toFixed(3)} ` +
        `(read ${assignment.timings.readMs} ms, score ${assignment.timings.scoreMs} ms, solve ${assignment.timings.solveMs} ms)`,
    );
  } finally {
    await neo4j.close();
  }
}

await main();
