/** A drawn graph with its legend: shared by the chain and the path views. */
import type { Core } from 'cytoscape';
import { hook } from './app.js';
import { h } from './dom.js';
import { drawGraph } from './graph.js';
import { typeStyle } from './labels.js';
import type { GraphElements, NodeData } from './model.js';

const SVG = 'http://www.w3.org/2000/svg';

/** A small picture of a node shape in a colour, for the legend. */
function swatch(slug: string): SVGSVGElement {
  const style = typeStyle(slug);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', '14');
  svg.setAttribute('height', '14');
  svg.setAttribute('viewBox', '0 0 14 14');
  svg.setAttribute('aria-hidden', 'true');
  const points: Record<string, string> = {
    diamond: '7,0 14,7 7,14 0,7',
    triangle: '7,1 13.5,13 0.5,13',
    hexagon: '3.5,1 10.5,1 14,7 10.5,13 3.5,13 0,7',
    star: '7,0 9,5 14,5 10,8.5 11.5,14 7,10.5 2.5,14 4,8.5 0,5 5,5',
  };
  let shape: SVGElement;
  if (style.shape === 'ellipse') {
    shape = document.createElementNS(SVG, 'circle');
    shape.setAttribute('cx', '7');
    shape.setAttribute('cy', '7');
    shape.setAttribute('r', '6');
  } else if (style.shape === 'round-rectangle') {
    shape = document.createElementNS(SVG, 'rect');
    for (const [k, v] of Object.entries({ x: '1', y: '2', width: '12', height: '10', rx: '3' }))
      shape.setAttribute(k, v);
  } else {
    shape = document.createElementNS(SVG, 'polygon');
    shape.setAttribute('points', points[style.shape] ?? points.diamond ?? '');
  }
  shape.setAttribute('fill', style.color);
  svg.append(shape);
  return svg;
}

export function legend(
  elements: GraphElements,
  name: (slug: string) => string,
  options: { readonly faded: boolean },
): HTMLElement {
  const types = [...new Set(elements.nodes.map((n) => n.contribution))].sort((a, b) =>
    a === 'NONE' ? 1 : b === 'NONE' ? -1 : name(a).localeCompare(name(b)),
  );
  return h(
    'ul',
    { class: 'legend', 'aria-label': 'Legend' },
    ...types.map((slug) => h('li', { 'data-type': slug }, swatch(slug), ' ', name(slug))),
    h('li', {}, h('span', { class: 'legend-root', 'aria-hidden': 'true' }), ' root paper (thick outline)'),
    options.faded
      ? h(
          'li',
          {},
          h('span', { class: 'legend-faded', 'aria-hidden': 'true' }),
          ' faded: on the chain, misses the filter',
        )
      : null,
    h('li', {}, '→ arrow: cites'),
  );
}

/** Draws into `container` and publishes the instance for the browser tests. */
export function showGraph(
  container: HTMLElement,
  elements: GraphElements,
  onSelect: (node: NodeData) => void,
): Core {
  if (hook.cy && !hook.cy.destroyed()) hook.cy.destroy();
  const titles = new Map(elements.nodes.map((n) => [n.id, `${n.title}${n.year ? ` (${n.year})` : ''}`]));
  const cy = drawGraph(container, elements, {
    onSelect,
    describeEdge: (edge) =>
      `${titles.get(edge.source) ?? edge.source} cites ${titles.get(edge.target) ?? edge.target}:`,
  });
  hook.cy = cy;
  return cy;
}
