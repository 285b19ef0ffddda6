/** The page's entry: renders the view the URL hash names, again on every hash change. */
import { hook } from './app.js';
import { h, replace } from './dom.js';
import { renderPaper } from './paper-view.js';
import { renderPath } from './path-view.js';
import { parseRoute } from './route.js';
import { renderSearch } from './search-view.js';

let generation = 0;

async function render(): Promise<void> {
  const current = ++generation;
  const isCurrent = () => current === generation;
  const root = document.getElementById('view');
  if (!root) return;
  if (hook.cy && !hook.cy.destroyed()) hook.cy.destroy();
  hook.cy = null;
  hook.hash = location.hash;
  hook.state = 'loading';
  const route = parseRoute(location.hash);
  for (const link of document.querySelectorAll<HTMLAnchorElement>('.site-nav a')) {
    if (link.dataset.view === route.view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  root.setAttribute('aria-busy', 'true');
  try {
    if (route.view === 'paper') await renderPaper(root, route, isCurrent);
    else if (route.view === 'path') await renderPath(root, route, isCurrent);
    else await renderSearch(root, route, isCurrent);
  } catch (error) {
    if (!isCurrent()) return;
    replace(root, h('div', { class: 'status error', role: 'alert' }, `The page failed: ${String(error)}`));
    hook.state = 'error';
  } finally {
    if (isCurrent()) root.setAttribute('aria-busy', 'false');
  }
}

/** Which page a route shows: a new one scrolls to the top, new settings of the same one do not. */
let page = '';

window.addEventListener('hashchange', () => {
  const route = parseRoute(location.hash);
  const next = route.view === 'paper' ? `paper:${route.id}` : route.view;
  if (next !== page) window.scrollTo({ top: 0 });
  page = next;
  void render();
});
void render();
