/**
 * Curation mutations, behind the API key (`Authorization: Bearer <EMPIRICA_API_KEY>`): set or remove a
 * curator's tag on a paper. A curator's tag always wins over the tagger's and survives re-tagging;
 * `rejected: true` records that a label does NOT apply (it hides the tagger's tag for good).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { apiError, badInput } from '../errors.js';
import { requirePaperKey } from './paper.js';
import { PaperRef } from './refs.js';

/** A key of this process only: the digests below mean nothing outside it. */
const DIGEST_KEY = randomBytes(32);
const digest = (key: string) => createHmac('sha256', DIGEST_KEY).update(key, 'utf8').digest();

/**
 * Compares a presented API key with the expected one in constant time: both sides become 32-byte HMAC
 * digests first, so the comparison takes the same time whatever the length of either key and wherever
 * they first differ (a raw comparison with a length check first would tell the key's length).
 */
export function apiKeyMatches(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

function requireApiKey(ctx: Context): void {
  const { expected, presented } = ctx.auth;
  if (!expected) {
    throw apiError('UNAUTHENTICATED', 'Mutations are disabled on this server: it has no EMPIRICA_API_KEY.');
  }
  if (!presented) {
    throw apiError('UNAUTHENTICATED', 'This mutation needs an API key: send `Authorization: Bearer <key>`.');
  }
  if (!apiKeyMatches(presented, expected)) throw apiError('UNAUTHENTICATED', 'The API key is not valid.');
}

function kindOf(ctx: Context, label: string): 'subfield' | 'contribution' {
  const kind = ctx.taxonomy.kindOf(label);
  if (!kind) {
    throw badInput(
      `Unknown label ${JSON.stringify(label.slice(0, 60))}; known: ${ctx.taxonomy.labels.join(', ')}.`,
      'label',
    );
  }
  return kind;
}

const CuratorTagInput = builder.inputType('CuratorTagInput', {
  fields: (t) => ({
    paper: t.string({ required: true, description: 'arXiv id, DOI or OpenReview id.' }),
    label: t.string({ required: true, description: 'A subfield or contribution-type slug.' }),
    curator: t.string({ required: true, description: 'Who decides (a name or handle).' }),
    reason: t.string({ required: true, description: 'Why, in one line.' }),
    rejected: t.boolean({
      required: false,
      defaultValue: false,
      description: 'True: the label does not apply to this paper.',
    }),
  }),
});

builder.mutationType({ description: 'Curation; every mutation needs the API key.' });

builder.mutationField('setCuratorTag', (t) =>
  t.field({
    type: PaperRef,
    description:
      'Sets a curator’s tag on a paper (replacing the tagger’s tag of that label); returns the paper.',
    args: { input: t.arg({ type: CuratorTagInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      requireApiKey(ctx);
      const kind = kindOf(ctx, input.label);
      const curator = input.curator.trim();
      const reason = input.reason.trim();
      if (!curator || curator.length > 200) throw badInput('`curator` must be 1–200 characters.', 'curator');
      if (!reason || reason.length > 1000) throw badInput('`reason` must be 1–1000 characters.', 'reason');
      const key = await requirePaperKey(ctx, input.paper, 'paper');
      await ctx.tags.curate(key, [
        { kind, slug: input.label, curator, reason, rejected: input.rejected ?? false },
      ]);
      ctx.loaders.tags.clear(key);
      return key;
    },
  }),
);

builder.mutationField('removeCuratorTag', (t) =>
  t.field({
    type: PaperRef,
    description:
      'Removes a curator’s decision on one label; the tagger decides that label again at the next re-tag.',
    args: { paper: t.arg.string({ required: true }), label: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => {
      requireApiKey(ctx);
      kindOf(ctx, args.label);
      const key = await requirePaperKey(ctx, args.paper, 'paper');
      await ctx.tags.clearCuration(key, args.label);
      ctx.loaders.tags.clear(key);
      return key;
    },
  }),
);
