/**
 * Tags in the graph: the taxonomy nodes, the tagger's tags, curator tags (which always win), and
 * re-tagging in pages. The tagger itself is pure (src/tagging); this is where its output is stored.
 */
import type { Tagger } from '../tagging/tagger.js';
import type { Taxonomies, TaxonomyItem } from '../tagging/taxonomy.js';
import type { Graph, TransactionRunner } from './driver.js';
import * as q from './tag.queries.js';

export interface StoredTag {
  readonly kind: 'subfield' | 'contribution';
  readonly slug: string;
  readonly confidence: number;
  readonly evidence: string | null;
  /** `tagger@<version>` or `curator`. */
  readonly source: string;
  readonly taggedAt: string;
  readonly curator: string | null;
  readonly reason: string | null;
  /** A curator's "this label does not apply". */
  readonly rejected: boolean;
}

export interface CuratorTag {
  readonly kind: 'subfield' | 'contribution';
  readonly slug: string;
  /** Who decided (a name or handle). */
  readonly curator: string;
  /** Why, in one line. */
  readonly reason: string;
  /** True: the label does not apply (hides a tagger tag for good). Default false. */
  readonly rejected?: boolean;
}

interface TaggerInputRow {
  readonly key: string;
  readonly title: string;
  readonly abstract: string | null;
  readonly categories: string[];
  readonly contexts: string[];
  readonly [k: string]: unknown;
}

export interface RetagProgress {
  readonly done: number;
  readonly total: number;
}

function nodeRows(items: readonly TaxonomyItem[], version: number): q.TaxonomyNodeRow[] {
  return items.map((item) => ({
    slug: item.slug,
    props: {
      name: item.name,
      definition: item.definition,
      taxonomyVersion: version,
      examples: item.examples.map((e) => e.arxivId),
    },
  }));
}

/** Tags a page of tagger inputs and returns the rows to write. */
function tagRows(tagger: Tagger, inputs: readonly TaggerInputRow[]): q.TaggerRow[] {
  return inputs.map((input) => {
    const result = tagger.tag({
      title: input.title,
      abstract: input.abstract,
      categories: input.categories,
      citationContexts: input.contexts,
    });
    return { key: input.key, subfields: result.subfields, contributions: result.contributions };
  });
}

export class TagRepository {
  constructor(
    private readonly graph: Graph,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Creates or updates the (:Subfield) and (:ContributionType) nodes from the taxonomy files. */
  async syncTaxonomies(taxonomy: Taxonomies): Promise<{ subfields: number; types: number }> {
    const [row] = await this.graph.write<{ subfields: number; types: number }>(
      q.syncTaxonomies(
        nodeRows(taxonomy.subfields.items, taxonomy.subfields.version),
        nodeRows(taxonomy.contributionTypes.items, taxonomy.contributionTypes.version),
      ),
    );
    return row ?? { subfields: 0, types: 0 };
  }

  /**
   * Tags the given papers inside an open transaction (used by PaperRepository as papers are stored).
   * Stubs and papers with curated tag sets are skipped.
   */
  async tagInTransaction(tx: TransactionRunner, tagger: Tagger, keys: readonly string[]): Promise<number> {
    if (!keys.length) return 0;
    const inputs = await tx.run<TaggerInputRow>(q.taggerInputs(keys));
    if (!inputs.length) return 0;
    await tx.run(q.writeTaggerTags(tagRows(tagger, inputs), tagger.version, this.now().toISOString()));
    return inputs.length;
  }

  /** Tags the given papers now, in one transaction. */
  async tagPapers(tagger: Tagger, keys: readonly string[]): Promise<number> {
    return await this.graph.writeTransaction((tx) => this.tagInTransaction(tx, tagger, keys));
  }

  /**
   * Re-tags papers page by page: `all`, or only those never tagged or tagged by another tagger version
   * (`--stale`). Curator tags survive; papers whose tags are curated as a whole are skipped.
   */
  async retag(
    tagger: Tagger,
    options: { all: boolean; pageSize?: number; onProgress?: (progress: RetagProgress) => void },
  ): Promise<RetagProgress> {
    const pageSize = options.pageSize ?? 500;
    const [count] = await this.graph.read<{ papers: number }>(
      q.countPapersToTag({ all: options.all, version: tagger.version }),
    );
    const total = count?.papers ?? 0;
    let done = 0;
    let after = '';
    for (;;) {
      const page = await this.graph.read<TaggerInputRow>(
        q.papersToTag({ all: options.all, version: tagger.version, after, limit: pageSize }),
      );
      if (!page.length) break;
      await this.graph.write(
        q.writeTaggerTags(tagRows(tagger, page), tagger.version, this.now().toISOString()),
      );
      done += page.length;
      after = (page[page.length - 1] as TaggerInputRow).key;
      options.onProgress?.({ done, total });
      if (page.length < pageSize) break;
    }
    return { done, total };
  }

  /** Writes curator tags for one paper (by its internal key); each replaces any tagger tag of that label. */
  async curate(key: string, tags: readonly CuratorTag[]): Promise<number> {
    return await this.graph.writeTransaction(async (tx) => {
      let written = 0;
      for (const kind of ['subfield', 'contribution'] as const) {
        const rows = tags
          .filter((t) => t.kind === kind)
          .map((t) => ({
            key,
            slug: t.slug,
            curator: t.curator,
            reason: t.reason,
            rejected: t.rejected ?? false,
            at: this.now().toISOString(),
          }));
        if (!rows.length) continue;
        const [row] = await tx.run<{ written: number }>(q.curateTags(kind, rows));
        written += row?.written ?? 0;
      }
      return written;
    });
  }

  /** Writes curator tags for many papers at once (the landmark loader). */
  async curateMany(
    kind: 'subfield' | 'contribution',
    tags: ReadonlyArray<Omit<q.CuratorTagInput, 'at'>>,
  ): Promise<number> {
    const at = this.now().toISOString();
    const [row] = await this.graph.write<{ written: number }>(
      q.curateTags(
        kind,
        tags.map((t) => ({ ...t, at })),
      ),
    );
    return row?.written ?? 0;
  }

  async markTagsCurated(keys: readonly string[]): Promise<void> {
    await this.graph.write(q.markTagsCurated(keys));
  }

  /** Removes a curator's decision on one label; the tagger decides it again at the next re-tag. */
  async clearCuration(key: string, slug: string): Promise<number> {
    const [row] = await this.graph.write<{ removed: number }>(q.clearCuratorTag(key, slug));
    return row?.removed ?? 0;
  }

  /** A paper's tags; curator rejections are left out unless asked for. */
  async tagsOf(key: string, options: { includeRejected?: boolean } = {}): Promise<StoredTag[]> {
    const rows = await this.graph.read<StoredTag & Record<string, unknown>>(q.tagsOf(key));
    return options.includeRejected ? rows : rows.filter((r) => !r.rejected);
  }
}
