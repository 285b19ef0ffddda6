/**
 * A paper's follow-up chain (or lineage): depth, papers per hop and filters; per-hop counts; the graph
 * (click a node to re-root); the same papers as a sortable table; downloads of the chain.
 */
import { hook, type IsCurrent, loadTaxonomy, navigate, type Taxonomy } from './app.js';
import { errorBox, field, h, loading, quotes, replace, yearRangeForm } from './dom.js';
import { bundleOf, exportBar, fetchPapers } from './exporting.js';
import { legend, showGraph } from './graph-panel.js';
import { gql } from './graphql.js';
import {
  type Chain,
  type ChainRow,
  chainOf,
  type NodeData,
  type SortDirection,
  type SortKey,
  sortRows,
} from './model.js';
import { type CitationTree, type TreeAnswer, treeQuery } from './queries.js';
import { formatRoute, MAX_DEPTH, type PaperRoute, paperRoute, toPaperFilter } from './route.js';

const PER_HOP_CHOICES = [5, 10, 20, 30, 50];

function select(
  id: string,
  values: readonly number[],
  current: number,
  change: (value: number) => void,
): HTMLSelectElement {
  const choices = values.includes(current) ? values : [...values, current].sort((a, b) => a - b);
  const element = h(
    'select',
    { id },
    ...choices.map((v) => h('option', { value: v, selected: v === current }, String(v))),
  );
  element.addEventListener('change', () => change(Number(element.value)));
  return element;
}

function checkboxes(
  legendText: string,
  prefix: string,
  options: readonly { slug: string; name: string }[],
  selected: readonly string[],
  change: (values: string[]) => void,
): HTMLElement {
  return h(
    'fieldset',
    { class: 'checks' },
    h('legend', {}, legendText),
    ...options.map((o) => {
      const id = `${prefix}-${o.slug}`;
      const box = h('input', { type: 'checkbox', id, value: o.slug, checked: selected.includes(o.slug) });
      box.addEventListener('change', () =>
        change(box.checked ? [...selected, o.slug] : selected.filter((s) => s !== o.slug)),
      );
      return h('span', { class: 'check' }, box, h('label', { for: id }, o.name));
    }),
  );
}

function controls(route: PaperRoute, taxonomy: Taxonomy): HTMLElement {
  const go = (change: Partial<PaperRoute>) => navigate({ ...route, ...change });
  const tab = (chain: PaperRoute['chain'], text: string) =>
    h(
      'button',
      {
        type: 'button',
        id: `chain-${chain}`,
        class: 'tab',
        'aria-pressed': route.chain === chain ? 'true' : 'false',
        onclick: () => go({ chain }),
      },
      text,
    );
  const years = yearRangeForm({
    idPrefix: 'chain-year',
    from: route.yearFrom,
    to: route.yearTo,
    labels: ['Year from', 'to', 'Apply'],
    apply: (range) => go(range),
  });
  const filtered = toPaperFilter(route) !== null;
  return h(
    'div',
    { class: 'chain-controls' },
    h(
      'div',
      { class: 'tabs', role: 'group', 'aria-label': 'Direction' },
      tab('followups', 'Follow-ups: what came after'),
      tab('lineage', 'Lineage: what it builds on'),
    ),
    h(
      'div',
      { class: 'control-row' },
      field(
        'Depth (hops)',
        select(
          'chain-depth',
          Array.from({ length: MAX_DEPTH }, (_, i) => i + 1),
          route.depth,
          (depth) => go({ depth }),
        ),
      ),
      field(
        'Papers per hop',
        select('chain-first', PER_HOP_CHOICES, route.first, (first) => go({ first })),
      ),
      years,
    ),
    checkboxes(
      'Contribution type',
      'chain-ct',
      taxonomy.contributionTypes,
      route.contributionTypes,
      (contributionTypes) => go({ contributionTypes }),
    ),
    h(
      'details',
      { class: 'subfield-filter', open: route.subfields.length > 0 },
      h(
        'summary',
        {},
        `Subfields${route.subfields.length > 0 ? ` (${route.subfields.length} selected)` : ''}`,
      ),
      checkboxes('Subfield', 'chain-sf', taxonomy.subfields, route.subfields, (subfields) =>
        go({ subfields }),
      ),
    ),
    filtered
      ? h(
          'button',
          {
            type: 'button',
            class: 'link',
            onclick: () => go({ subfields: [], contributionTypes: [], yearFrom: null, yearTo: null }),
          },
          'Clear filters',
        )
      : null,
  );
}

function levelSummary(tree: CitationTree, filtered: boolean): HTMLElement {
  const noun = tree.direction === 'FOLLOW_UPS' ? 'citing papers' : 'cited papers';
  return h(
    'ul',
    { class: 'levels', 'aria-label': 'Papers per hop' },
    ...tree.levels.map((level) =>
      h(
        'li',
        { 'data-hops': level.hops },
        h('strong', {}, `Hop ${level.hops}: `),
        `${level.papers.length} shown of ${level.candidates} ${noun}`,
        filtered ? `, ${level.matching} match the filter` : '',
        level.truncated ? ' (best-ranked kept)' : '',
      ),
    ),
  );
}

const COLUMNS: ReadonlyArray<{ key: SortKey | null; text: string }> = [
  { key: 'hops', text: 'Hops' },
  { key: 'title', text: 'Title' },
  { key: 'year', text: 'Year' },
  { key: 'influence', text: 'Influence' },
  { key: null, text: 'Contribution type' },
  { key: null, text: 'Citing sentences' },
];

/** The citing sentences of a row's edge, folded (they can be long), or a word that there are none. */
function contextCell(contexts: readonly string[]): HTMLElement {
  if (contexts.length === 0) return h('td', { class: 'contexts none' }, 'No citing sentence recorded.');
  return h(
    'td',
    { class: 'contexts' },
    h(
      'details',
      {},
      h('summary', {}, `${contexts.length} sentence${contexts.length === 1 ? '' : 's'}`),
      ...quotes(contexts),
    ),
  );
}

/** The papers between the root and a row, as links that put each at the root (faded ones included). */
function viaLinks(
  via: readonly string[],
  route: PaperRoute,
  nodes: ReadonlyMap<string, NodeData>,
): HTMLElement | null {
  if (via.length === 0) return null;
  const links = via.flatMap((key, i) => {
    const node = nodes.get(key);
    const link = node ? h('a', { href: formatRoute(paperRoute(node.paperId, route)) }, node.title) : key;
    return i === 0 ? [link] : [' › ', link];
  });
  return h('span', { class: 'via' }, ' via ', ...links);
}

function table(
  rows: readonly ChainRow[],
  route: PaperRoute,
  taxonomy: Taxonomy,
  nodes: ReadonlyMap<string, NodeData>,
  following: boolean,
): HTMLElement {
  let sortKey: SortKey = 'hops';
  let direction: SortDirection = 'asc';
  const container = h('div', { class: 'table-wrap' });
  const draw = () => {
    const sorted = sortRows(rows, sortKey, direction);
    const head = h(
      'tr',
      {},
      ...COLUMNS.map((column) => {
        if (!column.key) return h('th', { scope: 'col' }, column.text);
        const key = column.key;
        const active = key === sortKey;
        return h(
          'th',
          { scope: 'col', 'aria-sort': active ? (direction === 'asc' ? 'ascending' : 'descending') : 'none' },
          h(
            'button',
            {
              type: 'button',
              class: 'sort',
              'data-sort': key,
              onclick: () => {
                if (sortKey === key) direction = direction === 'asc' ? 'desc' : 'asc';
                else {
                  sortKey = key;
                  direction = key === 'influence' || key === 'year' ? 'desc' : 'asc';
                }
                draw();
                container.querySelector<HTMLButtonElement>(`button[data-sort="${key}"]`)?.focus();
              },
            },
            column.text,
            h(
              'span',
              { class: 'arrow', 'aria-hidden': 'true' },
              active ? (direction === 'asc' ? ' ▲' : ' ▼') : '',
            ),
          ),
        );
      }),
    );
    const body = sorted.map((row) =>
      h(
        'tr',
        { 'data-key': row.key },
        h('td', { class: 'num' }, String(row.hops)),
        h(
          'td',
          {},
          h('a', { href: formatRoute(paperRoute(row.paperId, route)) }, row.title),
          viaLinks(row.via, route, nodes),
        ),
        h('td', { class: 'num' }, row.year === null ? '–' : String(row.year)),
        h('td', { class: 'num' }, String(row.influence)),
        h('td', {}, row.contribution ? taxonomy.name(row.contribution) : '–'),
        contextCell(row.contexts),
      ),
    );
    replace(
      container,
      h(
        'table',
        { class: 'chain-table' },
        h(
          'caption',
          {},
          `${rows.length} paper${rows.length === 1 ? '' : 's'}; influence = citations within the graph; ` +
            `citing sentences: where ${following ? 'the paper cites the one before it' : 'the one before it cites the paper'} on the chain. ` +
            'Sort by a column header.',
        ),
        h('thead', {}, head),
        h('tbody', {}, ...body),
      ),
    );
  };
  draw();
  return container;
}

export async function renderChain(
  section: HTMLElement,
  route: PaperRoute,
  isCurrent: IsCurrent,
): Promise<void> {
  const taxonomy = await loadTaxonomy();
  const field_ = route.chain === 'followups' ? 'followUps' : 'lineage';
  const title = route.chain === 'followups' ? 'What came after' : 'What it builds on';
  const body = h('div', { class: 'chain-body' });
  replace(
    section,
    h('h2', { id: 'chain-title' }, title),
    controls(route, taxonomy),
    body,
    h(
      'p',
      {},
      h(
        'a',
        { href: formatRoute({ view: 'path', from: route.id, to: '', maxLength: 4 }) },
        'Trace a citation path from this paper to another …',
      ),
    ),
  );
  replace(body, loading('Growing the chain …'));
  let tree: CitationTree;
  try {
    const answer = await gql<TreeAnswer>(treeQuery(field_, route.depth, route.first), {
      paper: route.id,
      filter: toPaperFilter(route),
    });
    tree = 'followUps' in answer ? answer.followUps : answer.lineage;
  } catch (error) {
    if (!isCurrent()) return;
    replace(body, errorBox(error));
    hook.state = 'error';
    return;
  }
  if (!isCurrent()) return;
  const chain: Chain = chainOf(tree);
  const filtered = toPaperFilter(route) !== null;
  const graph = h('div', {
    class: 'graph',
    id: 'chain-graph',
    role: 'img',
    'aria-label':
      'Citation graph of the chain; the table below lists the same papers, the papers between them and the root, and the citing sentences',
  });
  const nodes = new Map(chain.elements.nodes.map((n) => [n.id, n]));
  replace(
    body,
    levelSummary(tree, filtered),
    filtered ? h('p', { class: 'hint' }, tree.filterScope) : null,
    h('div', { class: 'graph-box' }, legend(chain.elements, taxonomy.name, { faded: filtered }), graph),
    h(
      'p',
      { class: 'hint' },
      'Hover an edge for the citing sentences; click a paper to put it at the root. Scroll to zoom, drag to pan. ' +
        'The table below has the same: its links put a paper at the root.',
    ),
    chain.rows.length === 0
      ? h(
          'p',
          { class: 'status' },
          filtered
            ? 'No paper of the chain passes the filter.'
            : `No ${route.chain === 'followups' ? 'citing' : 'cited'} paper in the graph.`,
        )
      : null,
    table(chain.rows, route, taxonomy, nodes, tree.direction === 'FOLLOW_UPS'),
    exportBar('this chain', async () => {
      const papers = await fetchPapers(chain.papers.map((p) => p.id));
      return {
        bundle: await bundleOf(
          papers,
          chain.papers.map((p) => p.key),
        ),
        basename: `empirica-${route.chain}-${route.id}`,
        selection: `web: ${field_}(paper: ${route.id}, depth: ${route.depth}, first: ${route.first}${filtered ? `, filter: ${JSON.stringify(toPaperFilter(route))}` : ''})`,
      };
    }),
  );
  showGraph(graph, chain.elements, (node) => {
    if (!node.root) navigate(paperRoute(node.paperId, route));
  });
  hook.state = 'ready';
}
