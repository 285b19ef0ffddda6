/**
 * Draws a citation graph with cytoscape: the built-in `breadthfirst` layout rooted at the root paper,
 * nodes coloured and shaped by primary contribution type, a tooltip with the citing sentences when the
 * pointer is on an edge (or the title on a node), a click on a node calls `onSelect` (the views re-root).
 */
import cytoscape, { type Core, type EventObject } from 'cytoscape';
import { h } from './dom.js';
import { typeStyle } from './labels.js';
import { type EdgeData, edgeTooltip, type GraphElements, type NodeData } from './model.js';

export interface GraphOptions {
  /** A node was clicked (or chosen with Enter in the table, which the views wire themselves). */
  readonly onSelect: (node: NodeData) => void;
  /** Names the two ends of an edge in its tooltip. */
  readonly describeEdge: (edge: EdgeData) => string;
}

const MAX_FIT_ZOOM = 1.4;

export function drawGraph(container: HTMLElement, elements: GraphElements, options: GraphOptions): Core {
  const canvas = h('div', { class: 'graph-canvas' });
  const tooltip = h('div', { class: 'graph-tooltip', role: 'tooltip', hidden: true });
  container.replaceChildren(canvas, tooltip);

  const cy = cytoscape({
    container: canvas,
    elements: [
      ...elements.nodes.map((data) => {
        const style = typeStyle(data.contribution);
        return {
          group: 'nodes' as const,
          data: { ...data, color: style.color, shape: style.shape },
          classes: [data.root ? 'root' : '', data.matches ? '' : 'unmatched'].join(' ').trim(),
        };
      }),
      ...elements.edges.map((data) => ({ group: 'edges' as const, data: { ...data } })),
    ],
    style: [
      {
        selector: 'node',
        style: {
          'background-color': 'data(color)',
          shape: 'data(shape)' as never,
          label: 'data(label)',
          width: 22,
          height: 22,
          'font-size': 9,
          'min-zoomed-font-size': 6,
          'font-family': 'system-ui, sans-serif',
          color: '#1d2733',
          'text-valign': 'bottom',
          'text-margin-y': 4,
          'text-wrap': 'wrap',
          'text-max-width': '96px',
          'text-background-color': '#ffffff',
          'text-background-opacity': 0.8,
          'text-background-padding': '1px',
          'border-width': 1.5,
          'border-color': '#ffffff',
        },
      },
      {
        selector: 'node.root',
        style: { width: 34, height: 34, 'border-width': 4, 'border-color': '#1d2733', 'font-weight': 'bold' },
      },
      {
        selector: 'node.unmatched',
        style: { opacity: 0.45, 'border-style': 'dashed', 'border-color': '#1d2733', 'border-width': 1.5 },
      },
      { selector: 'node:active, node.hover', style: { 'overlay-opacity': 0.12, 'border-color': '#1d2733' } },
      {
        selector: 'edge',
        style: {
          width: 1.5,
          'line-color': '#a9b4c2',
          'target-arrow-color': '#a9b4c2',
          'target-arrow-shape': 'triangle',
          'arrow-scale': 0.9,
          'curve-style': 'bezier',
        },
      },
      {
        selector: 'edge.hover',
        style: { width: 3, 'line-color': '#1d2733', 'target-arrow-color': '#1d2733' },
      },
    ],
    layout: {
      name: 'breadthfirst',
      roots: [elements.rootId],
      directed: false,
      spacingFactor: 1.05,
      padding: 24,
      animate: false,
    } as cytoscape.LayoutOptions,
    minZoom: 0.2,
    maxZoom: 3,
  });

  // A small graph would be blown up to fill the box: keep it at a readable size, centred.
  if (cy.zoom() > MAX_FIT_ZOOM) {
    cy.zoom(MAX_FIT_ZOOM);
    cy.center();
  }

  const show = (event: EventObject, text: string) => {
    tooltip.textContent = text;
    tooltip.hidden = false;
    const { x, y } = event.renderedPosition;
    const left = Math.min(x + 12, canvas.clientWidth - tooltip.offsetWidth - 4);
    tooltip.style.left = `${Math.max(4, left)}px`;
    tooltip.style.top = `${y + 12}px`;
  };
  const hide = () => {
    tooltip.hidden = true;
  };
  cy.on('mouseover', 'edge', (event) => {
    event.target.addClass('hover');
    const data = event.target.data() as EdgeData;
    show(event, `${options.describeEdge(data)}\n${edgeTooltip(data.contexts)}`);
  });
  cy.on('mouseover', 'node', (event) => {
    event.target.addClass('hover');
    const data = event.target.data() as NodeData;
    const hops = data.root ? 'root' : `${data.hops} hop${data.hops === 1 ? '' : 's'}`;
    show(event, `${data.title}${data.year ? ` (${data.year})` : ''}\n${hops} · click to re-root`);
    canvas.style.cursor = 'pointer';
  });
  cy.on('mouseout', 'node, edge', (event) => {
    event.target.removeClass('hover');
    canvas.style.cursor = '';
    hide();
  });
  cy.on('tap', 'node', (event) => {
    hide();
    options.onSelect(event.target.data() as NodeData);
  });
  cy.on('tap', 'edge', (event) => {
    const data = event.target.data() as EdgeData;
    show(event, `${options.describeEdge(data)}\n${edgeTooltip(data.contexts)}`);
  });
  cy.on('pan zoom', hide);
  // Leaving the canvas fires no cytoscape mouseout: hide the tooltip and the highlight here.
  canvas.addEventListener('mouseleave', () => {
    cy.elements('.hover').removeClass('hover');
    hide();
  });
  return cy;
}
