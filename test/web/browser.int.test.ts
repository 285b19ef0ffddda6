/**
 * The web page in a real browser (Debian's Chromium, headless, driven by playwright-core) against the API
 * server on the landmark corpus: search → open a landmark paper (tags with evidence) → its follow-up chain
 * drawn with exactly the papers `followUps` returns → a contribution-type filter changes it as the API says
 * → a BibTeX download of the chain → re-root by clicking a node → a citation path between two papers.
 * Every expectation is the API's own answer to the same question. EMPIRICA_SCREENSHOTS=1 also writes
 * docs/screenshots/*.png (1280×800).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLandmarkCorpus } from '../../cli/tag.command.js';
import { buildWeb } from '../../scripts/build-web.js';
import { type Api, createApi } from '../../src/api/yoga.js';
import { PROJECT_ROOT } from '../../src/config.js';
import type { Graph } from '../../src/graph/driver.js';
import { PaperRepository } from '../../src/graph/paper.repository.js';
import { loadLandmarks } from '../../src/tagging/corpus.js';
import { loadTagger } from '../../src/tagging/tagger.js';
import { taxonomies } from '../../src/tagging/taxonomy.js';
import { connectTestGraph, deletePapers } from '../helpers/neo4j.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const ROOT_ID = '1611.03530';
const ROOT_TITLE = 'Understanding deep learning requires rethinking generalization';
/** The citing sentence the test gives one follow-up's citation of the root (the corpus has none). */
const SENTENCE = 'Following Zhang et al. (web-test), we fit random labels to probe memorization.';
const SCREENSHOTS = process.env.EMPIRICA_SCREENSHOTS === '1';
const SHOTS_DIR = path.join(PROJECT_ROOT, 'docs', 'screenshots');

let graph: Graph;
let api: Api;
let server: Server;
let base: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let webDir: string;
const problems: string[] = [];
/** The follow-up whose citation of the root carries SENTENCE. */
let sentenceKey: string;
/** Every request the page sent to the API (to see that a second download sends none). */
let apiRequests = 0;

/**
 * Console messages that are not the page's fault, each matched exactly. None is known today: cytoscape's
 * "custom wheel sensitivity" warning is gone with the setting that caused it.
 */
const TOLERATED_CONSOLE: readonly RegExp[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser tests need Chromium at ${CHROMIUM} (Debian: apt-get install chromium); it is missing.`,
    );
  }
  webDir = await mkdtemp(path.join(os.tmpdir(), 'empirica-web-'));
  await buildWeb({ outDir: webDir });
  graph = await connectTestGraph('web-test');
  await loadLandmarkCorpus(graph, loadTagger());
  api = createApi({ graph, version: 'web-test', webDir });
  // One citing sentence, on the first follow-up of the root (the one the tooltip test hovers).
  const [first] = (await followUps(ROOT_ID)).papers.filter((p) => p.hops === 1);
  if (!first?.paper.arxivId) throw new Error('the root has no follow-up with an arXiv id');
  sentenceKey = first.paper.key;
  const linked = await new PaperRepository(graph).linkCitations([
    {
      from: { arxivId: first.paper.arxivId },
      to: { arxivId: ROOT_ID },
      contexts: [SENTENCE],
      source: 'web-test',
    },
  ]);
  expect(linked.rejected).toEqual([]);
  server = createServer(api);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    const type = message.type();
    if (type !== 'error' && type !== 'warning') return;
    const text = message.text();
    if (TOLERATED_CONSOLE.some((pattern) => pattern.test(text))) return;
    problems.push(`console ${type}: ${text}`);
  });
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/graphql') apiRequests++;
  });
  if (SCREENSHOTS) await mkdir(SHOTS_DIR, { recursive: true });
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (graph) {
    await deletePapers(graph, { arxivIds: loadLandmarks(taxonomies()).map((p) => p.arxivId) });
    await graph.close();
  }
  if (webDir) await rm(webDir, { recursive: true, force: true });
});

/** The API's answer to a query, in-process (the expectations). */
async function ask<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await api.fetch('http://api/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data as T;
}

interface TreePaper {
  key: string;
  arxivId: string | null;
  title: string | null;
  stub: boolean;
}

interface TreeAnswer {
  root: TreePaper;
  papers: Array<{ hops: number; paper: TreePaper; path: TreePaper[]; contexts: string[] }>;
}

async function followUps(id: string, filter: Record<string, unknown> | null = null): Promise<TreeAnswer> {
  const data = await ask<{ followUps: TreeAnswer }>(
    `query($id: String!, $filter: PaperFilter) { followUps(paper: $id, depth: 2, first: 10, filter: $filter) {
      root { key arxivId title stub } papers { hops contexts paper { key arxivId title stub } path { key arxivId title stub } } } }`,
    { id, filter },
  );
  return data.followUps;
}

/** What the page should draw for a tree: the root, the papers returned, and the papers on their paths. */
function expectedNodes(tree: TreeAnswer): string[] {
  const keys = new Set([tree.root.key]);
  for (const p of tree.papers) for (const step of p.path) keys.add(step.key);
  return [...keys].sort();
}

interface DrawnGraph {
  nodes: string[];
  matching: string[];
  root: string[];
  edges: Array<[string, string]>;
}

/** Waits until the view named by `hash` finished loading, then reads the cytoscape graph on screen. */
async function settled(hashPart: string): Promise<void> {
  await page.waitForFunction(
    (part) => {
      const hook = (globalThis as unknown as { __empirica?: { hash: string; state: string } }).__empirica;
      if (hook === undefined || hook.state === 'loading') return false;
      return decodeURIComponent(hook.hash.replaceAll('+', ' ')).includes(part);
    },
    hashPart,
    { timeout: 15_000 },
  );
  const state = await page.evaluate(
    () => (globalThis as unknown as { __empirica: { state: string } }).__empirica.state,
  );
  const alert = (await page.locator('[role=alert]').allTextContents()).join(' ');
  expect(state, alert).toBe('ready');
}

async function drawn(): Promise<DrawnGraph> {
  return await page.evaluate(() => {
    type Element = { id(): string; data(name: string): string; hasClass(name: string): boolean };
    type Collection = { map<T>(f: (e: Element) => T): T[]; not(selector: string): Collection };
    const cy = (
      globalThis as unknown as {
        __empirica: { cy: { nodes(s?: string): Collection; edges(): Collection } | null };
      }
    ).__empirica.cy;
    if (!cy) return { nodes: [], matching: [], root: [], edges: [] };
    return {
      nodes: cy
        .nodes()
        .map((n) => n.id())
        .sort(),
      matching: cy
        .nodes()
        // Not the selector `:not(.unmatched)`: cytoscape finds it invalid, warns, and matches every node.
        .not('.unmatched')
        .map((n) => n.id())
        .sort(),
      root: cy.nodes('.root').map((n) => n.id()),
      edges: cy.edges().map((e) => [e.data('source'), e.data('target')] as [string, string]),
    };
  });
}

async function tableKeys(): Promise<string[]> {
  return (
    await page
      .locator('.chain-table tbody tr')
      .evaluateAll((rows) => rows.map((row) => (row as unknown as { dataset: { key: string } }).dataset.key))
  ).sort();
}

/** Lets the page paint twice (cytoscape maps pointer events through the container's position). */
async function nextFrames(): Promise<void> {
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
}

/** Clicks a download button of a view (`.chain`, `.results`) and returns the file's text. */
async function downloadFrom(
  view: string,
  format: 'bibtex' | 'graphml' | 'jsonl',
): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator(`${view} .export-bar button[data-format="${format}"]`).click(),
  ]);
  const text = await readFile(await download.path(), 'utf8');
  // The buttons come back once the status says what was saved.
  await expect.poll(() => page.locator(`${view} .export-status`).textContent()).toMatch(/saved\./);
  return { name: download.suggestedFilename(), text };
}

const downloadChain = (format: 'bibtex' | 'graphml' | 'jsonl') => downloadFrom('.chain', format);

/** The lines of a JSON Lines file. */
function jsonLines(text: string): Array<Record<string, unknown>> {
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

interface AmongEdge {
  citing: { key: string };
  cited: { key: string };
  contexts: string[];
  addedAt: string | null;
}

async function citationsAmong(keys: readonly string[]): Promise<AmongEdge[]> {
  const data = await ask<{ citationsAmong: AmongEdge[] }>(
    'query ($keys: [String!]!) { citationsAmong(papers: $keys) { citing { key } cited { key } contexts addedAt } }',
    { keys },
  );
  return data.citationsAmong;
}

async function shot(name: string): Promise<void> {
  if (SCREENSHOTS) await page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`) });
}

/** A screenshot of one element (its full height, however long). */
async function shotOf(selector: string, name: string): Promise<void> {
  if (SCREENSHOTS) await page.locator(selector).screenshot({ path: path.join(SHOTS_DIR, `${name}.png`) });
}

describe('the web page in Chromium', () => {
  let unfiltered: TreeAnswer;

  it('should serve the page at / and find the landmark paper by searching', async () => {
    await page.goto(`${base}/`);
    await expect.poll(() => page.title()).toBe('Empirica');
    await page.getByLabel('Search papers').fill('rethinking generalization');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await settled('q=rethinking generalization');
    const result = page.getByRole('link', { name: ROOT_TITLE, exact: true });
    await expect.poll(() => result.count()).toBe(1);
    // The facets count what the API counts for the same search.
    const { search } = await ask<{
      search: { totalCount: number; facets: { contributionTypes: Array<{ value: string; count: number }> } };
    }>(
      '{ search(query: "rethinking generalization", first: 1) { totalCount facets { contributionTypes { value count } } } }',
    );
    expect(await page.locator('.result-count').textContent()).toContain(`${search.totalCount} paper`);
    const facetTexts = await page.locator('.facet').first().locator('.facet-option').allTextContents();
    expect(facetTexts.map((t) => Number(/\((\d+)\)/.exec(t)?.[1]))).toEqual(
      search.facets.contributionTypes.map((c) => c.count),
    );
    await shot('search');
    // The result as JSON Lines: its papers and every citation among them, as the API has them.
    const { text } = await downloadFrom('.results', 'jsonl');
    const lines = jsonLines(text);
    const keys = lines.filter((l) => l.type === 'paper').map((l) => l.key as string);
    expect(keys).toHaveLength(search.totalCount);
    const among = await citationsAmong(keys);
    const cites = (l: Record<string, unknown>) =>
      `arxiv:${(l.from as { arxivId: string }).arxivId}>arxiv:${(l.to as { arxivId: string }).arxivId}`;
    expect(
      lines
        .filter((l) => l.type === 'citation')
        .map(cites)
        .sort(),
    ).toEqual(among.map((e) => `${e.citing.key}>${e.cited.key}`).sort());
    await result.click();
    await settled(`/paper/${ROOT_ID}`);
  });

  it('should show the paper with its tags and their evidence', async () => {
    expect(await page.locator('#paper-title').textContent()).toBe(ROOT_TITLE);
    const { paper } = await ask<{
      paper: { tags: Array<{ label: string; evidence: string | null; source: string }> };
    }>(`{ paper(id: "${ROOT_ID}") { tags { label evidence source } } }`);
    expect(paper.tags.length).toBeGreaterThan(0);
    for (const tag of paper.tags) {
      const item = page.locator(`.tag[data-label="${tag.label}"]`);
      expect(await item.count(), tag.label).toBe(1);
      const text = await item.textContent();
      if (tag.evidence) expect(text).toContain(tag.evidence);
      expect(text).toContain(tag.source);
    }
    await shot('paper');
  });

  it('should draw the follow-up chain with exactly the papers the API returns, and list them', async () => {
    unfiltered = await followUps(ROOT_ID);
    expect(unfiltered.papers.length).toBeGreaterThan(0);
    await page.locator('#chain-followups').click();
    await settled(`/paper/${ROOT_ID}?view=followups`);
    const graphNow = await drawn();
    expect(graphNow.nodes).toEqual(expectedNodes(unfiltered));
    expect(graphNow.root).toEqual([unfiltered.root.key]);
    // A tree: one edge per paper but the root, each between two drawn papers.
    expect(graphNow.edges).toHaveLength(graphNow.nodes.length - 1);
    expect(await tableKeys()).toEqual(unfiltered.papers.map((p) => p.paper.key).sort());
    // The graph is an image named for screen readers; the table holds its citing sentences.
    expect(await page.getByRole('img', { name: /^Citation graph of the chain/ }).count()).toBe(1);
    expect(await page.locator('.chain-table thead th').last().textContent()).toBe('Citing sentences');
    expect(unfiltered.papers.find((p) => p.paper.key === sentenceKey)?.contexts).toEqual([SENTENCE]);
    for (const p of unfiltered.papers) {
      const cell = page.locator(`.chain-table tbody tr[data-key="${p.paper.key}"] td.contexts`);
      const text = (await cell.textContent()) ?? '';
      if (p.contexts.length === 0) expect(text, p.paper.key).toBe('No citing sentence recorded.');
      else {
        expect(text, p.paper.key).toContain(`${p.contexts.length} sentence`);
        for (const sentence of p.contexts) expect(text).toContain(sentence);
      }
    }
    // The sentence is folded in a <details>: opened from the keyboard, it shows.
    const summary = page.locator(`.chain-table tbody tr[data-key="${sentenceKey}"] td.contexts summary`);
    await summary.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByText(SENTENCE, { exact: true }).isVisible()).toBe(true);
    await shotOf('#chain .table-wrap', 'chain-table');
    // Hovering an edge shows its citing sentences, or says none was recorded (screenshot meanwhile).
    const edgePaper = unfiltered.papers.find((p) => p.hops === 1);
    if (!edgePaper) throw new Error('no paper one hop out');
    await page
      .locator('#chain')
      .evaluate((element) =>
        (element as unknown as { scrollIntoView(o: object): void }).scrollIntoView({ block: 'start' }),
      );
    await nextFrames();
    const midpoint = await page.evaluate((id) => {
      const cy = (
        globalThis as unknown as {
          __empirica: { cy: { $id(id: string): { renderedMidpoint(): { x: number; y: number } } } };
        }
      ).__empirica.cy;
      return cy.$id(id).renderedMidpoint();
    }, `${edgePaper.paper.key}->${unfiltered.root.key}`); // the edge citing → cited
    const canvas = await page.locator('#chain-graph .graph-canvas').boundingBox();
    if (!canvas) throw new Error('the graph canvas has no box');
    await page.mouse.move(canvas.x + midpoint.x, canvas.y + midpoint.y);
    const tooltip = page.locator('#chain-graph .graph-tooltip');
    await expect.poll(() => tooltip.isVisible()).toBe(true);
    const tip = (await tooltip.textContent()) ?? '';
    if (edgePaper.contexts.length === 0) expect(tip).toContain('No citing sentence recorded.');
    else for (const sentence of edgePaper.contexts) expect(tip).toContain(sentence);
    await shot('chain');
    // Leaving the graph hides the tooltip.
    await page.mouse.move(canvas.x + canvas.width / 2, canvas.y - 30);
    await expect.poll(() => tooltip.isVisible()).toBe(false);

    // Sorting the table by year keeps the same papers, newest first.
    await page.locator('button[data-sort="year"]').click();
    expect(await tableKeys()).toEqual(unfiltered.papers.map((p) => p.paper.key).sort());
    const years = await page.locator('.chain-table tbody tr td:nth-child(3)').allTextContents();
    const numbers = years.filter((y) => y !== '–').map(Number);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
  });

  it('should download the chain with every citation among its papers, fetching them once', async () => {
    const graphNow = await drawn();
    const among = await citationsAmong(graphNow.nodes);
    const expected = among.map((e) => `${e.citing.key}>${e.cited.key}`).sort();
    // More than the tree's edges, or the test proves nothing: the CLI exports them all, and so must the page.
    expect(expected.length).toBeGreaterThan(graphNow.edges.length);
    for (const [from, to] of graphNow.edges) expect(expected).toContain(`${from}>${to}`);

    const jsonl = await downloadChain('jsonl');
    expect(jsonl.name).toMatch(/\.jsonl$/);
    const lines = jsonLines(jsonl.text);
    const citations = lines.filter((l) => l.type === 'citation') as Array<{
      from: { arxivId: string };
      to: { arxivId: string };
      contexts: string[];
      addedAt?: string;
    }>;
    expect(citations.map((c) => `arxiv:${c.from.arxivId}>arxiv:${c.to.arxivId}`).sort()).toEqual(expected);
    for (const c of citations) {
      const edge = among.find(
        (e) => e.citing.key === `arxiv:${c.from.arxivId}` && e.cited.key === `arxiv:${c.to.arxivId}`,
      );
      expect(c.contexts).toEqual(edge?.contexts);
      expect(c.addedAt).toBe(edge?.addedAt ?? undefined);
    }
    expect(citations.some((c) => c.contexts.includes(SENTENCE))).toBe(true);
    expect(lines[0]).toMatchObject({ type: 'header', counts: { citations: expected.length } });
    expect(await page.locator('.chain .export-status').textContent()).toContain(
      `${graphNow.nodes.length} papers, ${expected.length} citations saved.`,
    );

    // A second format comes from the same data: no request to the API.
    const before = apiRequests;
    const graphml = await downloadChain('graphml');
    expect(apiRequests).toBe(before);
    const edges = [...graphml.text.matchAll(/<edge id="e\d+" source="([^"]+)" target="([^"]+)">/g)].map(
      (m) => `${m[1]}>${m[2]}`,
    );
    expect(edges.sort()).toEqual(expected);
  });

  it('should change the chain as the API does when a contribution-type filter is set', async () => {
    const filter = { contributionTypes: ['FALSIFICATION'] };
    const filtered = await followUps(ROOT_ID, filter);
    // The filter must make a difference on this corpus, or the test proves nothing.
    expect(filtered.papers.map((p) => p.paper.key).sort()).not.toEqual(
      unfiltered.papers.map((p) => p.paper.key).sort(),
    );
    await page.locator('#chain-ct-FALSIFICATION').check();
    await settled('ct=FALSIFICATION');
    const graphNow = await drawn();
    expect(graphNow.nodes).toEqual(expectedNodes(filtered));
    expect(graphNow.matching).toEqual([filtered.root.key, ...filtered.papers.map((p) => p.paper.key)].sort());
    expect(await tableKeys()).toEqual(filtered.papers.map((p) => p.paper.key).sort());

    // The chain as BibTeX: one entry per drawn paper that is not a stub (a new view: fetched afresh).
    const { name, text: bibtex } = await downloadChain('bibtex');
    expect(name).toMatch(/\.bib$/);
    const drawnPapers = new Map<string, TreePaper>([[filtered.root.key, filtered.root]]);
    for (const p of filtered.papers) for (const step of p.path) drawnPapers.set(step.key, step);
    const nodes = [...drawnPapers.values()];
    const entries = nodes.filter((p) => !p.stub && p.title);
    expect(bibtex.match(/^@\w+\{/gm) ?? []).toHaveLength(entries.length);
    for (const paper of entries) if (paper.arxivId) expect(bibtex).toContain(`eprint = {${paper.arxivId}}`);
  });

  it('should re-root the chain on a click on a node, keeping the settings in the URL', async () => {
    const graphNow = await drawn();
    const target = graphNow.matching.find((key) => key !== graphNow.root[0]);
    expect(target).toBeDefined();
    // Scroll first and let a frame pass: cytoscape maps pointer events through the container's position.
    await page.locator('#chain-graph').scrollIntoViewIfNeeded();
    await nextFrames();
    const position = await page.evaluate((key) => {
      const cy = (
        globalThis as unknown as {
          __empirica: { cy: { $id(id: string): { renderedPosition(): { x: number; y: number } } } };
        }
      ).__empirica.cy;
      return cy.$id(key).renderedPosition();
    }, target as string);
    const box = await page.locator('#chain-graph .graph-canvas').boundingBox();
    if (!box) throw new Error('the graph canvas has no box');
    await page.mouse.move(box.x + position.x, box.y + position.y);
    await page.mouse.click(box.x + position.x, box.y + position.y);
    const arxivId = (target as string).replace(/^arxiv:/, '');
    await settled(`/paper/${arxivId}?view=followups`);
    expect(page.url()).toContain(`#/paper/${arxivId}?view=followups&ct=FALSIFICATION`);
    const rerooted = await drawn();
    expect(rerooted.root).toEqual([target]);
    expect(rerooted.nodes).toEqual(
      expectedNodes(await followUps(arxivId, { contributionTypes: ['FALSIFICATION'] })),
    );
    // The back button returns to the previous root.
    await page.goBack();
    await settled(`/paper/${ROOT_ID}?view=followups`);
    expect((await drawn()).root).toEqual([unfiltered.root.key]);
  });

  it('should fade the papers that only lead to matching ones, and link each of them from the table', async () => {
    // From 2022 on, some follow-ups of 2022 cite the root through older papers: those are drawn faded.
    const filtered = await followUps(ROOT_ID, { yearFrom: 2022 });
    await page.goto(`${base}/#/paper/${ROOT_ID}?view=followups&from=2022`);
    await settled(`/paper/${ROOT_ID}?view=followups&from=2022`);
    const graphNow = await drawn();
    expect(graphNow.nodes).toEqual(expectedNodes(filtered));
    expect(graphNow.matching).toEqual([filtered.root.key, ...filtered.papers.map((p) => p.paper.key)].sort());
    expect(await tableKeys()).toEqual(filtered.papers.map((p) => p.paper.key).sort());
    const faded = graphNow.nodes.filter((key) => !graphNow.matching.includes(key));
    expect(faded.length).toBeGreaterThan(0);
    // Each is a link in the "via" of a row, to its own chain: the keyboard reaches all the graph shows.
    const links = await page
      .locator('.chain-table .via a')
      .evaluateAll((anchors) =>
        anchors.map((a) => (a as unknown as { getAttribute(name: string): string }).getAttribute('href')),
      );
    for (const key of faded) {
      const id = key.replace(/^arxiv:/, '');
      expect(links, key).toContain(`#/paper/${id}?view=followups&from=2022`);
    }
  });

  it('should draw the citation paths between two papers', async () => {
    const far = unfiltered.papers.find((p) => p.hops === 2 && p.paper.arxivId);
    if (!far?.paper.arxivId) throw new Error('the chain has no paper two hops out');
    const { citationPaths } = await ask<{
      citationPaths: {
        length: number;
        paths: Array<{ papers: Array<{ key: string }>; edges: Array<{ contexts: string[] }> }>;
      };
    }>(
      `{ citationPaths(from: "${ROOT_ID}", to: "${far.paper.arxivId}", maxLength: 4, first: 5) {
        length paths { papers { key } edges { contexts } } } }`,
    );
    expect(citationPaths.length).toBeGreaterThanOrEqual(1);
    await page.getByRole('link', { name: 'Citation paths' }).click();
    await page.getByLabel('From (the older paper)').fill(ROOT_ID);
    await page.getByLabel('To (the newer paper)').fill(far.paper.arxivId);
    await page.getByRole('button', { name: 'Find paths' }).click();
    await settled(`/path/${ROOT_ID}/${far.paper.arxivId}`);
    const graphNow = await drawn();
    const keys = new Set(citationPaths.paths.flatMap((p) => p.papers.map((q) => q.key)));
    expect(graphNow.nodes).toEqual([...keys].sort());
    expect(graphNow.root).toEqual([`arxiv:${ROOT_ID}`]);
    expect(await page.locator('.paths > li').count()).toBe(citationPaths.paths.length);
    expect(await page.getByRole('img', { name: /^Citation paths/ }).count()).toBe(1);
    // Under each later paper of a chain, the sentences in which it cites the one above, or a word that
    // there are none.
    const steps = await page
      .locator('.paths > li')
      .evaluateAll((items) =>
        items.map((item) =>
          Array.from(
            (
              item as unknown as { querySelectorAll(s: string): ArrayLike<{ textContent: string }> }
            ).querySelectorAll('.path-step'),
            (step) => step.textContent,
          ),
        ),
      );
    citationPaths.paths.forEach((path, i) => {
      expect(steps[i]).toHaveLength(path.edges.length);
      path.edges.forEach((edge, j) => {
        const text = steps[i]?.[j] ?? '';
        if (edge.contexts.length === 0) expect(text).toContain('(no citing sentence recorded)');
        else for (const sentence of edge.contexts) expect(text).toContain(sentence);
      });
    });
    await shot('path');
    await shotOf('.paths', 'path-list');
  });

  it('should have raised no error and no warning in the page', () => {
    expect(problems).toEqual([]);
  });
});
