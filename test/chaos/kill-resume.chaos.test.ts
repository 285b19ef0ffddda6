/**
 * Kill and resume (issue 10, part 1). The real CLI runs as a child process (`node bin/empirica.js …`) and
 * is SIGKILLed 20 times at random points (a seeded PRNG draws each delay within the duration of an
 * uninterrupted run), each time restarted; the last restart runs to its end. Proves, for an OAI-PMH harvest
 * of a 24-page window served on 127.0.0.1 and for `empirica ingest` of a large JSON Lines file:
 *   - the final graph is exactly the graph of an uninterrupted run (fingerprint: papers' properties,
 *     bylines with positions, authors, categories, citations with contexts and sources, tags with source,
 *     confidence and evidence; write-time clock stamps left out);
 *   - 0 papers lost, 0 duplicated (one Paper node per arXiv id), authors unique by key, no two
 *     relationships of one type between the same two nodes;
 *   - the harvest resumes: every restart asks first for the page its checkpoint names (nothing redone but
 *     the page a kill interrupted), and the 12 damaged records are reported by id on stderr;
 *   - the ingest reports its bad lines by line number once it finishes.
 * A run that ends by itself before its kill closes a cycle: its graph is checked the same way, then reset,
 * and the killing goes on (only kills that hit a running process count). Figures: `.data/chaos/`.
 */
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointRepository } from '../../src/graph/checkpoint.repository.js';
import type { Graph } from '../../src/graph/driver.js';
import { crawlEnv, testDatabaseEnv } from '../helpers/cli.js';
import { FixtureServer } from '../helpers/fixture-server.js';
import { connectTestGraph, deletePapers, TestScope } from '../helpers/neo4j.js';
import { recordFigures } from './figures.js';
import { fingerprint, type Integrity, integrity, type PaperPrint } from './kill-resume.graph.js';
import { type ChildRun, killLiveChildren, killLoop, runCliChild } from './kill-resume.harness.js';
import { writeSyntheticJsonl } from './kill-resume.jsonl.js';
import { buildOaiWindow, harvestArgs, oaiWindowHandler, pageIndexOf } from './oai-window.js';

const KILLS = 20;
const MAX_RUNS = 60;
const WARM_UP_RUNS = 2;
/** CHAOS_SEED replays another sequence of kill delays. */
const SEED = Number(process.env.CHAOS_SEED ?? 0x6b11);
/** Politeness interval of the harvest (arXiv's is 3 s). */
const HARVEST_INTERVAL_MS = 50;
/** Papers of the JSON Lines file: an uninterrupted `ingest` of it takes ~5 s here (warm database). */
const JSONL_PAPERS = 3000;

const log = (line: string) => process.stderr.write(`[kill-resume] ${line}\n`);

let graph: Graph;

beforeAll(async () => {
  graph = await connectTestGraph('chaos-kill-resume');
});

afterAll(async () => {
  killLiveChildren();
  await graph?.close();
});

const logRun = (run: ChildRun, detail: string) =>
  log(
    `run ${run.index}: ${run.killed ? `killed at ${run.killAfterMs} ms` : `ended (code ${run.code}) after ${run.ms} ms`}` +
      `${run.killAfterMs !== undefined && !run.killed ? `, before its kill at ${run.killAfterMs} ms` : ''}; ${detail}`,
  );

/** The JSON summary a command prints last on stdout. */
function summaryOf(run: ChildRun): Record<string, unknown> {
  const last = run.stdout.trim().split('\n').at(-1) ?? '';
  return last.startsWith('{') ? (JSON.parse(last) as Record<string, unknown>) : {};
}

/**
 * The records a crawl's stderr reports as skipped (`skipped oai:arXiv.org:<id>: reason`), by arXiv id; not
 * the window itself (`skipped arxiv-oai:…: window already harvested`, after a kill past its last page).
 */
function skippedIds(stderr: string): string[] {
  const ids = [...stderr.matchAll(/^skipped (?:oai:arXiv\.org:)?(?!arxiv-oai:)(\S+): /gm)].map(
    (m) => m[1] as string,
  );
  return [...new Set(ids)].sort();
}

/** The graph of these papers equals the uninterrupted run's: same fingerprint, same counts, 0 lost, 0 duplicated. */
async function expectSameGraph(
  graph: Graph,
  ids: readonly string[],
  reference: readonly PaperPrint[],
  referenceCounts: Integrity,
): Promise<void> {
  const final = await fingerprint(graph, ids);
  expect(final, firstDifference(final, reference)).toEqual(reference);
  const counts = await integrity(graph, ids);
  expect(counts).toEqual(referenceCounts);
  expect(counts).toMatchObject({
    lost: [],
    duplicatedPapers: 0,
    duplicatedAuthors: 0,
    duplicatedRelationships: 0,
  });
}

/** The first differing paper of two fingerprints, for a readable failure. */
function firstDifference(actual: readonly PaperPrint[], expected: readonly PaperPrint[]): string {
  if (actual.length !== expected.length) return `${actual.length} papers instead of ${expected.length}`;
  const at = actual.findIndex((p, i) => JSON.stringify(p) !== JSON.stringify(expected[i]));
  return at < 0 ? 'none' : `${JSON.stringify(actual[at])}\ninstead of\n${JSON.stringify(expected[at])}`;
}

/**
 * The uninterrupted baseline: WARM_UP_RUNS + 1 runs to their end, each from an empty graph, all leaving the
 * same fingerprint; the last one is the measured run whose duration bounds the kill delays. The first
 * runs warm the database (planning, JIT), a start-up cost the restarts never pay again: measured cold,
 * the duration would stretch the kill delays past most restarts.
 */
async function uninterruptedBaseline(options: {
  args: readonly string[];
  env: Record<string, string | undefined>;
  code: number;
  reset: () => Promise<void>;
  print: () => Promise<PaperPrint[]>;
  afterRun?: () => void;
}): Promise<{ measured: ChildRun; warmUpMs: number[]; reference: PaperPrint[] }> {
  const prints: PaperPrint[][] = [];
  const runs: ChildRun[] = [];
  for (let i = 0; i <= WARM_UP_RUNS; i++) {
    await options.reset();
    const run = await runCliChild(options.args, options.env);
    expect(run.code, run.stderr).toBe(options.code);
    options.afterRun?.();
    runs.push(run);
    prints.push(await options.print());
  }
  const reference = prints.at(-1) as PaperPrint[];
  for (const print of prints) expect(print, firstDifference(print, reference)).toEqual(reference);
  return { measured: runs.at(-1) as ChildRun, warmUpMs: runs.slice(0, -1).map((run) => run.ms), reference };
}

describe('kill and resume', () => {
  it('should end an OAI-PMH harvest killed 20 times with exactly the graph of an uninterrupted run', async () => {
    const window = buildOaiWindow();
    const storedIds = window.storedIds;
    const allIds = [...window.storedIds, ...window.damagedIds];
    const checkpointId = `arxiv-oai:cs:cs:LG:${window.from}:${window.until}`;
    const checkpoints = new CheckpointRepository(graph);
    const server = await new FixtureServer().start();
    server.route('/oai', oaiWindowHandler(window));
    const args = harvestArgs(window);
    // A generous HTTP timeout: a retry on a busy machine would blur the count of pages each run asked for.
    const env = crawlEnv(server, {
      EMPIRICA_ARXIV_INTERVAL_MS: String(HARVEST_INTERVAL_MS),
      EMPIRICA_HTTP_TIMEOUT_MS: '30000',
    });
    const reset = async () => {
      await deletePapers(graph, { arxivIds: allIds });
      await checkpoints.remove(checkpointId);
    };
    let mark = 0;
    /** The OAI pages a run asked for, by page index, since the last call. */
    const pagesAsked = () => {
      const asked = server.requests
        .slice(mark)
        .filter((r) => r.path === '/oai')
        .map((r) => pageIndexOf(window, new URL(`http://x/oai?${r.query.toString()}`)));
      mark = server.requests.length;
      return asked;
    };

    try {
      let uninterruptedPages: number[] = [];
      const baseline = await uninterruptedBaseline({
        args,
        env,
        code: 0,
        reset,
        print: () => fingerprint(graph, storedIds),
        afterRun: () => {
          uninterruptedPages = pagesAsked();
        },
      });
      const { measured: uninterrupted, reference } = baseline;
      expect(uninterruptedPages).toEqual(window.pages.map((_, i) => i));
      expect(summaryOf(uninterrupted)).toMatchObject({
        pages: window.pages.length,
        records: storedIds.length,
        created: storedIds.length,
        skipped: window.damagedIds.length,
      });
      const referenceCounts = await integrity(graph, storedIds);
      expect(reference).toHaveLength(storedIds.length);
      expect(referenceCounts.tags).toBeGreaterThan(storedIds.length / 2);
      log(
        `uninterrupted harvest: ${[...baseline.warmUpMs, uninterrupted.ms].join(' → ')} ms; ${JSON.stringify(referenceCounts)}`,
      );

      /** The finished graph of a cycle equals the reference; its runs reported every damaged record. */
      const verify = async (cycle: readonly ChildRun[]) => {
        await expectSameGraph(graph, storedIds, reference, referenceCounts);
        const stderr = cycle.map((run) => run.stderr).join('\n');
        expect(skippedIds(stderr)).toEqual([...window.damagedIds].sort());
        const [extra] = await graph.read<{ n: number }>({
          text: 'UNWIND $ids AS id MATCH (p:Paper {arxivId: id}) RETURN count(p) AS n',
          params: { ids: window.damagedIds },
        });
        expect(extra?.n).toBe(0);
      };

      await reset();
      /** Per run: where its checkpoint stood before it, the pages it asked for, where it left it. */
      const ledger: Array<{
        run: number;
        killed: boolean;
        before: number | 'done';
        asked: number[];
        after: number | 'done';
      }> = [];
      let before: number | 'done' = 0;
      const result = await killLoop({
        args,
        env,
        kills: KILLS,
        windowMs: uninterrupted.ms,
        seed: SEED,
        maxRuns: MAX_RUNS,
        okCodes: [0],
        afterRun: async (run) => {
          await sleep(50); // a dead child's last request or commit, already on the wire, lands first
          const saved = await checkpoints.get<{ pages: number }>(checkpointId);
          const after: number | 'done' = saved?.status === 'done' ? 'done' : (saved?.state.pages ?? 0);
          const entry = { run: run.index, killed: run.killed, before, asked: pagesAsked(), after };
          ledger.push(entry);
          logRun(run, `checkpoint ${before} → ${after}, pages asked ${entry.asked.join(',') || 'none'}`);
          before = after;
        },
        onCycleEnd: async (cycle) => {
          await verify(cycle);
          await reset();
          before = 0;
        },
      });
      await verify(result.cycles.at(-1) ?? []);

      // Resumed, not redone: each run starts at its checkpoint's page and asks for every page in order
      // from there; a killed run asks for at most one page past the checkpoint it leaves.
      for (const entry of ledger) {
        const start = entry.before === 'done' ? window.pages.length : entry.before;
        const end = entry.after === 'done' ? window.pages.length : entry.after;
        const expected = Array.from({ length: end - start }, (_, i) => start + i);
        if (entry.killed)
          expect(entry.asked.slice(0, expected.length), JSON.stringify(entry)).toEqual(expected);
        else expect(entry.asked, JSON.stringify(entry)).toEqual(expected);
        expect(entry.asked.length, JSON.stringify(entry)).toBeLessThanOrEqual(expected.length + 1);
      }
      const resumed = ledger.filter((entry) => entry.before !== 0).length;
      expect(resumed).toBeGreaterThan(0);
      const killPhasePages = ledger.reduce((sum, entry) => sum + entry.asked.length, 0);
      const pagesRedone = killPhasePages - result.cycles.length * window.pages.length;
      expect(pagesRedone).toBeLessThanOrEqual(result.kills);
      const killed = ledger.filter((entry) => entry.killed);
      const killsWhere = {
        duringStartup: killed.filter((entry) => entry.asked.length === 0 && entry.before !== 'done').length,
        midWindow: killed.filter((entry) => entry.asked.length > 0 && entry.after !== 'done').length,
        afterLastPage: killed.filter((entry) => entry.after === 'done').length,
      };
      expect(server.unexpected).toEqual([]);

      recordFigures('kill-resume-oai', {
        command: `node bin/empirica.js ${args.join(' ')}`,
        seed: SEED,
        windowPages: window.pages.length,
        storedRecords: storedIds.length,
        damagedRecords: window.damagedIds.length,
        politenessIntervalMs: HARVEST_INTERVAL_MS,
        warmUpRunsMs: baseline.warmUpMs,
        uninterruptedMs: uninterrupted.ms,
        uninterruptedRequests: uninterruptedPages.length,
        kills: result.kills,
        runs: result.runs.length,
        missedKills: result.missed,
        cycles: result.cycles.length,
        killPhaseRequests: killPhasePages,
        pagesRedone,
        resumedRuns: resumed,
        killsWhere,
        requestsPerRun: ledger.map((entry) => entry.asked.length),
        firstPagePerRun: ledger.map((entry) => entry.asked[0] ?? null),
        killDelaysMs: result.runs.map((run) => run.killAfterMs ?? null),
        runMs: result.runs.map((run) => run.ms),
        killPhaseMs: result.runs.reduce((sum, run) => sum + run.ms, 0),
        papers: referenceCounts.papers,
        authors: referenceCounts.authors,
        tags: referenceCounts.tags,
        lost: 0,
        duplicated: 0,
      });
    } finally {
      killLiveChildren();
      await server.stop();
      await reset();
    }
  });

  it('should end a JSON Lines ingest killed 20 times with exactly the graph of an uninterrupted run', async () => {
    const scope = new TestScope(graph);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'empirica-kill-resume-'));
    const env = testDatabaseEnv();
    try {
      const file = path.join(dir, 'papers.jsonl');
      const generated = await writeSyntheticJsonl(file, {
        yymm: scope.yymm,
        tag: scope.tag,
        papers: JSONL_PAPERS,
        citationsPerPaper: 3,
        seed: SEED,
      });
      // Three bad lines at the end: reported by line number by every run that finishes.
      await appendFile(
        file,
        [
          JSON.stringify({ type: 'paper', arxivId: scope.arxiv(99_001), source: 'chaos-jsonl' }),
          '{"type":"paper",',
          JSON.stringify({
            type: 'citation',
            from: { arxivId: scope.arxiv(1) },
            to: { arxivId: scope.arxiv(1) },
            source: 'chaos-jsonl',
          }),
          '',
        ].join('\n'),
      );
      const badLines = [generated.lines + 1, generated.lines + 2, generated.lines + 3];
      const ids = generated.ids;
      const args = ['ingest', file];
      const reset = async () => {
        await scope.cleanup();
      };

      const baseline = await uninterruptedBaseline({
        args,
        env,
        code: 3,
        reset,
        print: () => fingerprint(graph, ids),
      });
      const { measured: uninterrupted, reference } = baseline;
      expect(summaryOf(uninterrupted)).toMatchObject({
        papers: ids.length,
        citations: generated.citations,
        problems: 3,
      });
      const referenceCounts = await integrity(graph, ids);
      expect(reference).toHaveLength(ids.length);
      expect(referenceCounts.citations).toBe(generated.citations);
      log(
        `uninterrupted ingest: ${[...baseline.warmUpMs, uninterrupted.ms].join(' → ')} ms; ${JSON.stringify(referenceCounts)}`,
      );

      const verify = async (cycle: readonly ChildRun[]) => {
        await expectSameGraph(graph, ids, reference, referenceCounts);
        expect(await scope.counts()).toMatchObject({ papers: ids.length, authors: referenceCounts.authors });
        const last = cycle.at(-1) as ChildRun;
        for (const line of badLines) expect(last.stderr).toContain(`${file}:${line} `);
      };

      await reset();
      const result = await killLoop({
        args,
        env,
        kills: KILLS,
        windowMs: uninterrupted.ms,
        seed: SEED + 1,
        maxRuns: MAX_RUNS,
        okCodes: [3],
        afterRun: async (run) => {
          logRun(run, `summary ${JSON.stringify(summaryOf(run))}`);
        },
        onCycleEnd: async (cycle) => {
          await verify(cycle);
          await reset();
        },
      });
      await verify(result.cycles.at(-1) ?? []);

      recordFigures('kill-resume-jsonl', {
        command: 'node bin/empirica.js ingest FILE',
        seed: SEED + 1,
        fileLines: generated.lines + 3,
        fileBytes: generated.bytes,
        papers: referenceCounts.papers,
        authors: referenceCounts.authors,
        citations: referenceCounts.citations,
        tags: referenceCounts.tags,
        warmUpRunsMs: baseline.warmUpMs,
        uninterruptedMs: uninterrupted.ms,
        kills: result.kills,
        runs: result.runs.length,
        missedKills: result.missed,
        cycles: result.cycles.length,
        killDelaysMs: result.runs.map((run) => run.killAfterMs ?? null),
        runMs: result.runs.map((run) => run.ms),
        killPhaseMs: result.runs.reduce((sum, run) => sum + run.ms, 0),
        lost: 0,
        duplicated: 0,
      });
    } finally {
      killLiveChildren();
      await scope.cleanup();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
