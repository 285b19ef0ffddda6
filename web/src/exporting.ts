/**
 * Downloads built in the browser: the papers on screen (a search result, a chain, a path) fetched in full
 * through the public API with every citation among them (`citationsAmong`, as the CLI's export of the same
 * selection), mapped to an ExportBundle, written by src/exchange/formats.ts, saved as a file. A view
 * fetches its export data once, whatever the formats asked for. The whole graph is exported by the
 * command line only.
 */
import type { ExportBundle, ExportFormat } from '../../src/exchange/model.js';
import { h } from './dom.js';
import { renderExport } from './formats.js';
import { gql } from './graphql.js';
import { amongBatches, toExportBundle } from './model.js';
import {
  AMONG_MAX,
  type AmongAnswer,
  type AmongEdge,
  CITATIONS_AMONG,
  EXPORT_BATCH,
  exportNodesQuery,
  type NodesAnswer,
  type PaperExportFields,
  SEARCH_EXPORT,
  SEARCH_EXPORT_MAX,
  type SearchExportAnswer,
} from './queries.js';

export const FORMAT_NAMES: ReadonlyArray<{ readonly format: ExportFormat; readonly name: string }> = [
  { format: 'bibtex', name: 'BibTeX' },
  { format: 'csv', name: 'CSV' },
  { format: 'graphml', name: 'GraphML' },
  { format: 'jsonl', name: 'JSON Lines' },
];

/** Papers by the API's global ids, in batches the API's cost limit admits. */
export async function fetchPapers(ids: readonly string[]): Promise<PaperExportFields[]> {
  const papers: PaperExportFields[] = [];
  for (let i = 0; i < ids.length; i += EXPORT_BATCH) {
    const answer = await gql<NodesAnswer>(exportNodesQuery(ids.slice(i, i + EXPORT_BATCH)));
    for (const node of answer.nodes) if (node && typeof node.key === 'string') papers.push(node);
  }
  return papers;
}

type Ask = <T>(query: string, variables: Record<string, unknown>) => Promise<T>;
const askApi: Ask = (query, variables) => gql(query, variables);

/**
 * Every citation among the papers (graph keys): one `citationsAmong` call up to AMONG_MAX keys, else one
 * per pair of chunks (model.ts amongBatches). Edges found twice come back twice; toExportBundle keeps one.
 */
export async function fetchCitationsAmong(keys: readonly string[], ask: Ask = askApi): Promise<AmongEdge[]> {
  const edges: AmongEdge[] = [];
  for (const batch of amongBatches(keys, AMONG_MAX)) {
    const answer = await ask<AmongAnswer>(CITATIONS_AMONG, { papers: batch });
    edges.push(...answer.citationsAmong);
  }
  return edges;
}

/** Papers fetched in full, in `order` (graph keys; default: as fetched), with every citation among them. */
export async function bundleOf(
  papers: readonly PaperExportFields[],
  order?: readonly string[],
  ask: Ask = askApi,
): Promise<ExportBundle> {
  const citations = await fetchCitationsAmong(
    papers.map((p) => p.key),
    ask,
  );
  return toExportBundle(papers, citations, order);
}

/**
 * The first call runs `build`; later calls share its promise (a failure is forgotten, so the next call
 * tries again). A view's export bar lives as long as the view's data: a new answer renders a new bar.
 */
export function memoise<T>(build: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    if (!pending) {
      pending = build();
      pending.catch(() => {
        pending = undefined;
      });
    }
    return pending;
  };
}

/** Every paper of a search, page by page, up to SEARCH_EXPORT_MAX. */
export async function fetchSearch(
  query: string,
  filter: Record<string, unknown> | null,
): Promise<{ papers: PaperExportFields[]; complete: boolean }> {
  const papers: PaperExportFields[] = [];
  let after: string | null = null;
  for (;;) {
    const answer: SearchExportAnswer = await gql<SearchExportAnswer>(SEARCH_EXPORT, { query, filter, after });
    papers.push(...answer.search.edges.map((e) => e.node));
    const { hasNextPage, endCursor } = answer.search.pageInfo;
    if (!hasNextPage) return { papers, complete: true };
    if (papers.length >= SEARCH_EXPORT_MAX)
      return { papers: papers.slice(0, SEARCH_EXPORT_MAX), complete: false };
    after = endCursor;
  }
}

/** Saves text as a file through a temporary link (the browser's download). */
export function download(filename: string, text: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mime};charset=utf-8` }));
  const link = h('a', { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function saveBundle(
  bundle: ExportBundle,
  format: ExportFormat,
  basename: string,
  selection?: string,
): void {
  const { text, mime, extension } = renderExport(format, bundle, selection);
  download(`${basename}.${extension}`, text, mime);
}

/** File-name-safe text: `1611.03530 follow-ups` → `1611.03530-follow-ups`. */
export function fileStem(text: string): string {
  return (
    text
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'empirica'
  );
}

export interface ExportData {
  readonly bundle: ExportBundle;
  readonly basename: string;
  readonly selection?: string;
  readonly note?: string;
}

/**
 * A row of download buttons; `build` gathers the bundle (showing progress in `status`) the first time a
 * button is pressed, then every format is written from that bundle. Says where the whole graph is
 * exported.
 */
export function exportBar(what: string, build: () => Promise<ExportData>): HTMLElement {
  const data = memoise(build);
  const status = h('span', { class: 'export-status', role: 'status' });
  const buttons = FORMAT_NAMES.map(({ format, name }) => {
    const button = h('button', { type: 'button', class: 'secondary', 'data-format': format }, name);
    button.addEventListener('click', () => {
      for (const b of buttons) b.disabled = true;
      status.textContent = 'Preparing the file …';
      data()
        .then(({ bundle, basename, selection, note }) => {
          saveBundle(bundle, format, fileStem(basename), selection);
          status.textContent = `${bundle.papers.length} papers, ${bundle.citations.length} citations saved.${note ? ` ${note}` : ''}`;
        })
        .catch((error: unknown) => {
          status.textContent = `Export failed: ${error instanceof Error ? error.message : String(error)}`;
        })
        .finally(() => {
          for (const b of buttons) b.disabled = false;
        });
    });
    return button;
  });
  return h(
    'div',
    { class: 'export-bar', role: 'group', 'aria-label': `Download ${what}` },
    h('span', { class: 'export-label' }, `Download ${what}:`),
    ...buttons,
    status,
    h(
      'p',
      { class: 'hint' },
      'Built in your browser from what this page shows. The whole graph is exported from the command line only (',
      h('code', {}, 'npx empirica export'),
      ').',
    ),
  );
}
