import { performance } from 'node:perf_hooks';
import { startLocalNeo4j, findFreePort } from '/work/main/src/neo4j-local/neo4j-local.ts';
import { connectGraph, TransactionRunner, Graph } from '/work/main/src/graph/driver.ts';
import { migrate } from '/work/main/src/graph/migrations.ts';
import { PaperRepository } from '/work/main/src/graph/paper.repository.ts';
const n = await startLocalNeo4j({ home: '/tmp/prof-n4j-' + Date.now(), port: await findFreePort(), heap: '1g', pageCache: '1g', startTimeoutMs: 120000 });
const g = await connectGraph({ uri: n.uri, local: true, username: 'neo4j', password: undefined, database: 'neo4j', connectTimeoutMs: 5000 });
await migrate(g);
const id = (i: number) => `2101.${String(i + 1).padStart(5, '0')}`;
const papers = Array.from({ length: 10000 }, (_, i) => ({ arxivId: id(i), title: `t ${i}`, source: 'b' }));
const repo = new PaperRepository(g, { citationChunk: Number(process.argv[2] ?? 5000) });
await repo.upsert(papers);
let seed = 1; const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
const cites = [];
for (let i = 1; i < 10000; i++) for (let k = 0; k < 35; k++) { const t = Math.floor(rnd() * i); cites.push({ from: { arxivId: id(i) }, to: { arxivId: id(t) }, contexts: [`Paper ${i} builds on the measurements of paper ${t} [${k}].`], source: 'bench' }); }
// warm
await repo.linkCitations(cites.slice(0, 20000));
const times: Record<string, number> = {};
const orig = TransactionRunner.prototype.run;
TransactionRunner.prototype.run = async function (st) { const s = performance.now(); const r = await orig.call(this, st); const k = st.text.slice(0, 50).replace(/\n/g, ' '); times[k] = (times[k] ?? 0) + performance.now() - s; return r; };
const ow = Graph.prototype.writeTransaction; let wt = 0;
Graph.prototype.writeTransaction = async function (w) { const s = performance.now(); const r = await ow.call(this, w); wt += performance.now() - s; return r; };
let t = performance.now();
for (let i = 20000; i < cites.length; i += 20000) await repo.linkCitations(cites.slice(i, i + 20000));
console.log('link', cites.length - 20000, (performance.now() - t).toFixed(0), 'ms; in tx', wt.toFixed(0));
console.log(times);
await g.close(); await n.stop();
