/** `Author`: a person (an OpenReview profile when known, else a normalised name), with papers and co-authors. */
import type { AuthorView } from '../../graph/catalog.repository.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { badInput } from '../errors.js';
import { forwardPage, toConnection } from '../paging.js';
import { AuthorRef, PaperRef } from './refs.js';

interface Coauthor {
  readonly key: string;
  readonly sharedPapers: number;
}

const CoauthorRef = builder.objectRef<Coauthor>('Coauthor').implement({
  description: 'Someone who wrote papers with the author, and how many.',
  fields: (t) => ({
    author: t.field({ type: AuthorRef, resolve: (c) => c.key }),
    sharedPapers: t.exposeInt('sharedPapers'),
  }),
});

const SubfieldShareRef = builder.objectRef<{ label: string; papers: number }>('SubfieldShare').implement({
  description: 'How many of the author’s papers are in a subfield.',
  fields: (t) => ({
    subfield: t.exposeString('label', { description: 'Subfield slug.' }),
    papers: t.exposeInt('papers'),
  }),
});

const AuthorPapers = builder.connectionObject({ type: PaperRef, name: 'AuthorPaperConnection' });

AuthorRef.implement({
  description:
    'An author: an OpenReview profile when known (`openreview:~Jane_Doe1`), else a normalised name.',
  fields: (t) => ({
    key: t.exposeString('key'),
    name: t.exposeString('name'),
    openreviewId: t.exposeString('openreviewId', { nullable: true }),
    paperCount: t.exposeInt('paperCount'),
    papers: t.field({
      type: AuthorPapers,
      description: 'The author’s papers, newest first.',
      args: { ...t.arg.connectionArgs() },
      resolve: (async (author: AuthorView, args: Record<string, unknown>, ctx: Context) => {
        const { first, after } = forwardPage(args);
        const list = `Author.papers:${author.key}`;
        const position = after ? (decodeCursor(list, after, ['n', 's']) as [number, string]) : null;
        const rows = await ctx.catalog.papersOfAuthor(author.key, position, first + 1);
        return toConnection(
          rows,
          first,
          (row) => encodeCursor(list, [row.year, row.key]),
          (row) => ({ node: row.key }),
        );
      }) as never,
    }),
    coauthors: t.field({
      type: [CoauthorRef],
      description: 'Most frequent co-authors first.',
      args: { first: t.arg.int({ required: false, defaultValue: 10 }) },
      resolve: (author, args, ctx) => {
        const first = args.first ?? 10;
        if (first < 1 || first > 100) throw badInput('`first` must be between 1 and 100.', 'first');
        return ctx.catalog.coauthors(author.key, first);
      },
    }),
    subfieldProfile: t.field({
      type: [SubfieldShareRef],
      description: 'The subfields of the author’s papers, most frequent first.',
      resolve: (author, _args, ctx) => ctx.catalog.subfieldProfile(author.key),
    }),
  }),
});

export { AuthorRef };
