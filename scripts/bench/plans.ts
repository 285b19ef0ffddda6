/**
 * `npm run bench:plans [-- --size 1m]`: PROFILE of the hot queries on a synthetic graph (scripts/synth), as
 * compact operator trees with rows and database hits: a hub's follow-up levels through ranked citer lists
 * and by full expansion, a hub's first citation page, a paper by identifier, search pages. For
 * docs/benchmarks.md. The graph must have its ranked citer lists (run `npm run bench` once before).
 */
import { parseArgs } from 'node:util';
import neo4j, { type ProfiledPlan } from 'neo4j-driver';
import * as catalog from '../../src/graph/catalog.queries.js';
import * as citation from '../../src/graph/citation.queries.js';
import type { Statement } from '../../src/graph/driver.js';
import * as search from '../../src/graph/search.queries.js';
import { openBenchGraph } from '../synth/load.js';
import { VOCABULARY } from '../synth/text.js';

const { values } = parseArgs({ options: { size: { type: 'string', default: '10k' } } });
const bench = await openBenchGraph({ size: String(values.size), seed: 1 });
const driver = neo4j.driver(bench.uri, undefined, { disableLosslessIntegers: true });
const say = (line: string) => process.stdout.write(`${line}\n`);

function lines(plan: ProfiledPlan, depth = 0, out: string[] = []): string[] {
  const details = String(plan.arguments?.Details ?? '')
    .replace(/\s+/g, ' ')
    .slice(0, 90);
  out.push(
    `${'  '.repeat(depth)}${plan.operatorType.replace(/@neo4j$/, '')}  rows ${plan.rows}  hits ${plan.dbHits}${details ? `  ${details}` : ''}`,
  );
  for (const child of plan.children) lines(child as ProfiledPlan, depth + 1, out);
  return out;
}

function total(plan: ProfiledPlan): number {
  return plan.dbHits + plan.children.reduce((sum, child) => sum + total(child as ProfiledPlan), 0);
}

async function profile(name: string, statement: Statement): Promise<void> {
  const session = driver.session({ database: 'neo4j', defaultAccessMode: neo4j.session.READ });
  try {
    await session.run(statement.text, statement.params); // warm
    const started = performance.now();
    const result = await session.run(`PROFILE ${statement.text}`, statement.params);
    const ms = performance.now() - started;
    const plan = result.summary.profile as ProfiledPlan;
    say(
      `\n### ${name}\n\n${total(plan).toLocaleString('en-US')} db hits, ${ms.toFixed(1)} ms (profiled)\n\n\`\`\`\n${lines(plan).join('\n')}\n\`\`\``,
    );
  } finally {
    await session.close();
  }
}

try {
  const [hub] = await bench.graph.read<{ key: string; arxivId: string }>({
    text: `MATCH (p:Paper) WITH p ORDER BY COUNT { (p)<-[:CITES]-() } DESC LIMIT 1 RETURN p.id AS key, p.arxivId AS arxivId`,
    params: {},
  });
  if (!hub) throw new Error('empty graph');
  say(`# Query plans, ${values.size} papers; hub ${hub.key}`);
  await profile(
    'followUps level 1 of the hub, ranked citer lists',
    citation.rankedFollowUpLevel([hub.key], [hub.key], 10),
  );
  await profile(
    'followUps level 1 of the hub, full expansion (what a filter needs)',
    citation.treeLevel('citations', [hub.key], [hub.key], 10, null),
  );
  const level1 = await bench.graph.read<{ top: Array<{ key: string }> }>(
    citation.rankedFollowUpLevel([hub.key], [hub.key], 10),
  );
  const frontier = (level1[0]?.top ?? []).map((n) => n.key);
  await profile(
    'followUps level 2 of the hub, ranked citer lists',
    citation.rankedFollowUpLevel(frontier, [hub.key, ...frontier], 10),
  );
  await profile('first 21 citations of the hub (Paper.citations)', citation.citingPage(hub.key, null, 21));
  await profile('paper(id) by arXiv id', catalog.paperByIdentifier('arxivId', hub.arxivId));
  const params = (text: string) => search.relevanceSearch(search.toLuceneQuery(text) as string);
  await profile(
    `search page, frequent word "${VOCABULARY[0]}"`,
    search.searchPage(params(VOCABULARY[0] as string), null, 21),
  );
  await profile(
    `search page, rare word "${VOCABULARY[3000]}"`,
    search.searchPage(params(VOCABULARY[3000] as string), null, 21),
  );
} finally {
  await driver.close();
  await bench.close();
}
