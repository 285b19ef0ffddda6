/**
 * Author identity. The strongest key is an OpenReview profile id (`~Jane_Doe1`); without one, the key is
 * the normalised name. Known limitation (documented in ARCHITECTURE.md): two people with the same name and
 * no profile id share one name-keyed Author node, and one person printed two ways gets two nodes.
 */
import type { Author } from './records.js';

/** Lower case, accents removed, punctuation dropped, whitespace collapsed: `Jürgen  Schmidhuber` → `jurgen schmidhuber`. */
export function normalizeName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `Author.key`: `openreview:~Jane_Doe1` when the profile is known, else `name:jane doe`. */
export function authorKeyFor(author: Pick<Author, 'name' | 'openreviewId'>): string {
  return author.openreviewId ? `openreview:${author.openreviewId}` : `name:${normalizeName(author.name)}`;
}
