import { performance } from 'node:perf_hooks';
import { labelPaperInput, paperRecordSchema, validateRecords } from '/work/main/src/domain/records.ts';
import { connectGraph, TransactionRunner } from '/work/main/src/graph/driver.ts';
import { migrate } from '/work/main/src/graph/migrations.ts';
import { PaperRepository } from '/work/main/src/graph/paper.repository.ts';
import { findFreePort, startLocalNeo4j } from '/work/main/src/neo4j-local/neo4j-local.ts';

const n = await startLocalNeo4j({
  home: '/tmp/prof-n4j-' + Date.now(),
  port: await findFreePort(),
  heap: '1g',
  pageCache: '1g',
  startTimeoutMs: 120000,
});
const g = await connectGraph({
  uri: n.uri,
  local: true,
  username: 'neo4j',
  password: undefined,
  database: 'neo4j',
  connectTimeoutMs: 5000,
});
await migrate(g);
const papers = Array.from({ length: 10000 }, (_, i) => ({
  arxivId: `2101.${String(i + 1).padStart(5, '0')}`,
  title: `t ${i}`,
  abstract: 'a '.repeat(200),
  publishedAt: '2021-01-01',
  authors: Array.from({ length: 4 }, (_, k) => ({ name: `Author ${(i * 7 + k * 13) % 3000}` })),
  categories: ['cs.LG', 'stat.ML'],
  source: 'b',
}));
let t = performance.now();
validateRecords(paperRecordSchema, papers, labelPaperInput);
console.log('validate 10k', (performance.now() - t).toFixed(0), 'ms');
const times: Record<string, number> = {};
const orig = TransactionRunner.prototype.run;
TransactionRunner.prototype.run = async function (st) {
  const s = performance.now();
  const r = await orig.call(this, st);
  console.log('  st', (performance.now() - s).toFixed(0));
  const k = st.text.slice(0, 60).replace(/\n/g, ' ');
  times[k] = (times[k] ?? 0) + performance.now() - s;
  return r;
};

import { Graph } from '/work/main/src/graph/driver.ts';

const ow = Graph.prototype.writeTransaction;
let wt = 0;
Graph.prototype.writeTransaction = async function (w) {
  const s = performance.now();
  const r = await ow.call(this, w);
  wt += performance.now() - s;
  console.log('tx', (performance.now() - s).toFixed(0));
  return r;
};
t = performance.now();
await new PaperRepository(g).upsert(papers);
console.log('in writeTransaction', wt.toFixed(0));
console.log('upsert 10k', (performance.now() - t).toFixed(0), 'ms');
console.log(times);
await g.close();
await n.stop();
