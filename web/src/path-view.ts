/** How one paper led to another: the shortest citation chains between two papers, drawn like a chain. */
import { hook, type IsCurrent, loadTaxonomy, navigate } from './app.js';
import { errorBox, field, h, loading, quotes, replace } from './dom.js';
import { bundleOf, exportBar, fetchPapers } from './exporting.js';
import { legend, showGraph } from './graph-panel.js';
import { gql } from './graphql.js';
import { paperIdOf, pathGraphOf } from './model.js';
import { type PathsAnswer, pathsQuery } from './queries.js';
import { formatRoute, MAX_PATH_LENGTH, type PathRoute, paperRoute } from './route.js';

function form(route: PathRoute): HTMLElement {
  const from = h('input', {
    id: 'path-from',
    type: 'text',
    value: route.from,
    required: true,
    placeholder: '1611.03530',
    autocomplete: 'off',
  });
  const to = h('input', {
    id: 'path-to',
    type: 'text',
    value: route.to,
    required: true,
    placeholder: '2302.07011',
    autocomplete: 'off',
  });
  const max = h(
    'select',
    { id: 'path-max' },
    ...Array.from({ length: MAX_PATH_LENGTH }, (_, i) => i + 1).map((n) =>
      h('option', { value: n, selected: n === route.maxLength }, String(n)),
    ),
  );
  const element = h(
    'form',
    { class: 'path-form' },
    field('From (the older paper)', from, 'arXiv id, DOI or OpenReview id'),
    field('To (the newer paper)', to, 'arXiv id, DOI or OpenReview id'),
    field('Citations at most', max),
    h('button', { type: 'submit' }, 'Find paths'),
  );
  element.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate({ view: 'path', from: from.value.trim(), to: to.value.trim(), maxLength: Number(max.value) });
  });
  return element;
}

/**
 * One chain as a list, oldest paper first; under each later paper, the sentences in which it cites the
 * one above (the same words as the graph's edge tooltip).
 */
function pathList(path: PathsAnswer['citationPaths']['paths'][number]): HTMLElement {
  return h(
    'ol',
    { class: 'path' },
    ...path.papers.map((p, i) => {
      const above = path.papers[i - 1];
      const edge = above
        ? path.edges.find((e) => e.citing.key === p.key && e.cited.key === above.key)
        : undefined;
      return h(
        'li',
        { 'data-key': p.key },
        above
          ? h(
              'p',
              { class: 'path-step' },
              '↓ cited by',
              edge && edge.contexts.length > 0
                ? h('span', { class: 'citing' }, ', in: ', ...quotes(edge.contexts))
                : h('span', { class: 'citing none' }, ' (no citing sentence recorded)'),
            )
          : null,
        h('a', { href: formatRoute(paperRoute(paperIdOf(p))) }, p.title ?? paperIdOf(p)),
        p.year ? ` (${p.year})` : '',
      );
    }),
  );
}

export async function renderPath(root: HTMLElement, route: PathRoute, isCurrent: IsCurrent): Promise<void> {
  document.title = 'Citation paths — Empirica';
  const body = h('div', { class: 'path-body' });
  replace(
    root,
    h('h1', {}, 'How did one paper lead to another?'),
    h(
      'p',
      { class: 'hint' },
      'The shortest chains in which the newer paper cites a paper that cites … that cites the older one.',
    ),
    form(route),
    body,
  );
  if (!route.from || !route.to) {
    hook.state = 'ready';
    return;
  }
  replace(body, loading('Searching for citation paths …'));
  let answer: PathsAnswer['citationPaths'];
  try {
    const [data, taxonomy] = await Promise.all([
      gql<PathsAnswer>(pathsQuery(route.maxLength), { from: route.from, to: route.to }),
      loadTaxonomy(),
    ]);
    answer = data.citationPaths;
    if (!isCurrent()) return;
    if (answer.length === null) {
      replace(
        body,
        h(
          'p',
          { class: 'status', role: 'status' },
          `No chain of at most ${route.maxLength} citations leads from “${answer.from.title ?? route.from}” to “${answer.to.title ?? route.to}”. `,
          route.maxLength < MAX_PATH_LENGTH
            ? h('a', { href: formatRoute({ ...route, maxLength: MAX_PATH_LENGTH }) }, 'Allow longer chains')
            : null,
          ' ',
          h('a', { href: formatRoute({ ...route, from: route.to, to: route.from }) }, 'Swap the two papers'),
        ),
      );
      hook.state = 'ready';
      return;
    }
    const { elements, papers } = pathGraphOf(answer);
    const graph = h('div', {
      class: 'graph',
      id: 'path-graph',
      role: 'img',
      'aria-label':
        'Citation paths drawn as a graph; the list below names the same papers and citing sentences',
    });
    replace(
      body,
      h(
        'p',
        { class: 'result-count', role: 'status' },
        `${answer.paths.length} shortest chain${answer.paths.length === 1 ? '' : 's'} of ${answer.length} citation${answer.length === 1 ? '' : 's'}.`,
      ),
      h('div', { class: 'graph-box' }, legend(elements, taxonomy.name, { faded: false }), graph),
      h('ol', { class: 'paths' }, ...answer.paths.map((path) => h('li', {}, pathList(path)))),
      exportBar('these paths', async () => ({
        bundle: await bundleOf(
          await fetchPapers(papers.map((p) => p.id)),
          papers.map((p) => p.key),
        ),
        basename: `empirica-path-${route.from}-${route.to}`,
        selection: `web: citationPaths(from: ${route.from}, to: ${route.to}, maxLength: ${route.maxLength})`,
      })),
    );
    showGraph(graph, elements, (node) => navigate(paperRoute(node.paperId)));
    hook.state = 'ready';
  } catch (error) {
    if (!isCurrent()) return;
    replace(body, errorBox(error));
    hook.state = 'error';
  }
}
