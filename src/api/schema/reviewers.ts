/**
 * Reviewer finding for workshop organizers: `reviewerCandidates` (ranked, explained, conflict-free
 * candidates for one submission) and `reviewerAssignment` (a whole venue, exact min-cost flow).
 */
import { normalizeName } from '../../domain/authors.js';
import type { Conflict, DeclaredConflict } from '../../reviewers/affinity.js';
import {
  type AssignmentResult,
  type CandidatesResult,
  type RankedCandidate,
  ReviewerFinder,
  ReviewerInputError,
  type SubmissionInput,
} from '../../reviewers/finder.js';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { badInput, notFound } from '../errors.js';
import { resolvePaperKey } from './paper.js';
import { PaperRef } from './refs.js';

export const REVIEWER_LIMITS = {
  maxCandidates: 50,
  maxSubmissions: 500,
  maxPool: 2000,
  maxPerSubmission: 10,
};

const ConflictKindEnum = builder.enumType('ConflictKind', {
  values: {
    AUTHOR: { description: 'The candidate is an author of the submission.' },
    COAUTHOR: { description: 'Co-authored a paper with one of its authors within the window.' },
    INSTITUTION: {
      description: 'Shared an institution domain with one of its authors in an overlapping period.',
    },
    DECLARED: { description: 'Declared by the organizer.' },
  } as const,
});

const ConflictRef = builder.objectRef<Conflict>('Conflict').implement({
  description: 'Why a candidate may not review a submission.',
  fields: (t) => ({
    kind: t.field({ type: ConflictKindEnum, resolve: (c) => c.kind }),
    withAuthor: t.exposeString('with', {
      nullable: true,
      description: 'Key of the author the conflict is with.',
    }),
    detail: t.exposeString('detail'),
  }),
});

const MatchedPaperRef = builder.objectRef<{ key: string; similarity: number }>('MatchedPaper').implement({
  description: 'One of the candidate’s papers and how similar its text is to the submission (cosine, 0–1).',
  fields: (t) => ({
    paper: t.field({ type: PaperRef, resolve: (m) => m.key }),
    similarity: t.exposeFloat('similarity'),
  }),
});

const CandidateRef = builder.objectRef<RankedCandidate>('ReviewerCandidate').implement({
  description: 'A possible reviewer with the affinity score and what it rests on.',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'Author key.' }),
    name: t.exposeString('name'),
    score: t.float({
      description: 'Affinity in [0, 1] = 0.6 · text + 0.25 · labels + 0.15 · citations.',
      resolve: (c) => c.affinity.score,
    }),
    text: t.float({
      description: 'Text similarity of the best-matching papers.',
      resolve: (c) => c.affinity.text,
    }),
    labels: t.float({
      description: 'Share of the submission’s labels among the candidate’s.',
      resolve: (c) => c.affinity.labels,
    }),
    citations: t.float({
      description: 'Papers of the candidate the submission cites (3 count fully).',
      resolve: (c) => c.affinity.citations,
    }),
    relevantPapers: t.exposeInt('relevantPapers', {
      description: 'The candidate’s papers similar to the submission.',
    }),
    matchedPapers: t.field({
      type: [MatchedPaperRef],
      description: 'The candidate’s best-matching papers.',
      resolve: (c) => [...c.affinity.matchedPapers],
    }),
    sharedLabels: t.stringList({ resolve: (c) => [...c.affinity.sharedLabels] }),
    citedPapers: t.field({
      type: [PaperRef],
      description: 'The candidate’s papers the submission cites.',
      resolve: (c) => [...c.affinity.citedPapers],
    }),
    conflicts: t.field({ type: [ConflictRef], resolve: (c) => [...c.conflicts] }),
  }),
});

const CandidatesRef = builder
  .objectRef<CandidatesResult & { includeConflicted: boolean }>('ReviewerCandidates')
  .implement({
    fields: (t) => ({
      title: t.string({ description: 'The submission’s title.', resolve: (r) => r.submission.title }),
      candidates: t.field({
        type: [CandidateRef],
        description: 'Best first; never a conflicted candidate.',
        resolve: (r) => [...r.candidates],
      }),
      conflicted: t.field({
        type: [CandidateRef],
        description:
          'Candidates left out for a conflict, with the reasons (empty unless `includeConflicted`).',
        resolve: (r) => (r.includeConflicted ? [...r.conflicted] : []),
      }),
    }),
  });

const SubmissionInputRef = builder.inputType('ReviewerSubmissionInput', {
  description:
    'A paper in the graph (`paper`), or a submission given directly (`title`, `abstract`, `authors`).',
  fields: (t) => ({
    paper: t.string({ required: false, description: 'arXiv id, DOI or OpenReview id.' }),
    title: t.string({ required: false }),
    abstract: t.string({ required: false }),
    authors: t.stringList({ required: false, description: 'Author names as printed.' }),
  }),
});

const FilterInputRef = builder.inputType('ReviewerFilter', {
  fields: (t) => ({
    minRelevantPapers: t.int({
      required: false,
      description: 'Papers similar to the submission (default 1).',
    }),
    sinceYear: t.int({ required: false, description: 'Only papers from this year on count.' }),
    subfields: t.stringList({ required: false, description: 'The candidate needs a paper in one of these.' }),
  }),
});

const DeclaredConflictInputRef = builder.inputType('DeclaredConflictInput', {
  description: 'A conflict the organizer knows of.',
  fields: (t) => ({
    reviewer: t.string({ required: true, description: 'Author key or name of the reviewer.' }),
    with: t.string({
      required: true,
      description: 'Author key or name, a submission id, or `*` (every submission).',
    }),
    reason: t.string({ required: false }),
  }),
});

function finderOf(ctx: Context) {
  return new ReviewerFinder(ctx.reviewers);
}

function declaredOf(
  list: ReadonlyArray<{ reviewer: string; with: string; reason?: string | null }> | null | undefined,
) {
  return (list ?? []).slice(0, 1000).map(
    (d): DeclaredConflict => ({
      reviewer: d.reviewer,
      with: d.with,
      ...(d.reason ? { reason: d.reason } : {}),
    }),
  );
}

function checkYears(years: number | null | undefined): number {
  const value = years ?? 3;
  if (!Number.isInteger(value) || value < 0 || value > 50)
    throw badInput('`coauthorYears` must be 0–50.', 'coauthorYears');
  return value;
}

async function translate<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ReviewerInputError) throw badInput(error.message);
    throw error;
  }
}

builder.queryField('reviewerCandidates', (t) =>
  t.field({
    type: CandidatesRef,
    description:
      'Ranked, explained reviewers for one submission, without conflicts (author, co-author within ' +
      '`coauthorYears`, shared institution in an overlapping period, declared).',
    args: {
      submission: t.arg({ type: SubmissionInputRef, required: true }),
      first: t.arg.int({ required: false, defaultValue: 10 }),
      filter: t.arg({ type: FilterInputRef, required: false }),
      conflicts: t.arg({ type: [DeclaredConflictInputRef], required: false }),
      coauthorYears: t.arg.int({ required: false, defaultValue: 3 }),
      includeConflicted: t.arg.boolean({ required: false, defaultValue: false }),
    },
    resolve: async (_root, args, ctx) => {
      const first = args.first ?? 10;
      if (first < 1 || first > REVIEWER_LIMITS.maxCandidates)
        throw badInput(`\`first\` must be between 1 and ${REVIEWER_LIMITS.maxCandidates}.`, 'first');
      const s = args.submission;
      let input: SubmissionInput;
      if (s.paper) {
        const key = await resolvePaperKey(ctx, s.paper, 'submission.paper');
        if (!key) throw notFound(`No paper ${JSON.stringify(s.paper.slice(0, 80))} in the graph.`);
        input = { key };
      } else if (s.title?.trim()) {
        if ((s.authors?.length ?? 0) > 100)
          throw badInput('At most 100 authors per submission.', 'submission.authors');
        const authors = (s.authors ?? []).filter((a) => normalizeName(a));
        input = { title: s.title.slice(0, 2000), abstract: (s.abstract ?? '').slice(0, 20_000), authors };
      } else {
        throw badInput(
          '`submission` needs `paper`, or a `title` (with `abstract` and `authors`).',
          'submission',
        );
      }
      const filter = args.filter ?? {};
      const result = await translate(() =>
        finderOf(ctx).candidates(
          input,
          {
            minRelevantPapers: filter.minRelevantPapers ?? 1,
            sinceYear: filter.sinceYear ?? null,
            subfields: filter.subfields ?? null,
          },
          { coauthorYears: checkYears(args.coauthorYears), declared: declaredOf(args.conflicts) },
          first,
        ),
      );
      return { ...result, includeConflicted: args.includeConflicted ?? false };
    },
  }),
);

interface AssignmentView extends AssignmentResult {
  readonly perSubmission: number;
  readonly maxLoad: number;
}

const AssignmentRowRef = builder
  .objectRef<AssignmentResult['rows'][number]>('ReviewerAssignmentRow')
  .implement({
    fields: (t) => ({
      submission: t.field({ type: PaperRef, resolve: (row) => row.submission.key ?? '' }),
      reviewers: t.field({ type: [CandidateRef], resolve: (row) => [...row.reviewers] }),
      quality: t.float({
        description: 'Mean affinity of its reviewers.',
        resolve: (row) => Math.round(row.quality * 1000) / 1000,
      }),
      shortfall: t.exposeString('shortfall', {
        nullable: true,
        description: 'Why it has fewer reviewers than asked.',
      }),
    }),
  });

const LoadRef = builder.objectRef<{ key: string; papers: number }>('ReviewerLoad').implement({
  fields: (t) => ({ reviewer: t.exposeString('key'), papers: t.exposeInt('papers') }),
});

const AssignmentRef = builder.objectRef<AssignmentView>('ReviewerAssignment').implement({
  description: 'Each submission’s reviewers, maximising the total affinity under the constraints (exact).',
  fields: (t) => ({
    perSubmission: t.exposeInt('perSubmission'),
    maxLoad: t.exposeInt('maxLoad'),
    poolSize: t.exposeInt('poolSize'),
    totalAffinity: t.float({ resolve: (a) => Math.round(a.totalAffinity * 1000) / 1000 }),
    rows: t.field({ type: [AssignmentRowRef], resolve: (a) => [...a.rows] }),
    underloaded: t.stringList({
      description: 'Reviewers left below `minLoad` (the slots did not allow more).',
      resolve: (a) => [...a.underloaded],
    }),
    loads: t.field({
      type: [LoadRef],
      description: 'Reviewers with at least one paper, most loaded first.',
      resolve: (a) =>
        [...a.loads]
          .map(([key, papers]) => ({ key, papers }))
          .sort((x, y) => y.papers - x.papers || x.key.localeCompare(y.key)),
    }),
  }),
});

builder.queryField('reviewerAssignment', (t) =>
  t.field({
    type: AssignmentRef,
    description:
      'Gives every submission (a venue’s, or a list) `perSubmission` reviewers from a pool (given author keys, ' +
      'or the graph’s authors with at least `poolMinPapers` papers), none more than `maxLoad`, none conflicted, ' +
      'maximising the total affinity exactly (min-cost flow).',
    args: {
      venue: t.arg.string({ required: false }),
      submissions: t.arg.stringList({ required: false, description: 'Paper ids, instead of a venue.' }),
      pool: t.arg.stringList({ required: false, description: 'Reviewer author keys.' }),
      perSubmission: t.arg.int({ required: false, defaultValue: 3 }),
      maxLoad: t.arg.int({ required: false, defaultValue: 4 }),
      minLoad: t.arg.int({
        required: false,
        defaultValue: 0,
        description:
          'Give every reviewer at least this many, where the slots allow, before maximising affinity.',
      }),
      poolMinPapers: t.arg.int({ required: false, defaultValue: 2 }),
      conflicts: t.arg({ type: [DeclaredConflictInputRef], required: false }),
      coauthorYears: t.arg.int({ required: false, defaultValue: 3 }),
    },
    resolve: async (_root, args, ctx) => {
      const perSubmission = args.perSubmission ?? 3;
      const maxLoad = args.maxLoad ?? 4;
      if (perSubmission < 1 || perSubmission > REVIEWER_LIMITS.maxPerSubmission)
        throw badInput(
          `\`perSubmission\` must be between 1 and ${REVIEWER_LIMITS.maxPerSubmission}.`,
          'perSubmission',
        );
      if (maxLoad < 1 || maxLoad > 100) throw badInput('`maxLoad` must be between 1 and 100.', 'maxLoad');
      const repository = ctx.reviewers;
      let keys: string[];
      if (args.venue) {
        const found = await repository.venueSubmissions(args.venue.slice(0, 300));
        if (!found) throw notFound(`No venue ${JSON.stringify(args.venue.slice(0, 80))} in the graph.`);
        keys = found;
      } else if (args.submissions?.length) {
        keys = [];
        for (const id of args.submissions.slice(0, REVIEWER_LIMITS.maxSubmissions + 1)) {
          const key = await resolvePaperKey(ctx, id, 'submissions');
          if (!key) throw notFound(`No paper ${JSON.stringify(id.slice(0, 80))} in the graph.`);
          if (!keys.includes(key)) keys.push(key);
        }
      } else {
        throw badInput('Give a `venue` or a list of `submissions`.', 'venue');
      }
      if (keys.length > REVIEWER_LIMITS.maxSubmissions)
        throw badInput(`At most ${REVIEWER_LIMITS.maxSubmissions} submissions per request.`, 'submissions');
      if ((args.pool?.length ?? 0) > REVIEWER_LIMITS.maxPool)
        throw badInput(`At most ${REVIEWER_LIMITS.maxPool} reviewers per request.`, 'pool');
      const result = await translate(() =>
        new ReviewerFinder(repository).assign({
          submissions: keys,
          pool: args.pool ?? null,
          perSubmission,
          maxLoad,
          minLoad: args.minLoad ?? 0,
          poolMinPapers: args.poolMinPapers ?? 2,
          poolLimit: REVIEWER_LIMITS.maxPool,
          finder: { coauthorYears: checkYears(args.coauthorYears), declared: declaredOf(args.conflicts) },
        }),
      );
      return { ...result, perSubmission, maxLoad };
    },
  }),
);
