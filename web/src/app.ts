/**
 * What the views share: navigation, the taxonomy (names of labels, loaded once), and the hook the browser
 * tests read (`window.__empirica`: the graph drawn, and whether the current view finished loading).
 */
import type { Core } from 'cytoscape';
import { gql } from './graphql.js';
import type { Label, TaxonomyAnswer } from './queries.js';
import { TAXONOMY } from './queries.js';
import { formatRoute, type Route } from './route.js';

export interface TestHook {
  /** The cytoscape instance of the graph on screen, if any. */
  cy: Core | null;
  /** The hash of the view on screen, and whether its data arrived. */
  hash: string;
  state: 'loading' | 'ready' | 'error';
}

declare global {
  interface Window {
    __empirica: TestHook;
  }
}

export const hook: TestHook = { cy: null, hash: '', state: 'loading' };
window.__empirica = hook;

/** Goes to a route (a new history entry, so the back button returns). */
export function navigate(route: Route): void {
  const hash = formatRoute(route);
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = hash;
}

export interface Taxonomy {
  readonly subfields: readonly Label[];
  readonly contributionTypes: readonly Label[];
  name(slug: string): string;
}

let taxonomy: Promise<Taxonomy> | undefined;

export function loadTaxonomy(): Promise<Taxonomy> {
  taxonomy ??= gql<TaxonomyAnswer>(TAXONOMY).then((answer) => {
    const names = new Map([...answer.subfields, ...answer.contributionTypes].map((l) => [l.slug, l.name]));
    return {
      subfields: answer.subfields,
      contributionTypes: answer.contributionTypes,
      name: (slug: string) => names.get(slug) ?? (slug === 'NONE' ? 'No contribution type' : slug),
    };
  });
  taxonomy.catch(() => {
    taxonomy = undefined;
  });
  return taxonomy;
}

/** A render's way to tell whether the user moved on while its data was loading. */
export type IsCurrent = () => boolean;
