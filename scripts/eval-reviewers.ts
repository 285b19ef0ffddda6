/**
 * `npm run eval:reviewers`: reviewer finding on the landmark corpus. For each landmark paper whose authors
 * have other papers in the corpus, hide the paper and its authorship, rank reviewers for its title and text,
 * and count how many of its real authors (the best-qualified people) come out in the top 10 (recall@10,
 * over the authors findable at all). Then rank reviewers for each paper as a real submission and check that
 * no conflicted candidate is ever suggested. Uses the configured database (NEO4J_URI or the local Neo4j),
 * loading the corpus into an empty one.
 */
import { loadLandmarksIfEmpty } from '../cli/tag.command.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/database.js';
import { ReviewerRepository } from '../src/graph/reviewer.repository.js';
import { createLogger } from '../src/logger.js';
import { ReviewerFinder } from '../src/reviewers/finder.js';
import { loadLandmarks } from '../src/tagging/corpus.js';
import { taxonomies } from '../src/tagging/taxonomy.js';

const config = loadConfig();
const logger = createLogger(config.logLevel);
const database = await openDatabase(config, logger, { source: 'eval:reviewers' });
try {
  await loadLandmarksIfEmpty(database.graph, logger);
  const finder = new ReviewerFinder(new ReviewerRepository(database.graph));
  const landmarks = loadLandmarks(taxonomies());
  const papersOf = new Map<string, number>();
  for (const p of landmarks) for (const a of p.authors) papersOf.set(a, (papersOf.get(a) ?? 0) + 1);
  const started = performance.now();
  let evaluated = 0;
  let findable = 0;
  let found = 0;
  let anyFound = 0;
  let recallSum = 0;
  for (const paper of landmarks) {
    const authors = paper.authors.filter((a) => (papersOf.get(a) ?? 0) >= 2);
    if (!authors.length) continue;
    evaluated++;
    const result = await finder.candidates(
      {
        title: paper.title,
        abstract: paper.summary,
        authors: [],
        references: paper.cites.map((id) => `arxiv:${id}`),
      },
      { excludePaper: `arxiv:${paper.arxivId}` },
      {},
      10,
    );
    const top = new Set(result.candidates.map((c) => c.name));
    const hits = authors.filter((a) => top.has(a)).length;
    findable += authors.length;
    found += hits;
    if (hits) anyFound++;
    recallSum += hits / Math.min(authors.length, 10);
  }
  const recallSeconds = (performance.now() - started) / 1000;
  let suggestions = 0;
  let conflicted = 0;
  let excluded = 0;
  for (const paper of landmarks) {
    const result = await finder.candidates({ key: `arxiv:${paper.arxivId}` }, {}, { coauthorYears: 3 }, 10);
    suggestions += result.candidates.length;
    conflicted += result.candidates.filter((c) => c.conflicts.length).length;
    excluded += result.conflicted.length;
    const authors = new Set(paper.authors);
    conflicted += result.candidates.filter((c) => authors.has(c.name)).length;
  }
  console.log(
    `Reviewer finding on the landmark corpus (${landmarks.length} papers), ${new Date().toISOString().slice(0, 10)}`,
  );
  console.log(
    `recall@10 (per paper, hits / min(findable authors, 10), averaged): ${(recallSum / evaluated).toFixed(3)}; ` +
      `${found}/${findable} findable authors = ${(found / findable).toFixed(3)} ` +
      `(papers with at least one author in the top 10: ${anyFound}/${evaluated} = ${(anyFound / evaluated).toFixed(3)}); ` +
      `${evaluated} papers whose authors have another corpus paper, ${((recallSeconds / evaluated) * 1000).toFixed(0)} ms per paper`,
  );
  console.log(
    `conflicts: ${conflicted} conflicted candidate(s) suggested in ${suggestions} suggestions for ${landmarks.length} ` +
      `submissions; ${excluded} conflicted candidates excluded`,
  );
  if (conflicted) process.exitCode = 1;
} finally {
  await database.close();
}
