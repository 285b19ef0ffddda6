/**
 * Identity resolution for a batch of paper references: which existing `(:Paper)` each reference names,
 * or which new key it gets. Pure (no driver): the repository looks up the existing papers that share
 * any identifier with the batch, then this plans the writes.
 *
 * Rules: a reference joins the paper that holds any of its identifiers; identifiers it adds are recorded
 * on that paper; references in the same batch that share an identifier become one paper. A reference
 * whose identifiers point at two different papers, or that contradicts a paper's identifier (another
 * DOI, say), is a conflict: reported, never merged.
 */
import { IDENTIFIER_KINDS, type IdentifierKind, type PaperRef, paperKeyFor } from '../domain/identifiers.js';

/** A paper as the identity lookup returns it. */
export interface KnownPaper {
  readonly key: string;
  readonly arxivId: string | null;
  readonly doi: string | null;
  readonly openreviewId: string | null;
}

export type Resolution =
  | { readonly ok: true; readonly key: string; readonly isNew: boolean }
  | { readonly ok: false; readonly conflict: string };

export interface IdentityPlan {
  /** One resolution per input reference, in input order. */
  readonly resolutions: readonly Resolution[];
  /** The full identifier set of every paper touched, by key (to SET on the node). */
  readonly identifiers: ReadonlyMap<string, Readonly<Record<IdentifierKind, string | null>>>;
}

export function planIdentities(refs: readonly PaperRef[], known: readonly KnownPaper[]): IdentityPlan {
  const byKey = new Map<string, Record<IdentifierKind, string | null>>();
  const index: Record<IdentifierKind, Map<string, string>> = {
    arxivId: new Map(),
    doi: new Map(),
    openreviewId: new Map(),
  };
  const remember = (key: string, ids: Record<IdentifierKind, string | null>) => {
    byKey.set(key, ids);
    for (const kind of IDENTIFIER_KINDS) {
      const value = ids[kind];
      if (value) index[kind].set(value, key);
    }
  };
  for (const paper of known) {
    remember(paper.key, { arxivId: paper.arxivId, doi: paper.doi, openreviewId: paper.openreviewId });
  }

  const resolutions = refs.map((ref): Resolution => {
    const keys = new Set<string>();
    for (const kind of IDENTIFIER_KINDS) {
      const value = ref[kind];
      const key = value ? index[kind].get(value) : undefined;
      if (key) keys.add(key);
    }
    if (keys.size > 1) {
      const which = IDENTIFIER_KINDS.filter((kind) => ref[kind] && index[kind].get(ref[kind] as string))
        .map((kind) => `${kind}=${ref[kind]} is ${index[kind].get(ref[kind] as string)}`)
        .join(', ');
      return { ok: false, conflict: `its identifiers belong to different papers (${which})` };
    }
    const [existingKey] = keys;
    if (existingKey) {
      const ids = byKey.get(existingKey) as Record<IdentifierKind, string | null>;
      for (const kind of IDENTIFIER_KINDS) {
        const value = ref[kind];
        const current = ids[kind];
        if (value && current && value !== current) {
          return {
            ok: false,
            conflict: `${kind}=${value} contradicts ${existingKey}, which has ${kind}=${current}`,
          };
        }
      }
      const merged = { ...ids };
      for (const kind of IDENTIFIER_KINDS) merged[kind] = ids[kind] ?? ref[kind] ?? null;
      remember(existingKey, merged);
      return { ok: true, key: existingKey, isNew: false };
    }
    const key = paperKeyFor(ref);
    if (!key) return { ok: false, conflict: 'it has no identifier' };
    remember(key, {
      arxivId: ref.arxivId ?? null,
      doi: ref.doi ?? null,
      openreviewId: ref.openreviewId ?? null,
    });
    return { ok: true, key, isNew: true };
  });
  return { resolutions, identifiers: byKey };
}
