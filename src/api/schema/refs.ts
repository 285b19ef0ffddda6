/**
 * The refs of the node types that refer to each other (papers list authors, authors list papers), declared
 * before either is implemented so that the type files import refs, not each other. The repositories answer
 * in key order, so no `sort` is needed; a missing key fails alone (NOT_FOUND), not its whole batch.
 */
import type { AuthorView, PaperView } from '../../graph/catalog.repository.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { notFound } from '../errors.js';

export const PaperRef = builder.loadableNodeRef('Paper', {
  id: { resolve: (paper: PaperView) => paper.key },
  load: async (keys: string[], ctx: Context) =>
    (await ctx.catalog.papers(keys)).map((paper, i) => paper ?? notFound(`No paper with key ${keys[i]}.`)),
});

export const AuthorRef = builder.loadableNodeRef('Author', {
  id: { resolve: (author: AuthorView) => author.key },
  load: async (keys: string[], ctx: Context) =>
    (await ctx.catalog.authors(keys)).map(
      (author, i) => author ?? notFound(`No author with key ${keys[i]}.`),
    ),
});
