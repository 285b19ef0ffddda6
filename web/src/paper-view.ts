/** A paper: title, byline, identifiers with links, summary and abstract, tags with evidence; then its chain. */
import { hook, type IsCurrent, loadTaxonomy } from './app.js';
import { renderChain } from './chain-view.js';
import { errorBox, h, loading, replace } from './dom.js';
import { gql } from './graphql.js';
import { typeStyle } from './labels.js';
import { identifierLinks, paperIdOf } from './model.js';
import { PAPER, type PaperAnswer, type PaperDetail, type TagFull } from './queries.js';
import { formatRoute, type PaperRoute } from './route.js';

function tagItem(tag: TagFull): HTMLElement {
  const style = tag.kind === 'CONTRIBUTION' ? typeStyle(tag.label) : null;
  const source = tag.source === 'curator' ? `curator${tag.curator ? ` ${tag.curator}` : ''}` : tag.source;
  return h(
    'li',
    { class: 'tag', 'data-label': tag.label },
    h(
      'div',
      { class: 'tag-head' },
      h(
        'span',
        { class: `chip ${tag.kind.toLowerCase()}`, style: style ? `--chip:${style.color}` : null },
        tag.name,
      ),
      h(
        'span',
        { class: 'confidence', title: 'Confidence' },
        `confidence ${Math.round(tag.confidence * 100)}%`,
      ),
      h('span', { class: 'source' }, `source: ${source}`),
    ),
    tag.evidence
      ? h('blockquote', { class: 'evidence' }, tag.evidence)
      : h('p', { class: 'hint' }, 'No evidence recorded.'),
    tag.reason && tag.reason !== tag.evidence ? h('p', { class: 'reason' }, `Reason: ${tag.reason}`) : null,
  );
}

function tagSection(paper: PaperDetail): HTMLElement {
  const group = (kind: 'CONTRIBUTION' | 'SUBFIELD', title: string) => {
    const tags = paper.tags.filter((t) => t.kind === kind);
    return h(
      'div',
      { class: 'tag-group' },
      h('h3', {}, title),
      tags.length > 0 ? h('ul', { class: 'tags' }, ...tags.map(tagItem)) : h('p', { class: 'hint' }, 'None.'),
    );
  };
  return h(
    'section',
    { class: 'paper-tags', 'aria-labelledby': 'tags-title' },
    h('h2', { id: 'tags-title' }, 'Tags, with their evidence'),
    group('CONTRIBUTION', 'Contribution type'),
    group('SUBFIELD', 'Subfield'),
  );
}

function header(paper: PaperDetail): HTMLElement {
  const meta = [paper.year, paper.venue, paper.categories.join(', ')].filter((x) => x !== null && x !== '');
  return h(
    'header',
    { class: 'paper-header' },
    h(
      'p',
      { class: 'crumbs' },
      h('button', { type: 'button', class: 'link', onclick: () => history.back() }, '← Back'),
    ),
    h('h1', { id: 'paper-title' }, paper.title ?? paperIdOf(paper)),
    h('p', { class: 'byline' }, paper.authors.map((a) => a.name).join(', ') || 'Authors unknown'),
    h('p', { class: 'meta' }, meta.join(' · ')),
    h(
      'p',
      { class: 'identifiers' },
      ...identifierLinks(paper).flatMap((link) => [
        h('a', { href: link.href, rel: 'noopener', target: '_blank' }, `${link.label} ${link.text}`),
        ' ',
      ]),
      h(
        'span',
        { class: 'meta' },
        `Cited by ${paper.citationCount} and citing ${paper.referenceCount} papers in the graph.`,
      ),
    ),
    paper.stub ? h('p', { class: 'notice' }, 'Known only from reference lists: not crawled yet.') : null,
    paper.withdrawn ? h('p', { class: 'notice' }, 'The latest arXiv version is a withdrawal.') : null,
  );
}

function texts(paper: PaperDetail): HTMLElement {
  return h(
    'section',
    { class: 'paper-text' },
    paper.summary
      ? h(
          'div',
          {},
          h('h2', {}, 'Summary'),
          h('p', {}, paper.summary),
          h('p', { class: 'hint' }, 'In Empirica’s own words.'),
        )
      : null,
    paper.abstract
      ? h('details', { open: !paper.summary }, h('summary', {}, 'Abstract'), h('p', {}, paper.abstract))
      : null,
    !paper.summary && !paper.abstract
      ? h('p', { class: 'hint' }, 'No abstract or summary in the graph.')
      : null,
  );
}

/** The paper on screen: a change of chain settings only redraws the chain. */
let shown: string | null = null;

export async function renderPaper(root: HTMLElement, route: PaperRoute, isCurrent: IsCurrent): Promise<void> {
  const section = document.getElementById('chain');
  if (shown === route.id && section && root.contains(section)) {
    await renderChain(section, route, isCurrent);
    return;
  }
  shown = null;
  replace(root, loading('Loading the paper …'));
  let paper: PaperDetail | null;
  try {
    [{ paper }] = await Promise.all([gql<PaperAnswer>(PAPER, { id: route.id }), loadTaxonomy()]);
  } catch (error) {
    if (!isCurrent()) return;
    replace(root, errorBox(error));
    hook.state = 'error';
    return;
  }
  if (!isCurrent()) return;
  if (!paper) {
    replace(
      root,
      h(
        'div',
        { class: 'status error', role: 'alert' },
        `The graph has no paper “${route.id}”. `,
        h(
          'a',
          {
            href: formatRoute({
              view: 'search',
              query: route.id,
              after: null,
              subfields: [],
              contributionTypes: [],
              yearFrom: null,
              yearTo: null,
            }),
          },
          'Search for it',
        ),
      ),
    );
    hook.state = 'error';
    return;
  }
  document.title = `${paper.title ?? route.id} — Empirica`;
  const chain = h('section', { class: 'chain', id: 'chain', 'aria-labelledby': 'chain-title' });
  shown = route.id;
  replace(
    root,
    h(
      'article',
      { class: 'paper' },
      header(paper),
      h('div', { class: 'paper-columns' }, texts(paper), tagSection(paper)),
    ),
    chain,
  );
  await renderChain(chain, route, isCurrent);
}
