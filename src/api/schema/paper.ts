/**
 * `Paper` (a Relay node loaded in batches), its tags, submissions, citations and references, and the
 * `paper(id)` query: any identifier a user has (arXiv id with or without version, DOI, OpenReview id).
 */
import type { PaperView, SubmissionView, TagView } from '../../graph/catalog.repository.js';
import { parsePaperIdentifier } from '../../graph/catalog.repository.js';
import type { CitationCursor } from '../../graph/citation.repository.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { badInput, notFound } from '../errors.js';
import { forwardPage, toConnection } from '../paging.js';
import { AuthorRef, PaperRef } from './refs.js';

export { PaperRef };

export const TagKindEnum = builder.enumType('TagKind', {
  description: 'Which taxonomy a tag belongs to.',
  values: {
    SUBFIELD: { description: 'A subfield of the science of deep learning.' },
    CONTRIBUTION: { description: 'A contribution type (falsification, challenged assumption, …).' },
  } as const,
});

export const TagRef = builder.objectRef<TagView>('Tag').implement({
  description:
    'A label on a paper, from the tagger (`source` = `tagger@<version>`) or a curator (`source` = `curator`; a curator always wins).',
  fields: (t) => ({
    label: t.exposeString('label', {
      description: 'The taxonomy slug, e.g. `FALSIFICATION` or `SCALING_LAWS`.',
    }),
    kind: t.field({ type: TagKindEnum, resolve: (tag) => tag.kind }),
    name: t.string({
      description: 'Human-readable name of the label.',
      resolve: (tag, _args, ctx) => labelName(ctx, tag.label),
    }),
    confidence: t.exposeFloat('confidence', { description: 'In [0, 1]; 1 for a curator’s tag.' }),
    evidence: t.exposeString('evidence', {
      nullable: true,
      description: 'The sentence that triggered the tag (tagger) or the curator’s reason.',
    }),
    source: t.exposeString('source', { description: '`tagger@<version>` or `curator`.' }),
    curator: t.exposeString('curator', { nullable: true, description: 'Who curated it (curator tags).' }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why (curator tags).' }),
    taggedAt: t.exposeString('taggedAt', {
      nullable: true,
      description: 'When the tag got its value (ISO 8601).',
    }),
  }),
});

function labelName(ctx: Context, slug: string): string {
  const { contributionTypes, subfields } = ctx.taxonomy;
  return [...contributionTypes.items, ...subfields.items].find((i) => i.slug === slug)?.name ?? slug;
}

export const VenueRef = builder.loadableObject('Venue', {
  description: 'A venue on OpenReview (a conference, a workshop), e.g. `NeurIPS.cc/2024/Workshop/SciForDL`.',
  load: async (ids: string[], ctx: Context) =>
    (await ctx.catalog.venues(ids)).map((venue, i) => venue ?? notFound(`No venue ${ids[i]}.`)),
  fields: (t) => ({
    id: t.exposeString('id'),
    name: t.exposeString('name', { nullable: true }),
    submissionCount: t.exposeInt('submissionCount', { description: 'Papers submitted (every state).' }),
    acceptedCount: t.exposeInt('acceptedCount'),
  }),
});

export const SubmissionRef = builder.objectRef<SubmissionView>('Submission').implement({
  description: 'A submission of the paper to a venue (OpenReview), with its latest state and decision.',
  fields: (t) => ({
    venue: t.field({ type: VenueRef, resolve: (s) => s.venue }),
    state: t.exposeString('state', {
      nullable: true,
      description: 'accepted, rejected, withdrawn, desk-rejected or under-review.',
    }),
    decision: t.exposeString('decision', {
      nullable: true,
      description: 'The decision as the venue wrote it.',
    }),
  }),
});

PaperRef.implement({
  description: 'One work, whatever the source; identified by arXiv id, DOI or OpenReview id.',
  fields: (t) => ({
    key: t.exposeString('key', {
      description: 'Internal key (`arxiv:1611.03530`, `doi:…`, `openreview:…`).',
    }),
    arxivId: t.exposeString('arxivId', { nullable: true, description: 'arXiv id without version.' }),
    doi: t.exposeString('doi', { nullable: true }),
    openreviewId: t.exposeString('openreviewId', { nullable: true }),
    title: t.exposeString('title', {
      nullable: true,
      description: 'Null for a stub known only by identifier.',
    }),
    abstract: t.exposeString('abstract', {
      nullable: true,
      description: 'The abstract, as the source gave it.',
    }),
    summary: t.exposeString('summary', {
      nullable: true,
      description: 'A summary in Empirica’s own words (landmark papers).',
    }),
    year: t.exposeInt('year', { nullable: true }),
    publishedAt: t.exposeString('publishedAt', { nullable: true, description: 'First version (ISO 8601).' }),
    updatedAt: t.exposeString('updatedAt', { nullable: true, description: 'Latest version (ISO 8601).' }),
    stub: t.exposeBoolean('stub', { description: 'Known only from reference lists; not crawled yet.' }),
    withdrawn: t.exposeBoolean('withdrawn', { description: 'The latest arXiv version is a withdrawal.' }),
    venue: t.exposeString('venue', {
      nullable: true,
      description: 'Where it was published, e.g. `ICLR 2017`.',
    }),
    categories: t.exposeStringList('categories', { description: 'arXiv categories, primary first.' }),
    citationCount: t.exposeInt('citationCount', { description: 'Papers in the graph that cite it.' }),
    referenceCount: t.exposeInt('referenceCount', { description: 'Papers in the graph it cites.' }),
    authors: t.field({
      type: [AuthorRef],
      description: 'Authors in byline order.',
      // A byline entry is a whole author: it primes the author loader, so authors cost no further query.
      resolve: async (paper, _args, ctx) => {
        const byline = await ctx.loaders.bylines.load(paper.key);
        const authors = AuthorRef.getDataloader(ctx);
        for (const { key, name, openreviewId, paperCount } of byline)
          authors.prime(key, { key, name, openreviewId, paperCount });
        return byline.map((a) => a.key);
      },
    }),
    tags: t.field({
      type: [TagRef],
      description: 'Every tag (subfields and contribution types), most confident first within each kind.',
      args: { kind: t.arg({ type: TagKindEnum, required: false }) },
      resolve: async (paper, args, ctx) =>
        (await ctx.loaders.tags.load(paper.key)).filter((tag) => !args.kind || tag.kind === args.kind),
    }),
    submissions: t.field({
      type: [SubmissionRef],
      resolve: (paper, _args, ctx) => ctx.loaders.submissions.load(paper.key),
    }),
  }),
});

/** Citation lists: each edge carries the sentences in which the citing paper cites the cited one. */
function citationConnection(direction: 'citations' | 'references') {
  return builder.connectionObject(
    {
      type: PaperRef,
      name: direction === 'citations' ? 'PaperCitationConnection' : 'PaperReferenceConnection',
    },
    {
      name: direction === 'citations' ? 'PaperCitationEdge' : 'PaperReferenceEdge',
      fields: (t) => ({
        contexts: t.stringList({
          description: 'The sentences in which the citing paper cites the cited one (empty when unknown).',
          resolve: (edge) => (edge as unknown as { contexts: string[] }).contexts,
        }),
      }),
    },
  );
}

const CitationConnection = citationConnection('citations');
const ReferenceConnection = citationConnection('references');

function citationField(direction: 'citations' | 'references') {
  return async (paper: PaperView, args: Record<string, unknown>, ctx: Context) => {
    // The cursor names the list and the paper: a cursor from another paper's list is refused.
    const list = `Paper.${direction}:${paper.key}`;
    const { first, after } = forwardPage(args);
    const position = after ? (decodeCursor(list, after, ['n', 'n', 's']) as unknown as CitationCursor) : null;
    const rows = await ctx.citations.page(direction, paper.key, position, first + 1);
    // The page brings its papers' fields: the nodes cost no further query.
    const loader = PaperRef.getDataloader(ctx);
    for (const row of rows) if (row.view) loader.prime(row.key, row.view);
    return toConnection(
      rows,
      first,
      (row) => encodeCursor(list, [row.influence, row.year, row.key]),
      (row) => ({ node: row.key, contexts: row.contexts ?? [] }),
    );
  };
}

builder.objectField(PaperRef, 'citations', (t) =>
  t.field({
    type: CitationConnection,
    description: 'Papers citing this one, most cited (within the graph) first, then newest.',
    args: { ...t.arg.connectionArgs() },
    resolve: citationField('citations') as never,
  }),
);

builder.objectField(PaperRef, 'references', (t) =>
  t.field({
    type: ReferenceConnection,
    description: 'Papers this one cites, most cited first, then newest.',
    args: { ...t.arg.connectionArgs() },
    resolve: citationField('references') as never,
  }),
);

/** Resolves a user's paper identifier to a key; BAD_USER_INPUT when it is no identifier. */
export async function resolvePaperKey(
  ctx: Context,
  id: string,
  argument: string,
): Promise<string | undefined> {
  const parsed = parsePaperIdentifier(id);
  if (!parsed) {
    throw badInput(
      `\`${argument}\` must be an arXiv id (2301.12345, hep-th/9901001, with or without version), a DOI or an ` +
        `OpenReview id; got ${JSON.stringify(id.slice(0, 80))}.`,
      argument,
    );
  }
  return await ctx.catalog.resolvePaper(parsed);
}

/** Like resolvePaperKey, but NOT_FOUND when the graph has no such paper. */
export async function requirePaperKey(ctx: Context, id: string, argument: string): Promise<string> {
  const key = await resolvePaperKey(ctx, id, argument);
  if (!key) throw notFound(`No paper ${JSON.stringify(id.slice(0, 80))} in the graph.`);
  return key;
}

builder.queryField('paper', (t) =>
  t.field({
    type: PaperRef,
    nullable: true,
    description:
      'A paper by arXiv id (with or without version), DOI or OpenReview id; null when the graph does not have it.',
    args: { id: t.arg.string({ required: true }) },
    // One look-up gives the key and the paper's fields, which prime the loader: the paper costs one query.
    resolve: async (_root, args, ctx) => {
      const parsed = parsePaperIdentifier(args.id);
      if (!parsed) return await resolvePaperKey(ctx, args.id, 'id');
      const view = await ctx.catalog.paperByIdentifier(parsed);
      if (!view) return null;
      PaperRef.getDataloader(ctx).prime(view.key, view);
      return view.key;
    },
  }),
);
