/**
 * Access: every mutation of schema.graphql against `empirica serve` (a child process, over HTTP) is refused
 * (UNAUTHENTICATED) without a key, with a wrong one, one of another length, a prefix of the right one, or
 * the right one in the wrong header or scheme, and the graph stays as it was; the right key is accepted
 * (and undone); a server without a key refuses all. The key check compares fixed-length HMAC digests (a
 * spy on timingSafeEqual sees only 32-byte pairs, whatever the lengths) and its timing by kind of wrong
 * key is measured. Secrets never reach logs or errors: random secrets run through `serve`, crawls against
 * a fixture server with faults, `db status`, failing connections (refused, and a fake Bolt server that
 * refuses the login) and configuration errors at LOG_LEVEL=trace, and ALL their output is grepped for
 * each secret and its encodings.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  buildSchema,
  type GraphQLInputType,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseArxivAtom } from '../../ingest/sources/arxiv/arxiv-api.parser.js';
import { apiKeyMatches } from '../../src/api/schema/curation.js';
import { createApi } from '../../src/api/yoga.js';
import { PROJECT_ROOT } from '../../src/config.js';
import type { Graph } from '../../src/graph/driver.js';
import { PaperRepository } from '../../src/graph/paper.repository.js';
import { findFreePort } from '../../src/neo4j-local/neo4j-local.js';
import { crawlEnv, testDatabaseEnv } from '../helpers/cli.js';
import { FixtureServer, type Handler, reply, truncated } from '../helpers/fixture-server.js';
import { connectTestGraph, deletePapers, TestScope } from '../helpers/neo4j.js';
import { recordFigures } from './figures.js';

/** Every timingSafeEqual call's argument lengths (the spy below). */
const comparisons = vi.hoisted(() => [] as Array<[number, number]>);
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  const timingSafeEqual = (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
    comparisons.push([a.byteLength, b.byteLength]);
    return actual.timingSafeEqual(a, b);
  };
  return { ...actual, default: { ...actual, timingSafeEqual }, timingSafeEqual };
});

const hex = () => randomBytes(16).toString('hex');
/** Random secrets of this run: nothing else in any output can contain them by chance. */
const SECRETS = {
  NEO4J_PASSWORD: `neo4j-pw-${hex()}`,
  EMPIRICA_API_KEY: `api-key-${hex()}`,
  OPENREVIEW_PASSWORD: `openreview-pw-${hex()}`,
  OPENREVIEW_TOKEN: `openreview-token-${hex()}`,
} as const;
const KEY: string = SECRETS.EMPIRICA_API_KEY;
const OPENREVIEW_USERNAME = 'chaos-access@example.org';
const SECRET_ENV = {
  NEO4J_USERNAME: 'neo4j',
  NEO4J_PASSWORD: SECRETS.NEO4J_PASSWORD,
  EMPIRICA_API_KEY: KEY,
  OPENREVIEW_USERNAME,
  OPENREVIEW_PASSWORD: SECRETS.OPENREVIEW_PASSWORD,
  LOG_LEVEL: 'trace',
};

/** What would give a secret away: itself, its random part (or half of it), and its usual encodings. */
function leakForms(): Array<{ secret: string; form: string; text: string }> {
  const forms: Array<{ secret: string; form: string; text: string }> = [];
  for (const [secret, value] of Object.entries(SECRETS)) {
    const random = value.slice(-32);
    const add = (form: string, text: string) => forms.push({ secret, form, text });
    add('plain', value);
    add('random part', random);
    add('half of the random part', random.slice(0, 16));
    add('base64', Buffer.from(value).toString('base64'));
    add('base64url', Buffer.from(value).toString('base64url'));
    add('url-encoded', encodeURIComponent(value));
    add('hex', Buffer.from(value).toString('hex'));
  }
  const basic = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64');
  forms.push({ secret: 'NEO4J_PASSWORD', form: 'basic auth', text: basic('neo4j', SECRETS.NEO4J_PASSWORD) });
  forms.push({
    secret: 'OPENREVIEW_PASSWORD',
    form: 'basic auth',
    text: basic(OPENREVIEW_USERNAME, SECRETS.OPENREVIEW_PASSWORD),
  });
  return forms;
}

// ---------------------------------------------------------------------------------------------------
// Child processes: every byte they write is kept and grepped
// ---------------------------------------------------------------------------------------------------

interface Captured {
  readonly name: string;
  output: string;
  code: number | null;
}
const captured: Captured[] = [];

/** A child's whole environment: no variable of this process leaks in; unset ones are left out. */
const childEnv = (env: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(
    Object.entries({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      EMPIRICA_LOAD_LANDMARKS: 'false',
      ...env,
    }).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );

function launch(name: string, argv: string[], env: Record<string, string | undefined>) {
  const record: Captured = { name, output: '', code: null };
  captured.push(record);
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'empirica.js'), ...argv], {
    cwd: PROJECT_ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => {
    record.output += chunk.toString();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      record.code = code;
      resolve(code);
    }),
  );
  return { child, record, exited };
}

/** Runs one CLI command to its end (killed after `timeoutMs`). */
async function runCommand(
  name: string,
  argv: string[],
  env: Record<string, string | undefined>,
  timeoutMs = 90_000,
): Promise<Captured> {
  const { child, record, exited } = launch(name, argv, env);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
  return record;
}

interface Served {
  readonly base: string;
  readonly child: ChildProcess;
  readonly record: Captured;
  readonly exited: Promise<number | null>;
}
const servers: Served[] = [];

async function serve(name: string, env: Record<string, string | undefined>): Promise<Served> {
  const port = await findFreePort();
  const launched = launch(name, ['serve'], {
    ...testDatabaseEnv(),
    ...env,
    EMPIRICA_HOST: '127.0.0.1',
    EMPIRICA_PORT: String(port),
  });
  const served = { base: `http://127.0.0.1:${port}`, ...launched };
  servers.push(served);
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (launched.record.code !== null) throw new Error(`${name} exited:\n${launched.record.output}`);
    try {
      if ((await fetch(`${served.base}/ready`)).ok) return served;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${name} not ready:\n${launched.record.output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function stop(served: Served): Promise<void> {
  if (served.record.code !== null || served.child.exitCode !== null) return;
  served.child.kill('SIGTERM');
  const timer = setTimeout(() => served.child.kill('SIGKILL'), 15_000);
  await served.exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------------------------------------------
// The graph, one paper of this test's own, and its fingerprint
// ---------------------------------------------------------------------------------------------------

let graph: Graph;
let scope: TestScope;
let paperId: string;
const LABEL = 'INDUCTIVE_BIASES';
let serverA: Served;
let serverB: Served;
let fixtures: FixtureServer | undefined;
const arxivFixture = (name: string) =>
  readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'arxiv', name), 'utf8');
const MALFORMED = arxivFixture('api/search_malformed_2025-11.xml');
const CRAWLED_IDS = parseArxivAtom(MALFORMED).records.flatMap((r) => (r.arxivId ? [r.arxivId] : []));
const VENUE = `Chaos.cc/2026/Access_${hex().slice(0, 8)}`;

/** Whole-graph counts and the test paper's tags and properties: what a refused mutation must not change. */
async function fingerprint(): Promise<string> {
  const [row] = await graph.read<Record<string, unknown>>({
    text: `CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
CALL () {
  MATCH (p:Paper {arxivId: $id})
  OPTIONAL MATCH (p)-[r]->(t)
  WITH p, r, t ORDER BY type(r), t.slug
  RETURN properties(p) AS paper, collect([type(r), t.slug, properties(r)]) AS tags
}
RETURN nodes, relationships, paper, tags`,
    params: { id: paperId },
  });
  return JSON.stringify(row);
}

beforeAll(async () => {
  graph = await connectTestGraph('chaos-access');
  scope = new TestScope(graph);
  paperId = scope.arxiv(1);
  await new PaperRepository(graph).upsert([
    { arxivId: paperId, title: 'A paper the access test curates', source: 'test', year: 2026 },
  ]);
  serverA = await serve('serve (key, trace)', SECRET_ENV);
});

afterAll(async () => {
  for (const served of servers) await stop(served);
  const all = grep(captured);
  recordFigures('access', {
    command: 'npx vitest run --project chaos test/chaos/access.chaos.test.ts',
    mutations: mutations().map((m) => m.name),
    refusalsByPresentation: refusals,
    secrets: Object.keys(SECRETS),
    formsGrepped: leakForms().length,
    bytesGrepped: all.bytes,
    hits: all.list.length,
    hitList: all.list,
    runs: captured.map((c) => ({ name: c.name, bytes: Buffer.byteLength(c.output), exit: c.code })),
  });
  await fixtures?.stop();
  await scope.cleanup();
  await deletePapers(graph, { arxivIds: CRAWLED_IDS });
  await graph.write({ text: 'MATCH (v:Venue {id: $venue}) DETACH DELETE v', params: { venue: VENUE } });
  await graph.close();
});

interface GqlAnswer {
  readonly status: number;
  readonly errors: ReadonlyArray<{ message: string; extensions?: { code?: string } }>;
  // biome-ignore lint/suspicious/noExplicitAny: arbitrary JSON answers
  readonly data?: any;
}

async function post(
  base: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
  pathAndQuery = '/graphql',
): Promise<GqlAnswer> {
  const response = await fetch(`${base}${pathAndQuery}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { data?: unknown; errors?: GqlAnswer['errors'] };
  return { status: response.status, errors: json.errors ?? [], data: json.data };
}

// ---------------------------------------------------------------------------------------------------
// Every mutation, from the schema
// ---------------------------------------------------------------------------------------------------

/** Valid values by argument or input-field name, so that the right key makes each mutation succeed. */
const validByName = (): Record<string, unknown> => ({
  paper: paperId,
  label: LABEL,
  curator: 'chaos-access',
  reason: 'access test',
  rejected: false,
});

/** How to undo each mutation the right key was allowed to run. */
const UNDO: Record<string, string> = { setCuratorTag: 'removeCuratorTag', removeCuratorTag: 'setCuratorTag' };

function validValue(type: GraphQLInputType, name: string): unknown {
  const known = validByName();
  if (name in known) return known[name];
  if (isNonNullType(type)) return validValue(type.ofType, name);
  if (isListType(type)) return [validValue(type.ofType as GraphQLInputType, name)];
  if (isInputObjectType(type)) {
    return Object.fromEntries(
      Object.values(type.getFields())
        .filter((f) => isNonNullType(f.type))
        .map((f) => [f.name, validValue(f.type, f.name)]),
    );
  }
  throw new Error(`no valid value for ${name}: ${getNamedType(type).name} (add it to validByName)`);
}

interface MutationCall {
  readonly name: string;
  readonly body: { query: string; variables: Record<string, unknown> };
}

function mutations(): MutationCall[] {
  const schema = buildSchema(readFileSync(path.join(PROJECT_ROOT, 'schema.graphql'), 'utf8'));
  const type = schema.getMutationType();
  if (!type) return [];
  return Object.values(type.getFields()).map((field) => {
    const required = field.args.filter((a) => isNonNullType(a.type));
    const definitions = required.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
    const args = required.map((a) => `${a.name}: $${a.name}`).join(', ');
    const variables = Object.fromEntries(required.map((a) => [a.name, validValue(a.type, a.name)]));
    const query = `mutation${definitions ? `(${definitions})` : ''} { ${field.name}${args ? `(${args})` : ''} { __typename } }`;
    return { name: field.name, body: { query, variables } };
  });
}

/** Ways to present a wrong key, or the right key the wrong way. */
function wrongPresentations(): Array<{ name: string; headers: Record<string, string>; path?: string }> {
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
  const flip = (key: string, i: number) => key.slice(0, i) + (key[i] === 'x' ? 'y' : 'x') + key.slice(i + 1);
  return [
    { name: 'no key', headers: {} },
    { name: 'wrong key, same length', headers: bearer('w'.repeat(KEY.length)) },
    { name: 'wrong first character', headers: bearer(flip(KEY, 0)) },
    { name: 'wrong last character', headers: bearer(flip(KEY, KEY.length - 1)) },
    { name: 'prefix (all but one)', headers: bearer(KEY.slice(0, -1)) },
    { name: 'prefix (8 characters)', headers: bearer(KEY.slice(0, 8)) },
    { name: 'key plus a character', headers: bearer(`${KEY}x`) },
    { name: 'key twice', headers: bearer(KEY + KEY) },
    { name: 'one character', headers: bearer('a') },
    { name: '10,000 characters', headers: bearer('k'.repeat(10_000)) },
    { name: 'upper case', headers: bearer(KEY.toUpperCase()) },
    { name: 'empty bearer', headers: { authorization: 'Bearer ' } },
    { name: 'no scheme', headers: { authorization: KEY } },
    {
      name: 'Basic scheme',
      headers: { authorization: `Basic ${Buffer.from(`x:${KEY}`).toString('base64')}` },
    },
    { name: 'Token scheme', headers: { authorization: `Token ${KEY}` } },
    { name: 'Bearer: with a colon', headers: { authorization: `Bearer:${KEY}` } },
    { name: 'key with a trailing word', headers: { authorization: `Bearer ${KEY} extra` } },
    { name: 'two bearer tokens', headers: { authorization: `Bearer wrong, Bearer ${KEY}` } },
    { name: 'X-Api-Key header', headers: { 'x-api-key': KEY } },
    { name: 'cookie', headers: { cookie: `key=${KEY}; apiKey=${KEY}` } },
    { name: 'query string', headers: {}, path: `/graphql?key=${KEY}&api_key=${KEY}&token=${KEY}` },
  ];
}

const codes = (answer: GqlAnswer) => answer.errors.map((e) => e.extensions?.code);
const refusals: Record<string, number> = {};

describe('mutations behind the API key', () => {
  it('should refuse every mutation without the right key presented the right way, changing nothing', async () => {
    const calls = mutations();
    expect(calls.map((c) => c.name).sort()).toEqual(Object.keys(UNDO).sort());
    const before = await fingerprint();
    for (const call of calls) {
      for (const wrong of wrongPresentations()) {
        const answer = await post(serverA.base, call.body, wrong.headers, wrong.path);
        expect(codes(answer), `${call.name}, ${wrong.name}`).toEqual(['UNAUTHENTICATED']);
        expect(answer.data?.[call.name] ?? null).toBeNull();
        refusals[wrong.name] = (refusals[wrong.name] ?? 0) + 1;
      }
      // The key in the body, in extensions or variables, is no key either.
      const inBody = await post(serverA.base, {
        ...call.body,
        extensions: { apiKey: KEY, authorization: `Bearer ${KEY}` },
        variables: { ...call.body.variables, apiKey: KEY },
      });
      expect(codes(inBody), `${call.name}, key in the body`).toContain('UNAUTHENTICATED');
      // A mutation over GET is refused before the key is looked at.
      const get = await fetch(
        `${serverA.base}/graphql?query=${encodeURIComponent(call.body.query)}&variables=${encodeURIComponent(JSON.stringify(call.body.variables))}`,
        { headers: { authorization: `Bearer ${KEY}` } },
      );
      expect(get.status, `${call.name} over GET`).toBe(405);
    }
    expect(await fingerprint()).toBe(before);
  });

  it('should accept the right key (then undo), and refuse everything on a server without a key', async () => {
    const before = await fingerprint();
    const calls = new Map(mutations().map((c) => [c.name, c]));
    const run = async (name: string, base: string, key = KEY) => {
      const call = calls.get(name);
      if (!call) throw new Error(`no mutation ${name}`);
      return await post(base, call.body, { authorization: `Bearer ${key}` });
    };
    const tagsNow = async () =>
      (
        await graph.read<{ source: string }>({
          text: `MATCH (:Paper {arxivId: $id})-[r:IN_SUBFIELD|HAS_CONTRIBUTION]->(t {slug: $label})
RETURN r.source AS source`,
          params: { id: paperId, label: LABEL },
        })
      ).map((r) => r.source);
    for (const [name, undo] of Object.entries(UNDO)) {
      // Bring the paper to the state the mutation acts on, run it, check, then undo.
      if (name === 'removeCuratorTag') expect((await run('setCuratorTag', serverA.base)).errors).toEqual([]);
      const accepted = await run(name, serverA.base);
      expect(accepted.errors, name).toEqual([]);
      expect(await tagsNow(), name).toEqual(name === 'setCuratorTag' ? ['curator'] : []);
      if (name === 'setCuratorTag') expect((await run(undo, serverA.base)).errors).toEqual([]);
    }
    expect(await fingerprint()).toBe(before);

    serverB = await serve('serve (no key, trace)', { ...SECRET_ENV, EMPIRICA_API_KEY: undefined });
    for (const name of calls.keys()) {
      for (const key of [KEY, '', 'anything-at-all-0123']) {
        const answer = await run(name, serverB.base, key);
        expect(codes(answer), `${name} on a server without a key`).toEqual(['UNAUTHENTICATED']);
        if (key === KEY) expect(answer.errors[0]?.message).toMatch(/EMPIRICA_API_KEY/);
      }
    }
    expect(await fingerprint()).toBe(before);
  });
});

// ---------------------------------------------------------------------------------------------------
// Constant time
// ---------------------------------------------------------------------------------------------------

describe('the key comparison', () => {
  it('should compare fixed-length digests, never the raw keys', async () => {
    comparisons.length = 0;
    const presented = [
      '',
      'a',
      KEY.slice(0, 1),
      KEY.slice(0, -1),
      KEY,
      `${KEY}x`,
      KEY.toUpperCase(),
      'é'.repeat(KEY.length),
      'k'.repeat(100_000),
    ];
    for (const p of presented) expect(apiKeyMatches(p, KEY), JSON.stringify(p.slice(0, 40))).toBe(p === KEY);
    expect(comparisons).toHaveLength(presented.length);
    expect(new Set(comparisons.map(([a, b]) => `${a}/${b}`))).toEqual(new Set(['32/32']));

    // Through the API as well: one comparison of two 32-byte digests per request, whatever the key.
    comparisons.length = 0;
    const api = createApi({ graph, version: 'test', apiKey: KEY });
    const call = mutations()[0] as MutationCall;
    for (const key of ['a', KEY.slice(0, -1), `${KEY}x`, 'z'.repeat(5000)]) {
      const response = await api.fetch('http://api/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify(call.body),
      });
      const body = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
      expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    }
    expect(comparisons).toEqual(Array(4).fill([32, 32]));
  });

  it('should take as long for a wrong first character as for a wrong last one (measured)', async () => {
    const flip = (i: number) => KEY.slice(0, i) + (KEY[i] === 'x' ? 'y' : 'x') + KEY.slice(i + 1);
    const kinds: Record<string, string> = {
      'wrong first character': flip(0),
      'wrong last character': flip(KEY.length - 1),
      'right key': KEY,
      'one character': 'a',
      'twice the length': KEY + KEY,
    };
    // In process: batches of 200 calls, kinds interleaved, median time per call.
    const samples: Record<string, number[]> = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
    for (let round = 0; round < 150; round++) {
      for (const [kind, key] of Object.entries(kinds)) {
        const start = process.hrtime.bigint();
        for (let i = 0; i < 200; i++) apiKeyMatches(key, KEY);
        samples[kind]?.push(Number(process.hrtime.bigint() - start) / 200);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    const inProcessNs = Object.fromEntries(
      Object.entries(samples).map(([k, xs]) => [k, Math.round(median(xs))]),
    );
    // Over HTTP against the served API: median of 150 refused requests per kind, interleaved.
    const http: Record<string, number[]> = { 'wrong first character': [], 'wrong last character': [] };
    const call = mutations()[0] as MutationCall;
    for (let round = 0; round < 150; round++) {
      for (const kind of Object.keys(http)) {
        const start = performance.now();
        const answer = await post(serverA.base, call.body, { authorization: `Bearer ${kinds[kind]}` });
        http[kind]?.push(performance.now() - start);
        expect(codes(answer)).toEqual(['UNAUTHENTICATED']);
      }
    }
    const overHttpMs = Object.fromEntries(
      Object.entries(http).map(([k, xs]) => [k, Number(median(xs).toFixed(3))]),
    );
    const first = inProcessNs['wrong first character'] ?? 0;
    const last = inProcessNs['wrong last character'] ?? 0;
    // A measurement, not a proof: only a gross difference between same-length keys fails.
    expect(Math.max(first, last) / Math.max(1, Math.min(first, last))).toBeLessThan(3);
    recordFigures('access-timing', {
      command: 'npx vitest run --project chaos test/chaos/access.chaos.test.ts',
      keyLength: KEY.length,
      inProcessMedianNsPerCheck: inProcessNs,
      overHttpMedianMs: overHttpMs,
      callsPerKind: 150 * 200,
      requestsPerKind: 150,
    });
  });
});

// ---------------------------------------------------------------------------------------------------
// Secrets in logs and errors
// ---------------------------------------------------------------------------------------------------

/** A fake Bolt server: agrees on Bolt 5.0, keeps what the driver sends, refuses the login. */
async function fakeBolt(): Promise<{ port: number; received: () => Buffer; close: () => Promise<void> }> {
  const chunks: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const str = (s: string) => {
    const bytes = Buffer.from(s);
    return Buffer.concat([
      bytes.length < 16 ? Buffer.from([0x80 + bytes.length]) : Buffer.from([0xd0, bytes.length]),
      bytes,
    ]);
  };
  const failure = Buffer.concat([
    Buffer.from([0xb1, 0x7f, 0xa2]),
    str('code'),
    str('Neo.ClientError.Security.Unauthorized'),
    str('message'),
    str('The client is unauthorized due to authentication failure.'),
  ]);
  const chunk = Buffer.concat([
    Buffer.from([failure.length >> 8, failure.length & 0xff]),
    failure,
    Buffer.from([0, 0]),
  ]);
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let handshaken = false;
    socket.on('data', (data) => {
      chunks.push(data);
      if (!handshaken) {
        handshaken = true;
        socket.write(Buffer.from([0, 0, 0, 5]));
        if (data.length <= 20) return;
      }
      socket.write(chunk);
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    received: () => Buffer.concat(chunks),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

describe('secrets', () => {
  it('should keep every secret out of the output of serve, crawls, db status and failed connections', async () => {
    // The served API: failing queries, wrong keys, the right key, at LOG_LEVEL=trace.
    for (const base of [serverA.base, serverB.base]) {
      await post(
        base,
        { query: '{ paper(id: "no such id") { title } }' },
        { authorization: `Bearer ${KEY}` },
      );
      await post(base, { query: '{ followUps(paper: "9912.99999") { truncated } }' });
      await post(base, { query: '{ status { version ' }, { authorization: `Bearer ${KEY}x` });
      await post(
        base,
        { query: '{ nope }' },
        { authorization: `Basic ${Buffer.from(`u:${KEY}`).toString('base64')}` },
      );
      await fetch(`${base}/graphql?query=${encodeURIComponent('{ status { version } }')}&key=${KEY}`);
    }
    for (const served of [serverA, serverB]) await stop(served);
    for (const served of [serverA, serverB]) expect(served.record.output.length).toBeGreaterThan(0);

    // A crawl against a fixture server with faults: 503 with Retry-After, a truncated body, then a
    // feed with malformed records (reported); and an OpenReview crawl whose login succeeds with a token,
    // whose token expires (401, login again) and whose notes then fail (500).
    const feed = arxivFixture('api/search_cs_lg_2025-11.xml');
    let logins = 0;
    const login: Handler = async (req, res) => {
      const body = JSON.parse(await bodyOf(req)) as { id?: string; password?: string };
      logins++;
      const ok = body.id === OPENREVIEW_USERNAME && body.password === SECRETS.OPENREVIEW_PASSWORD;
      res
        .writeHead(ok ? 200 : 400, { 'content-type': 'application/json' })
        .end(
          ok
            ? JSON.stringify({ token: SECRETS.OPENREVIEW_TOKEN, user: { id: '~Chaos_Access1' } })
            : '{"status":400,"name":"InvalidCredentialsError","message":"Invalid username or password"}',
        );
    };
    fixtures = await new FixtureServer().start();
    fixtures
      .route(
        '/api/query',
        reply(503, 'busy', { 'retry-after': '1' }),
        truncated(feed),
        reply(200, MALFORMED, { 'content-type': 'application/atom+xml' }),
      )
      .route('/openreview/login', login)
      .route(
        '/openreview/notes',
        reply(401, '{"status":401,"name":"TokenExpiredError","message":"Token has expired"}', {
          'content-type': 'application/json',
        }),
        reply(500, '{"status":500,"name":"InternalError","message":"Something went wrong"}', {
          'content-type': 'application/json',
        }),
      );
    const crawl = {
      ...crawlEnv(fixtures),
      ...SECRET_ENV,
      EMPIRICA_OPENREVIEW_URL: `${fixtures.origin}/openreview`,
    };
    const arxiv = await runCommand(
      'crawl arxiv (faults)',
      ['crawl', 'arxiv', '--query', 'learning', '--limit', '5'],
      crawl,
    );
    expect(arxiv.code, arxiv.output.slice(-2000)).not.toBe(1);
    const openreview = await runCommand(
      'crawl openreview (token expires, 500)',
      ['crawl', 'openreview', '--venue', VENUE],
      {
        ...crawl,
        EMPIRICA_OPENREVIEW_INTERVAL_MS: '50',
      },
    );
    expect(openreview.code).toBe(1);
    expect(logins).toBeGreaterThanOrEqual(2);
    const refused = await runCommand(
      'crawl openreview (login refused)',
      ['crawl', 'openreview', '--venue', VENUE],
      {
        ...crawl,
        OPENREVIEW_PASSWORD: `${SECRETS.OPENREVIEW_PASSWORD}-wrong`,
        EMPIRICA_OPENREVIEW_INTERVAL_MS: '50',
      },
    );
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/login/i);

    // db status, and connections that fail: nothing listening, and a server that refuses the login.
    const noNeo4jHome = path.join(os.tmpdir(), `empirica-chaos-no-neo4j-${hex()}`);
    await runCommand('db status', ['db', 'status'], { ...SECRET_ENV, EMPIRICA_NEO4J_HOME: noNeo4jHome });
    await runCommand('db status --json', ['db', 'status', '--json'], {
      ...SECRET_ENV,
      EMPIRICA_NEO4J_HOME: noNeo4jHome,
    });
    const closedPort = await findFreePort();
    const unreachable = await runCommand('migrate (nothing listening)', ['migrate'], {
      ...SECRET_ENV,
      NEO4J_URI: `bolt://127.0.0.1:${closedPort}`,
      NEO4J_CONNECT_TIMEOUT_MS: '2000',
    });
    expect(unreachable.code).toBe(1);
    const bolt = await fakeBolt();
    try {
      const unauthorized = await runCommand('migrate (login refused)', ['migrate'], {
        ...SECRET_ENV,
        NEO4J_URI: `bolt://127.0.0.1:${bolt.port}`,
        NEO4J_CONNECT_TIMEOUT_MS: '3000',
      });
      expect(unauthorized.code).toBe(1);
      // The password did flow through the configuration and the driver to the server.
      expect(bolt.received().includes(Buffer.from(SECRETS.NEO4J_PASSWORD))).toBe(true);
    } finally {
      await bolt.close();
    }

    // Configuration errors around valid secrets.
    const config = await runCommand('config errors', ['migrate'], {
      ...SECRET_ENV,
      NEO4J_URI: 'http://not-bolt',
      EMPIRICA_PORT: 'ninety',
      EMPIRICA_HTTP_TIMEOUT_MS: '-1',
    });
    expect(config.code).toBe(78);

    const hits = grep(captured);
    expect(hits.list, hits.list.join('\n')).toEqual([]);
    expect(hits.bytes).toBeGreaterThan(10_000);
  });

  it('should not print an API key that is too short in the configuration error', async () => {
    // A 15-character key: invalid (at least 16), and still a secret.
    const short = `k-${hex().slice(0, 13)}`;
    const run = await runCommand('config: short API key', ['migrate'], {
      ...SECRET_ENV,
      EMPIRICA_API_KEY: short,
    });
    expect(run.code).toBe(78);
    expect(run.output).toMatch(/EMPIRICA_API_KEY/);
    expect(run.output).not.toContain(short);
    expect(run.output).not.toContain(short.slice(2));
  });
});

function grep(runs: readonly Captured[]): { list: string[]; bytes: number } {
  const list: string[] = [];
  let bytes = 0;
  for (const run of runs) {
    bytes += Buffer.byteLength(run.output);
    for (const { secret, form, text } of leakForms()) {
      if (run.output.includes(text)) list.push(`${run.name}: ${secret} (${form})`);
    }
  }
  return { list, bytes };
}
