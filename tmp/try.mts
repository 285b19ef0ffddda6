import { startLocalNeo4j } from '/work/main/src/neo4j-local/neo4j-local.ts';

const n = await startLocalNeo4j({
  home: '/tmp/n4jtry',
  port: 7699,
  heap: '768m',
  pageCache: '512m',
  startTimeoutMs: 120000,
  log: (l) => console.error(l),
});
console.error('ready', n.uri, n.pid);
const t = Date.now();
await n.stop();
console.error('stopped in', Date.now() - t);
