/** The search page: a query box, facets with counts (subfield, contribution type, year), results, paging. */
import { hook, type IsCurrent, loadTaxonomy, navigate, type Taxonomy } from './app.js';
import { errorBox, field, h, loading, replace, yearRangeForm } from './dom.js';
import { bundleOf, exportBar, fetchSearch } from './exporting.js';
import { gql } from './graphql.js';
import { typeStyle } from './labels.js';
import { paperIdOf, primaryContribution } from './model.js';
import { type FacetCount, SEARCH, SEARCH_EXPORT_MAX, type SearchAnswer } from './queries.js';
import { formatRoute, paperRoute, type SearchRoute, toPaperFilter } from './route.js';

const EXAMPLES = [
  'rethinking generalization',
  'grokking',
  '"edge of stability"',
  'lottery ticket',
  'scaling laws',
];

function searchFilter(route: SearchRoute): Record<string, unknown> | null {
  const papers = toPaperFilter(route);
  return papers ? { papers } : null;
}

function searchForm(route: SearchRoute): HTMLElement {
  const input = h('input', {
    id: 'search-query',
    type: 'search',
    name: 'q',
    value: route.query,
    placeholder: 'e.g. rethinking generalization',
    autocomplete: 'off',
    required: true,
  });
  const form = h(
    'form',
    { class: 'search-form', role: 'search' },
    field('Search papers (title, abstract, summary)', input),
    h('button', { type: 'submit' }, 'Search'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    // A new query starts afresh: first page, no filters.
    navigate({
      view: 'search',
      query: input.value.trim(),
      after: null,
      subfields: [],
      contributionTypes: [],
      yearFrom: null,
      yearTo: null,
    });
  });
  return form;
}

function toggle(list: readonly string[], value: string): string[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

/** A facet as checkboxes with counts; selected values stay listed even when the result has none. */
function facetGroup(
  title: string,
  id: string,
  counts: readonly FacetCount[],
  selected: readonly string[],
  name: (slug: string) => string,
  change: (values: string[]) => void,
): HTMLElement {
  const values = [...counts];
  for (const value of selected) if (!values.some((c) => c.value === value)) values.push({ value, count: 0 });
  return h(
    'fieldset',
    { class: 'facet' },
    h('legend', {}, title),
    values.length === 0 ? h('p', { class: 'hint' }, 'None in this result.') : null,
    ...values.map((c, i) => {
      const boxId = `${id}-${i}`;
      const box = h('input', {
        type: 'checkbox',
        id: boxId,
        value: c.value,
        checked: selected.includes(c.value),
        onchange: () => change(toggle(selected, c.value)),
      });
      return h(
        'div',
        { class: 'facet-option' },
        box,
        h('label', { for: boxId }, name(c.value), ' ', h('span', { class: 'count' }, `(${c.count})`)),
      );
    }),
  );
}

function yearFacet(route: SearchRoute, years: readonly FacetCount[]): HTMLElement {
  const form = yearRangeForm({
    idPrefix: 'year',
    from: route.yearFrom,
    to: route.yearTo,
    labels: ['From', 'To', 'Apply years'],
    apply: (years) => navigate({ ...route, ...years, after: null }),
  });
  const max = Math.max(1, ...years.map((y) => y.count));
  return h(
    'fieldset',
    { class: 'facet' },
    h('legend', {}, 'Year'),
    form,
    h(
      'ul',
      { class: 'year-bars', 'aria-label': 'Papers per year in this result' },
      ...years.map((y) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'link',
              title: `Only ${y.value}`,
              onclick: () =>
                navigate({ ...route, yearFrom: Number(y.value), yearTo: Number(y.value), after: null }),
            },
            y.value,
          ),
          h('span', { class: 'bar', style: `width:${Math.round((y.count / max) * 100)}%` }),
          h('span', { class: 'count' }, String(y.count)),
        ),
      ),
    ),
  );
}

export function chips(
  tags: readonly { kind: string; label: string; name: string }[],
  kind: string,
): HTMLElement {
  return h(
    'ul',
    { class: 'chips' },
    ...tags
      .filter((t) => t.kind === kind)
      .map((t) => {
        const style = kind === 'CONTRIBUTION' ? typeStyle(t.label) : null;
        return h(
          'li',
          { class: `chip ${kind.toLowerCase()}`, style: style ? `--chip:${style.color}` : null },
          t.name,
        );
      }),
  );
}

function resultItem(node: SearchAnswer['search']['edges'][number]['node']): HTMLElement {
  const authors = node.authors.map((a) => a.name);
  const byline = authors.length > 3 ? `${authors.slice(0, 3).join(', ')} et al.` : authors.join(', ');
  const meta = [node.year, node.venue, `${node.citationCount} citing in the graph`].filter(
    (x) => x !== null && x !== '',
  );
  return h(
    'li',
    { class: 'result', 'data-key': node.key, 'data-contribution': primaryContribution(node) ?? 'NONE' },
    h('h3', {}, h('a', { href: formatRoute(paperRoute(paperIdOf(node))) }, node.title ?? paperIdOf(node))),
    h('p', { class: 'byline' }, byline),
    h('p', { class: 'meta' }, meta.join(' · ')),
    h('div', { class: 'tag-row' }, chips(node.tags, 'CONTRIBUTION'), chips(node.tags, 'SUBFIELD')),
  );
}

function intro(): HTMLElement {
  return h(
    'section',
    { class: 'intro' },
    h('h2', {}, 'Search the science of deep learning'),
    h(
      'p',
      {},
      'Find a paper, open it to see its tags with their evidence, then follow what came after it (or what it ' +
        'builds on) as a graph and a table. Try:',
    ),
    h(
      'ul',
      { class: 'examples' },
      ...EXAMPLES.map((q) =>
        h(
          'li',
          {},
          h(
            'a',
            {
              href: formatRoute({
                view: 'search',
                query: q,
                after: null,
                subfields: [],
                contributionTypes: [],
                yearFrom: null,
                yearTo: null,
              }),
            },
            q,
          ),
        ),
      ),
    ),
    h(
      'p',
      {},
      'Or find ',
      h('a', { href: '#/path/1312.6199/2202.10054' }, 'how one paper led to another'),
      ' through citations.',
    ),
  );
}

export async function renderSearch(
  root: HTMLElement,
  route: SearchRoute,
  isCurrent: IsCurrent,
): Promise<void> {
  document.title = route.query ? `${route.query} — Empirica` : 'Empirica';
  const body = h('div', { class: 'search-body' });
  replace(root, searchForm(route), body);
  if (!route.query) {
    replace(body, intro());
    hook.state = 'ready';
    return;
  }
  replace(body, loading('Searching …'));
  let answer: SearchAnswer;
  let taxonomy: Taxonomy;
  try {
    [answer, taxonomy] = await Promise.all([
      gql<SearchAnswer>(SEARCH, { query: route.query, filter: searchFilter(route), after: route.after }),
      loadTaxonomy(),
    ]);
  } catch (error) {
    if (!isCurrent()) return;
    replace(body, errorBox(error));
    hook.state = 'error';
    return;
  }
  if (!isCurrent()) return;
  const { search } = answer;
  const facets = h(
    'aside',
    { class: 'facets', 'aria-label': 'Filters' },
    h('h2', {}, 'Filter'),
    facetGroup(
      'Contribution type',
      'facet-ct',
      search.facets.contributionTypes,
      route.contributionTypes,
      taxonomy.name,
      (values) => navigate({ ...route, contributionTypes: values, after: null }),
    ),
    facetGroup('Subfield', 'facet-sf', search.facets.subfields, route.subfields, taxonomy.name, (values) =>
      navigate({ ...route, subfields: values, after: null }),
    ),
    yearFacet(route, search.facets.years),
  );
  const filtered = toPaperFilter(route) !== null;
  const total = `${search.totalCount}${search.totalIsLowerBound ? '+' : ''} paper${search.totalCount === 1 ? '' : 's'}`;
  const results = h(
    'section',
    { class: 'results', 'aria-label': 'Results' },
    h(
      'p',
      { class: 'result-count', role: 'status' },
      `${total} match “${route.query}”${filtered ? ' with these filters' : ''}.`,
      filtered
        ? h(
            'button',
            {
              type: 'button',
              class: 'link',
              onclick: () =>
                navigate({
                  ...route,
                  subfields: [],
                  contributionTypes: [],
                  yearFrom: null,
                  yearTo: null,
                  after: null,
                }),
            },
            ' Clear filters',
          )
        : null,
    ),
    search.edges.length > 0
      ? h('ol', { class: 'result-list' }, ...search.edges.map((e) => resultItem(e.node)))
      : h('p', {}, 'No paper matches. Try fewer words or fewer filters.'),
    h(
      'nav',
      { class: 'pager', 'aria-label': 'Result pages' },
      route.after ? h('a', { href: formatRoute({ ...route, after: null }) }, '← First page') : null,
      search.pageInfo.hasNextPage && search.pageInfo.endCursor
        ? h(
            'a',
            { href: formatRoute({ ...route, after: search.pageInfo.endCursor }), rel: 'next' },
            'Next page →',
          )
        : null,
    ),
    search.totalCount > 0
      ? exportBar(`this result (its first ${SEARCH_EXPORT_MAX} papers at most)`, async () => {
          const { papers, complete } = await fetchSearch(route.query, searchFilter(route));
          return {
            bundle: await bundleOf(papers),
            basename: `empirica-search-${route.query}`,
            selection: `web: search(query: ${JSON.stringify(route.query)}${toPaperFilter(route) ? `, filter: ${JSON.stringify(toPaperFilter(route))}` : ''})`,
            ...(complete ? {} : { note: `Only the first ${papers.length} papers.` }),
          };
        })
      : null,
  );
  replace(body, facets, results);
  hook.state = 'ready';
}
