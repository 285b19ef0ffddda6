/**
 * Hostile GraphQL against the real API: `empirica serve` as a child process over HTTP on 127.0.0.1, on the
 * test Neo4j holding the landmark corpus. Depth bombs, alias floods, fragment cycles and fan-out ("billion
 * laughs"), directive floods, huge `first`, token floods, megabytes of operation text, batched bodies,
 * documents of many operations, wrong and huge variables, introspection abuse, and Lucene and Cypher
 * syntax in EVERY string / ID argument of every field (enumerated from schema.graphql with buildSchema).
 *
 * Every answer must be a refusal naming the limit, a correct answer, or BAD_USER_INPUT / NOT_FOUND: never
 * a masked or unmasked internal error (no database or driver text, no stack), never a 5xx, each within a
 * bound far below the 20 s read timeout; the server keeps answering and the graph is unchanged (node and
 * relationship counts). Figures: requests per category, latency (max, p99), outcomes by reason.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLOutputType,
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLandmarkCorpus } from '../../cli/tag.command.js';
import { LIMITS } from '../../src/api/limits.js';
import { PROJECT_ROOT } from '../../src/config.js';
import type { Graph } from '../../src/graph/driver.js';
import { findFreePort } from '../../src/neo4j-local/neo4j-local.js';
import { loadLandmarks } from '../../src/tagging/corpus.js';
import { loadTagger } from '../../src/tagging/tagger.js';
import { taxonomies } from '../../src/tagging/taxonomy.js';
import { testDatabaseEnv } from '../helpers/cli.js';
import { connectTestGraph, deletePapers } from '../helpers/neo4j.js';
import { recordFigures } from './figures.js';

/** No request may come near the server's 20 s read timeout. */
const REQUEST_BOUND_MS = 10_000;
const landmarks = loadLandmarks(taxonomies());
const paperGlobalId = (key: string) => Buffer.from(`Paper:${key}`).toString('base64');

// ---------------------------------------------------------------------------------------------------
// The server, and one hostile request at a time
// ---------------------------------------------------------------------------------------------------

let graph: Graph;
let server: ChildProcess | undefined;
let serverLog = '';
let base = '';

interface GqlError {
  readonly message: string;
  readonly extensions?: Record<string, unknown> & { code?: string };
}
interface Answer {
  readonly category: string;
  readonly status: number;
  readonly ms: number;
  // biome-ignore lint/suspicious/noExplicitAny: arbitrary JSON answers
  readonly data?: any;
  readonly errors: readonly GqlError[];
  readonly text: string;
  /** How the request ended: `answer`, an error code, or `refused:<limit>` (from the first error). */
  readonly outcome: string;
  /** The reasons of all its errors. */
  readonly reasons: readonly string[];
}

const answers: Answer[] = [];

/** Database, driver and runtime text that must never reach a client. */
const LEAK =
  /neo4j|cypher|bolt:|driver|Neo\.(Client|Transient|Database)Error|ServiceUnavailable|node_modules|\.ts:\d+|\n\s+at |stacktrace/i;

/** The reason a request was refused or answered, from its status and first error. */
function outcomeOf(status: number, errors: readonly GqlError[]): string {
  if (status === 413) return 'refused:body-size';
  if (errors.length === 0) return status === 200 ? 'answer' : `http-${status}`;
  return reasonOf(errors[0] as GqlError);
}

/** What one error says: an error code, or `refused:<limit or rule>`. */
function reasonOf(first: GqlError): string {
  const m = first.message;
  if (/too large|body.*(limit|size)/i.test(m)) return 'refused:body-size';
  if (/contains more th.. \d+ tokens/.test(m)) return 'refused:tokens';
  if (/levels deep; the limit is/.test(m)) return 'refused:depth';
  if (/aliases; the limit is/.test(m)) return 'refused:aliases';
  if (/estimated cost .* the limit is/s.test(m)) return 'refused:cost';
  if (/Batching is not supported/.test(m)) return 'refused:batching';
  if (/within itself/.test(m)) return 'refused:fragment-cycle';
  if (/can only be used once/.test(m)) return 'refused:repeated-directive';
  if (/Unknown directive/.test(m)) return 'refused:unknown-directive';
  if (/Int cannot represent|cannot represent/.test(m) && first.extensions?.code === undefined)
    return 'refused:variable-type';
  if (/^Variable "\$/.test(m)) return 'refused:variable';
  const code = first.extensions?.code;
  if (code === 'GRAPHQL_VALIDATION_FAILED') {
    if (/cannot represent/.test(m)) return 'refused:literal-type';
    return 'refused:invalid';
  }
  if (code === 'GRAPHQL_PARSE_FAILED') return 'refused:syntax';
  if (code === 'OPERATION_RESOLUTION_FAILURE') return 'refused:operation-name';
  if (code === 'BAD_REQUEST') return 'refused:bad-request';
  return code ?? `uncoded:${m.slice(0, 40)}`;
}

/** Sends one request and checks the rules every answer obeys; returns what came back. */
async function send(
  category: string,
  init: { body?: string; method?: string; headers?: Record<string, string>; path?: string },
): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(`${base}${init.path ?? '/graphql'}`, {
    method: init.method ?? 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    ...(init.body === undefined ? {} : { body: init.body }),
    signal: AbortSignal.timeout(REQUEST_BOUND_MS * 3),
  });
  const text = await response.text();
  const ms = performance.now() - started;
  let errors: GqlError[] = [];
  let data: unknown;
  if (text.startsWith('{')) {
    const json = JSON.parse(text) as { data?: unknown; errors?: GqlError[] };
    errors = json.errors ?? [];
    data = json.data;
  }
  const answer: Answer = {
    category,
    status: response.status,
    ms,
    data,
    errors,
    text,
    outcome: outcomeOf(response.status, errors),
    reasons: errors.map(reasonOf),
  };
  answers.push(answer);
  const where = `${category}: ${init.body?.slice(0, 160) ?? init.path}`;
  expect(response.status, where).toBeLessThan(500);
  expect(ms, where).toBeLessThan(REQUEST_BOUND_MS);
  for (const error of errors) {
    const shown = JSON.stringify(error);
    expect(error.message, where).not.toBe('Unexpected error.');
    expect(error.extensions?.code, where).not.toBe('INTERNAL_SERVER_ERROR');
    expect(shown, where).not.toMatch(LEAK);
    expect(shown, where).not.toMatch(/"stack"/);
  }
  return answer;
}

const gqlBody = (query: string, variables?: unknown, operationName?: string) =>
  JSON.stringify({ query, ...(variables === undefined ? {} : { variables }), operationName });

const query = (category: string, text: string, variables?: unknown, operationName?: string) =>
  send(category, { body: gqlBody(text, variables, operationName) });

/** A request body over a size limit (413), should the server get one: a refusal too. */
const BODY_SIZE = 'refused:body-size';

/** Asserts a refusal (or an outcome) among `reasons`: the first error's, or any error's. */
function expectRefused(answer: Answer, ...reasons: string[]) {
  const found = [answer.outcome, ...answer.reasons].some((r) => reasons.includes(r));
  expect(found, `${answer.category}: ${answer.text.slice(0, 300)} is none of ${reasons.join(', ')}`).toBe(
    true,
  );
}

async function graphCounts(): Promise<{ nodes: number; relationships: number }> {
  const [row] = await graph.read<{ nodes: number; relationships: number }>({
    text: `CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes, relationships`,
    params: {},
  });
  if (!row) throw new Error('no counts');
  return row;
}

async function startServer(): Promise<void> {
  const port = await findFreePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'empirica.js'), 'serve'], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...testDatabaseEnv(),
      EMPIRICA_HOST: '127.0.0.1',
      EMPIRICA_PORT: String(port),
      EMPIRICA_API_KEY: 'chaos-hostile-key-0123456789',
      EMPIRICA_LOAD_LANDMARKS: 'false',
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (chunk: Buffer) => {
    serverLog += chunk.toString();
  });
  server.stderr?.on('data', (chunk: Buffer) => {
    serverLog += chunk.toString();
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`serve exited ${server.exitCode}:\n${serverLog}`);
    try {
      if ((await fetch(`${base}/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`serve not ready in 120 s:\n${serverLog}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function stopServer(): Promise<void> {
  const child = server;
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

let before: { nodes: number; relationships: number };

beforeAll(async () => {
  graph = await connectTestGraph('chaos-graphql');
  await loadLandmarkCorpus(graph, loadTagger());
  await startServer();
  before = await graphCounts();
});

afterAll(async () => {
  await stopServer();
  await deletePapers(graph, { arxivIds: landmarks.map((p) => p.arxivId) });
  await graph.close();
});

// ---------------------------------------------------------------------------------------------------
// Hostile strings, and the schema walk that puts them in every string / ID argument
// ---------------------------------------------------------------------------------------------------

const LUCENE = [
  '*:*',
  'title:(a OR b)~2',
  '\\',
  '"unbalanced quote',
  'a AND',
  'AND OR NOT',
  '/.*/',
  'grok*',
  '?',
  '[* TO *]',
  '{* TO *}',
  'title:grokking^100',
  '+-&&||!(){}[]^"~*?:\\/',
  'a~0.1 b~2',
  '"a" "',
];

const CYPHER = [
  "') MATCH (n) DETACH DELETE n //",
  '") MATCH (n) DETACH DELETE n //',
  "1611.03530' OR '1'='1",
  '1611.03530}) MATCH (n) DETACH DELETE n //',
  '$param',
  '{}',
  '$' + '{x}',
  '`key`) DETACH DELETE n //',
  "'; CALL db.clearQueryCaches(); //",
  'MATCH (n) DETACH DELETE n',
  '/* */ RETURN 1 //',
];

const ODD = [
  '',
  ' ',
  '\u0000',
  '\ud800',
  '\uffff',
  '😀'.repeat(64),
  'x'.repeat(100_000),
  '1'.repeat(50_000),
  `10.1234/${'%'.repeat(5000)}`,
  'https://arxiv.org/abs/../../../etc/passwd',
  '__proto__',
  'constructor',
  'null',
  '\r\n\r\nHTTP/1.1 200 OK',
];

const HOSTILE_STRINGS = [...LUCENE, ...CYPHER, ...ODD];
/** For ID arguments: the strings themselves and as global ids of each type. */
const HOSTILE_IDS = [
  ...HOSTILE_STRINGS,
  ...CYPHER.map((s) => Buffer.from(`Paper:${s}`).toString('base64')),
  ...CYPHER.slice(0, 3).map((s) => Buffer.from(`Author:${s}`).toString('base64')),
  Buffer.from('Nope:1611.03530').toString('base64'),
];

/** Fields that take ~0.1 s per answer (reviewer affinity over the corpus) get a sample of each kind of value. */
const HEAVY_FIELDS = new Set(['reviewerCandidates', 'reviewerAssignment']);
const HEAVY_SAMPLE = [
  ...LUCENE.slice(0, 2),
  ...CYPHER.slice(0, 2),
  ...ODD.filter((s) => s === '' || s === '\u0000' || s.length === 100_000),
];

/** Valid values for required arguments and input fields, by name (the rest get generic ones). */
const VALID_BY_NAME: Record<string, unknown> = {
  paper: '1611.03530',
  id: '1611.03530',
  from: '1312.6199',
  to: '2202.10054',
  query: 'generalization',
  papers: ['arxiv:1611.03530', 'arxiv:1803.03635'],
  ids: [paperGlobalId('arxiv:1611.03530')],
  submission: { paper: '1611.03530' },
  reviewer: 'Jonathan Frankle',
  with: '*',
};

/** Extra arguments that make a field do its work (a reviewer assignment needs submissions). */
const EXTRA_ARGS: Record<string, Record<string, unknown>> = {
  reviewerAssignment: { submissions: ['1611.03530'] },
};

/** How to reach the fields of a type below the root. */
const REACH: Record<string, (inner: string) => string> = {
  Query: (inner) => inner,
  Mutation: (inner) => inner,
  Paper: (inner) => `paper(id: "1611.03530") { ${inner} }`,
  Author: (inner) => `paper(id: "1803.03635") { authors { ${inner} } }`,
};

type Slot = readonly (string | 0)[];

/** Every path to a String or ID leaf inside an argument's type (lists entered at index 0). */
function stringSlots(type: GraphQLInputType, prefix: Slot, seen: Set<string>): Slot[] {
  if (isNonNullType(type)) return stringSlots(type.ofType, prefix, seen);
  if (isListType(type)) return stringSlots(type.ofType as GraphQLInputType, [...prefix, 0], seen);
  if (isInputObjectType(type)) {
    if (seen.has(type.name)) return [];
    const inner = new Set(seen).add(type.name);
    return Object.values(type.getFields()).flatMap((f) => stringSlots(f.type, [...prefix, f.name], inner));
  }
  const named = getNamedType(type);
  return named.name === 'String' || named.name === 'ID' ? [prefix] : [];
}

function validValue(type: GraphQLInputType, name: string): unknown {
  if (name in VALID_BY_NAME) return VALID_BY_NAME[name];
  if (isNonNullType(type)) return validValue(type.ofType, name);
  if (isListType(type)) return [validValue(type.ofType as GraphQLInputType, name)];
  if (isInputObjectType(type)) return requiredFields(type);
  if (isEnumType(type)) return type.getValues()[0]?.value;
  const scalar = getNamedType(type).name;
  if (scalar === 'Int' || scalar === 'Float') return 1;
  if (scalar === 'Boolean') return false;
  if (scalar === 'ID') return paperGlobalId('arxiv:1611.03530');
  return '1611.03530';
}

function requiredFields(type: GraphQLInputType): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  const named = getNamedType(type);
  if (!isInputObjectType(named)) return object;
  for (const field of Object.values(named.getFields())) {
    if (isNonNullType(field.type) && field.defaultValue === undefined)
      object[field.name] = validValue(field.type, field.name);
  }
  return object;
}

/** A value of `type` holding `hostile` at `slot` and valid values everywhere it must. */
function withHostile(type: GraphQLInputType, slot: Slot, hostile: string): unknown {
  if (slot.length === 0) return hostile;
  if (isNonNullType(type)) return withHostile(type.ofType, slot, hostile);
  if (isListType(type)) return [withHostile(type.ofType as GraphQLInputType, slot.slice(1), hostile)];
  if (!isInputObjectType(type)) throw new Error(`slot ${slot.join('.')} goes through a ${type}`);
  const name = slot[0] as string;
  const field = type.getFields()[name];
  if (!field) throw new Error(`no input field ${name} on ${type.name}`);
  return { ...requiredFields(type), [name]: withHostile(field.type, slot.slice(1), hostile) };
}

/** Leaf fields without required arguments (so the resolvers run), or just `__typename`. */
function selectionOf(type: GraphQLOutputType): string {
  const named: GraphQLNamedType = getNamedType(type);
  if (isLeafType(named)) return '';
  const leaves =
    isObjectType(named) || isInterfaceType(named)
      ? Object.values(named.getFields())
          .filter((f) => isLeafType(getNamedType(f.type)))
          .filter((f) => f.args.every((a) => !isNonNullType(a.type) || a.defaultValue !== undefined))
          .map((f) => f.name)
      : [];
  return `{ __typename ${leaves.join(' ')} }`;
}

interface Probe {
  readonly type: string;
  readonly field: GraphQLField<unknown, unknown>;
  readonly argument: string;
  readonly slot: Slot;
  readonly operation: 'query' | 'mutation';
}

/** The scalar (String or ID) at the end of a probe's slot. */
function slotScalar(probe: Probe): string {
  let type = probe.field.args.find((a) => a.name === probe.argument)?.type as GraphQLInputType;
  for (const step of probe.slot) {
    const named = isNonNullType(type) ? type.ofType : type;
    if (isListType(named)) type = named.ofType as GraphQLInputType;
    else if (isInputObjectType(named))
      type = (named.getFields()[step as string] as { type: GraphQLInputType }).type;
  }
  return getNamedType(type).name;
}

/** One request: `hostile` at one slot of one argument, the field's required arguments valid. */
function probeRequest(probe: Probe, hostile: string): { text: string; variables: Record<string, unknown> } {
  const { field } = probe;
  const variables: Record<string, unknown> = {};
  const definitions: string[] = [];
  const args: string[] = [];
  const extra = EXTRA_ARGS[field.name] ?? {};
  for (const arg of field.args) {
    let value: unknown;
    if (arg.name === probe.argument) value = withHostile(arg.type, probe.slot, hostile);
    else if (arg.name in extra) value = extra[arg.name];
    else if (isNonNullType(arg.type) && arg.defaultValue === undefined)
      value = validValue(arg.type, arg.name);
    else continue;
    variables[arg.name] = value;
    definitions.push(`$${arg.name}: ${String(arg.type)}`);
    args.push(`${arg.name}: $${arg.name}`);
  }
  const reach = REACH[probe.type];
  if (!reach) throw new Error(`no way to reach ${probe.type}`);
  const call = `${field.name}${args.length ? `(${args.join(', ')})` : ''} ${selectionOf(field.type)}`;
  const text = `${probe.operation} Hostile${definitions.length ? `(${definitions.join(', ')})` : ''} { ${reach(call)} }`;
  return { text, variables };
}

// ---------------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------------

describe('hostile GraphQL over HTTP', () => {
  it('should put Lucene and Cypher syntax in every string and ID argument of every field', async () => {
    const schema = buildSchema(readFileSync(path.join(PROJECT_ROOT, 'schema.graphql'), 'utf8'));
    const probes: Probe[] = [];
    const unreachable: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      const operation = type.name === 'Mutation' ? 'mutation' : 'query';
      for (const field of Object.values(type.getFields())) {
        for (const arg of field.args) {
          for (const slot of stringSlots(arg.type, [], new Set())) {
            if (!REACH[type.name]) unreachable.push(`${type.name}.${field.name}`);
            else probes.push({ type: type.name, field, argument: arg.name, slot, operation });
          }
        }
      }
    }
    // A new type with string arguments needs a way in (REACH), or its arguments would go untested.
    expect(unreachable).toEqual([]);
    const slots = probes.map((p) => `${p.type}.${p.field.name}(${[p.argument, ...p.slot].join('.')})`);
    expect(slots).toContain('Query.search(query)');
    expect(slots).toContain('Query.reviewerCandidates(submission.title)');
    expect(slots).toContain('Paper.citations(after)');

    // Every probe with every hostile value, three requests in flight.
    const jobs = probes.flatMap((probe) =>
      (HEAVY_FIELDS.has(probe.field.name)
        ? HEAVY_SAMPLE
        : slotScalar(probe) === 'ID'
          ? HOSTILE_IDS
          : HOSTILE_STRINGS
      ).map((hostile) => ({ probe, hostile })),
    );
    let next = 0;
    let sent = 0;
    const worker = async () => {
      for (let job = jobs[next++]; job; job = jobs[next++]) {
        const { text, variables } = probeRequest(job.probe, job.hostile);
        const answer = await query(`every-argument:${job.probe.operation}`, text, variables);
        sent++;
        const allowed =
          job.probe.operation === 'mutation'
            ? ['UNAUTHENTICATED']
            : ['answer', 'BAD_USER_INPUT', 'NOT_FOUND'];
        expect(
          allowed,
          `${text} ${JSON.stringify(variables).slice(0, 200)} → ${answer.text.slice(0, 300)}`,
        ).toContain(answer.outcome);
      }
    };
    await Promise.all([worker(), worker(), worker()]);
    expect(sent).toBeGreaterThan(1000);
  });

  it('should read Lucene syntax as words: wildcards, ranges and operators match nothing special', async () => {
    const total = async (q: string) => {
      const answer = await query('lucene', 'query ($q: String!) { search(query: $q) { totalCount } }', { q });
      expect(['answer', 'BAD_USER_INPUT'], q).toContain(answer.outcome);
      return answer.outcome === 'answer' ? (answer.data.search.totalCount as number) : 0;
    };
    for (const q of LUCENE) await total(q);
    // Match-all, regex, range and single-character wildcards match nothing: they are not words.
    for (const q of ['*:*', '/.*/', '?', '*', '+-&&||!(){}[]^"~*?:\\/']) expect(await total(q), q).toBe(0);
    // A range is its words: `[* TO *]` finds the papers with the word "to".
    expect(await total('[* TO *]')).toBe(await total('to'));
    // A trailing wildcard is a plain character: `grok*` finds the word grok, not grokking.
    expect(await total('grokking')).toBeGreaterThan(0);
    expect(await total('grok*')).toBe(await total('grok'));
    expect(await total('grok*')).toBeLessThan(await total('grokking'));
    // Operator words are words: `a OR b` needs both.
    expect(await total('grokking OR transformer')).toBeLessThanOrEqual(await total('grokking'));
  });

  it('should refuse depth bombs, naming the limit', async () => {
    /** At least `depth` levels: paper, then authors › papers › edges › node repeated, then title. */
    const nest = (depth: number) => {
      let inner = 'title';
      for (let levels = 2; levels < depth; levels += 4)
        inner = `authors { papers { edges { node { ${inner} } } } }`;
      return `{ paper(id: "1611.03530") { ${inner} } }`;
    };
    for (const depth of [13, 20, 50, 200, 500]) {
      expectRefused(await query('depth', nest(depth)), 'refused:depth', 'refused:tokens');
    }
    // Nonsense fields nested 500 deep: refused by the parser's token limit or the schema, never deeper.
    for (const depth of [50, 500, 5000]) {
      const text = `{ ${'a { '.repeat(depth)}b${' }'.repeat(depth)} }`;
      expectRefused(await query('depth', text), 'refused:depth', 'refused:tokens', 'refused:invalid');
    }
    // Depth through fragments: each fragment adds four levels.
    const frags = ['fragment D0 on Paper { title }'];
    for (let i = 1; i <= 60; i++)
      frags.push(`fragment D${i} on Paper { authors { papers { edges { node { ...D${i - 1} } } } } }`);
    expectRefused(
      await query('depth', `{ paper(id: "1611.03530") { ...D60 } } ${frags.join(' ')}`),
      'refused:depth',
      'refused:tokens',
    );
    // Nested inline fragments and nested list literals.
    expectRefused(
      await query('depth', `{ ${'... on Query { '.repeat(400)}status { version }${' }'.repeat(400)} }`),
      'refused:tokens',
      'answer',
    );
    expectRefused(
      await query('depth', `{ paper(id: ${'['.repeat(600)}"x"${']'.repeat(600)}) { title } }`),
      'refused:literal-type',
      'refused:invalid',
      'refused:tokens',
    );
  });

  it('should refuse alias floods, naming the limit', async () => {
    for (const count of [LIMITS.maxAliases + 1, 100, 600, 1000, 5000]) {
      const text = `{ ${Array.from({ length: count }, (_, i) => `a${i}: __typename`).join(' ')} }`;
      expectRefused(await query('aliases', text), 'refused:aliases', 'refused:tokens');
    }
    const costly = `{ ${Array.from({ length: 30 }, (_, i) => `t${i}: followUps(paper: "1611.03530", depth: 4, first: 50) { truncated }`).join(' ')} }`;
    expectRefused(await query('aliases', costly), 'refused:cost');
    // Aliases inside a fragment count where they are written: 11 + 20 is over the limit, 5 + 20 is not.
    const fragment = `fragment E on SearchConnection { edges { node { ${Array.from({ length: 20 }, (_, i) => `f${i}: title`).join(' ')} } } }`;
    const spread = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `s${i}: search(query: "learning", first: 10) { ...E }`).join(' ')} } ${fragment}`;
    expectRefused(await query('aliases', spread(11)), 'refused:aliases');
    expect((await query('aliases', spread(5))).outcome).toBe('answer');
  });

  it('should refuse fragment cycles and fragment fan-out ("billion laughs") at once', async () => {
    expectRefused(
      await query('fragments', '{ ...A } fragment A on Query { ...A }'),
      'refused:fragment-cycle',
    );
    expectRefused(
      await query('fragments', '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }'),
      'refused:fragment-cycle',
    );
    const ring = Array.from({ length: 150 }, (_, i) => `fragment R${i} on Query { ...R${(i + 1) % 150} }`);
    expectRefused(await query('fragments', `{ ...R0 } ${ring.join(' ')}`), 'refused:fragment-cycle');
    const paperCycle = `{ paper(id: "1611.03530") { ...P } } fragment P on Paper { authors { papers { edges { node { ...P } } } } }`;
    expectRefused(await query('fragments', paperCycle), 'refused:fragment-cycle');
    // Each fragment spreads the previous one k times: k^levels fields if anything expanded them naively.
    for (const [levels, fanOut] of [
      [20, 2],
      [60, 2],
      [150, 2],
      [30, 10],
      [45, 5],
    ] as const) {
      const frags = ['fragment L0 on Query { __typename status { version } }'];
      for (let i = 1; i <= levels; i++)
        frags.push(`fragment L${i} on Query { ${`...L${i - 1} `.repeat(fanOut)}}`);
      const answer = await query('fragments', `{ ...L${levels} } ${frags.join(' ')}`);
      expectRefused(answer, 'refused:cost', 'refused:tokens');
      expect(answer.ms, `${levels}×${fanOut}`).toBeLessThan(2000);
    }
  });

  it('should refuse directive floods', async () => {
    expectRefused(
      await query('directives', `{ status ${'@include(if: true) '.repeat(300)}{ version } }`),
      'refused:repeated-directive',
      'refused:tokens',
    );
    expectRefused(
      await query('directives', `{ status ${'@skip(if: false) @include(if: true) '.repeat(2)}{ version } }`),
      'refused:repeated-directive',
    );
    const unknown = `{ status ${Array.from({ length: 600 }, (_, i) => `@d${i}`).join(' ')} { version } }`;
    expectRefused(await query('directives', unknown), 'refused:unknown-directive', 'refused:tokens');
    const variables = `query ($b: Boolean!) { ${Array.from({ length: 30 }, (_, i) => `a${i}: status @include(if: $b) { version }`).join(' ')} }`;
    expect((await query('directives', variables, { b: true })).outcome).toBe('answer');
  });

  it('should refuse a huge, negative or zero `first` on every paged field', async () => {
    const fields = [
      (f: string) => `search(query: "learning", first: ${f}) { totalCount }`,
      (f: string) => `paper(id: "1611.03530") { citations(first: ${f}) { edges { cursor } } }`,
      (f: string) => `paper(id: "1611.03530") { references(first: ${f}) { edges { cursor } } }`,
      (f: string) => `paper(id: "1803.03635") { authors { papers(first: ${f}) { edges { cursor } } } }`,
      (f: string) => `followUps(paper: "1611.03530", first: ${f}) { truncated }`,
      (f: string) => `lineage(paper: "2203.15556", first: ${f}) { truncated }`,
      (f: string) => `citationPaths(from: "1312.6199", to: "2202.10054", first: ${f}) { length }`,
      (f: string) =>
        `reviewerCandidates(submission: { paper: "1611.03530" }, first: ${f}) { candidates { key } }`,
    ];
    for (const field of fields) {
      for (const literal of ['1000000000', '-1', '0', '2147483647', '-2147483648']) {
        const answer = await query('huge-first', `{ ${field(literal)} }`);
        expect(
          ['BAD_USER_INPUT', 'refused:cost'],
          `${field(literal)} → ${answer.text.slice(0, 200)}`,
        ).toContain(answer.outcome);
      }
      for (const literal of ['2147483648', '9007199254740992', '1e9', '1e308', '"10"', 'null']) {
        const answer = await query('huge-first', `{ ${field(literal)} }`);
        expect(
          ['refused:literal-type', 'refused:invalid', 'answer'],
          `${field(literal)} → ${answer.text.slice(0, 200)}`,
        ).toContain(answer.outcome);
      }
      const variable = `query ($f: Int) { ${field('$f')} }`;
      for (const f of [1e9, -1, 2 ** 31, 2 ** 53, 1.5, '1e9', [1], { n: 1 }, true]) {
        const answer = await query('huge-first', variable, { f });
        expect(
          ['BAD_USER_INPUT', 'refused:variable', 'refused:variable-type'],
          `${variable} ${JSON.stringify(f)}`,
        ).toContain(answer.outcome);
      }
    }
  });

  it('should refuse token floods and survive megabytes of operation text', async () => {
    for (const tokens of [LIMITS.maxTokens + 1, 10_000, 1_000_000]) {
      const text = `{ status { ${'version '.repeat(tokens)} } }`;
      expectRefused(await query('tokens', text), 'refused:tokens', BODY_SIZE);
    }
    // Megabytes that are not tokens: a comment, whitespace, one long string literal, one long name.
    const mb = 1024 * 1024;
    expectRefused(
      await query('long-text', `{ status { version } } # ${'x'.repeat(4 * mb)}`),
      'answer',
      BODY_SIZE,
    );
    expectRefused(
      await query('long-text', `{ status { version } ${' '.repeat(16 * mb)}}`),
      'answer',
      BODY_SIZE,
    );
    const literal = await query(
      'long-text',
      `{ search(query: "${'grokking '.repeat(mb / 2)}") { totalCount } }`,
    );
    expectRefused(literal, 'answer', 'BAD_USER_INPUT', BODY_SIZE);
    expectRefused(await query('long-text', `{ ${'a'.repeat(4 * mb)} }`), 'refused:invalid', BODY_SIZE);
    const variable = await query('long-text', 'query ($q: String!) { search(query: $q) { totalCount } }', {
      q: 'learning '.repeat(mb),
    });
    expectRefused(variable, 'answer', 'BAD_USER_INPUT', BODY_SIZE);
    const unused = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`v${i}`, i]));
    expectRefused(await query('long-text', '{ status { version } }', unused), 'answer', BODY_SIZE);
  });

  it('should refuse batched bodies and documents of many operations without a name', async () => {
    for (const count of [2, 100, 500]) {
      const batch = JSON.stringify(
        Array.from({ length: count }, () => ({ query: '{ status { version } }' })),
      );
      expectRefused(await send('batching', { body: batch }), 'refused:batching', 'refused:bad-request');
    }
    expectRefused(await send('batching', { body: '[]' }), 'refused:batching', 'refused:bad-request');
    const costly = JSON.stringify(
      Array.from({ length: 200 }, () => ({
        query: '{ followUps(paper: "1611.03530", depth: 4, first: 50) { truncated } }',
      })),
    );
    expectRefused(await send('batching', { body: costly }), 'refused:batching', 'refused:bad-request');
    for (const count of [2, 100]) {
      const text = Array.from({ length: count }, (_, i) => `query Q${i} { status { version } }`).join(' ');
      expectRefused(await query('many-operations', text), 'refused:operation-name');
      expectRefused(await query('many-operations', text, undefined, 'Nope'), 'refused:operation-name');
      expect((await query('many-operations', text, undefined, 'Q1')).outcome).toBe('answer');
    }
    // Every operation of a document is checked against the limits, not only the one that runs.
    const mixed = `query Cheap { status { version } } query Costly { ${Array.from({ length: 25 }, (_, i) => `t${i}: followUps(paper: "1611.03530") { truncated }`).join(' ')} }`;
    expectRefused(await query('many-operations', mixed, undefined, 'Cheap'), 'refused:cost');
  });

  it('should refuse variables of the wrong type and huge variables', async () => {
    const paper = 'query ($id: String!) { paper(id: $id) { title } }';
    for (const id of [
      null,
      1,
      true,
      ['1611.03530'],
      { id: '1611.03530' },
      JSON.parse('{"__proto__": {"x": 1}}'),
    ]) {
      expectRefused(await query('variables', paper, { id }), 'refused:variable', 'refused:variable-type');
    }
    expectRefused(await query('variables', paper, {}), 'refused:variable');
    expectRefused(
      await send('variables', { body: JSON.stringify({ query: paper, variables: 'x' }) }),
      'refused:bad-request',
    );
    const nodes = 'query ($ids: [ID!]!) { nodes(ids: $ids) { __typename } }';
    const manyIds = Array.from({ length: 100_000 }, (_, i) => paperGlobalId(`arxiv:1611.${i}`));
    expectRefused(await query('variables', nodes, { ids: manyIds }), 'BAD_USER_INPUT', BODY_SIZE);
    const among = 'query ($k: [String!]!) { citationsAmong(papers: $k) { contexts } }';
    expectRefused(await query('variables', among, { k: manyIds }), 'BAD_USER_INPUT', BODY_SIZE);
    const filter =
      'query ($s: [String!]) { followUps(paper: "1611.03530", filter: { subfields: $s }) { truncated } }';
    expectRefused(await query('variables', filter, { s: manyIds }), 'BAD_USER_INPUT', BODY_SIZE);
    const pool =
      'query ($p: [String!]) { reviewerAssignment(submissions: ["1611.03530"], pool: $p) { poolSize } }';
    expectRefused(await query('variables', pool, { p: manyIds }), 'BAD_USER_INPUT', BODY_SIZE);
    // Deeply nested JSON where a list of IDs belongs, and where nothing is expected.
    const nested = (n: number) => `${'['.repeat(n)}"x"${']'.repeat(n)}`;
    const nestedIds = `{"query": ${JSON.stringify(nodes)}, "variables": {"ids": ${nested(5000)}}}`;
    expectRefused(await send('variables', { body: nestedIds }), 'refused:variable', 'refused:variable-type');
    const deepBody = `{"query": "{ status { version } }", "variables": {"a": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    const deep = await send('variables', { body: deepBody });
    expect(['answer', 'refused:bad-request']).toContain(deep.outcome);
  });

  it('should bound introspection', async () => {
    expect((await query('introspection', getIntrospectionQuery())).outcome).toMatch(
      /^(answer|refused:depth)$/,
    );
    /** `outer { f1 { f2 { … inner } } }` with the fields repeated `n` times. */
    const nestText = (fields: readonly string[], n: number, inner: string) => {
      let text = inner;
      for (let i = n - 1; i >= 0; i--) text = `${fields[i % fields.length]} { ${text} }`;
      return `{ ${text} }`;
    };
    const ofType = nestText(
      ['__type(name: "Paper")', 'fields', 'type', ...Array(40).fill('ofType')],
      43,
      'name',
    );
    expectRefused(await query('introspection', ofType), 'refused:depth');
    const deep = nestText(['__schema', 'types', ...Array(20).fill(['fields', 'type']).flat()], 42, 'name');
    expectRefused(await query('introspection', deep), 'refused:depth');
    const copies = `{ ${Array.from({ length: 30 }, (_, i) => `s${i}: __schema { ...S }`).join(' ')} }
      fragment S on __Schema { types { name fields { name args { name } type { name kind } } } }`;
    const answer = await query('introspection', copies);
    expect(['answer', 'refused:cost', 'refused:aliases']).toContain(answer.outcome);
  });

  it('should answer odd HTTP requests with a 4xx or an answer', async () => {
    const odd: Array<[string, Parameters<typeof send>[1], readonly number[]]> = [
      ['invalid JSON', { body: '{"query": "{ status' }, [400]],
      ['null body', { body: 'null' }, [400]],
      ['number body', { body: '42' }, [400]],
      ['no body', { body: '' }, [400]],
      [
        'text body',
        { body: '{ status { version } }', headers: { 'content-type': 'text/plain' } },
        [200, 400, 415],
      ],
      [
        'graphql body',
        { body: '{ status { version } }', headers: { 'content-type': 'application/graphql' } },
        [200, 400, 415],
      ],
      [
        'form body',
        { body: 'query=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
        [200, 400, 415],
      ],
      [
        'mutation over GET',
        {
          method: 'GET',
          path: `/graphql?query=${encodeURIComponent('mutation { removeCuratorTag(paper: "1611.03530", label: "SCALING_LAWS") { title } }')}`,
        },
        [405],
      ],
      ['huge URL', { method: 'GET', path: `/graphql?query=${'x'.repeat(200_000)}` }, [400, 414, 431]],
      ['PUT', { method: 'PUT', body: gqlBody('{ status { version } }') }, [200, 405]],
      ['DELETE', { method: 'DELETE' }, [200, 400, 404, 405]],
    ];
    for (const [name, init, statuses] of odd) {
      const answer = await send(`http:${name}`, init);
      expect(statuses, `${name}: ${answer.status} ${answer.text.slice(0, 200)}`).toContain(answer.status);
    }
  });

  it('should keep answering, leave the graph unchanged, and log no internal error', async () => {
    const status = await query('after', '{ status { version papers } }');
    expect(status.outcome).toBe('answer');
    expect((await fetch(`${base}/ready`)).status).toBe(200);
    expect(server?.exitCode).toBeNull();
    const after = await graphCounts();
    expect(after).toEqual(before);
    expect(serverLog).not.toMatch(/graphql error|Unexpected error/);

    const latencies = answers.map((a) => a.ms).sort((a, b) => a - b);
    const quantile = (q: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
    const byCategory: Record<string, { requests: number; maxMs: number }> = {};
    const outcomes: Record<string, number> = {};
    const statuses: Record<string, number> = {};
    for (const a of answers) {
      const category = byCategory[a.category] ?? { requests: 0, maxMs: 0 };
      category.requests++;
      category.maxMs = Math.max(category.maxMs, Math.round(a.ms));
      byCategory[a.category] = category;
      outcomes[a.outcome] = (outcomes[a.outcome] ?? 0) + 1;
      statuses[a.status] = (statuses[a.status] ?? 0) + 1;
    }
    const slowest = answers.reduce((a, b) => (b.ms > a.ms ? b : a));
    recordFigures('graphql-hostile', {
      command: 'npx vitest run --project chaos test/chaos/graphql-hostile.chaos.test.ts',
      requests: answers.length,
      byCategory,
      outcomes,
      statuses,
      latencyMs: {
        p50: Math.round(quantile(0.5)),
        p99: Math.round(quantile(0.99)),
        max: Math.round(latencies.at(-1) ?? 0),
        slowest: `${slowest.category}: ${slowest.outcome}`,
        bound: REQUEST_BOUND_MS,
      },
      graph: { before, after },
      serverLogBytes: Buffer.byteLength(serverLog),
    });
  });
});
