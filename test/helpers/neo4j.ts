/**
 * Integration-test helpers: a Graph on the Neo4j the global setup provides, and a TestScope that gives
 * each test identifiers of its own (arXiv ids under a random YYMM., DOIs under 10.5555/<tag>., author
 * names ending in the tag) so tests isolate by prefix and clean up after themselves.
 */
import { randomInt } from 'node:crypto';
import { inject } from 'vitest';
import type { Config } from '../../src/config.js';
import { connectGraph, type Graph } from '../../src/graph/driver.js';

export type TestNeo4j = Config['neo4j'];

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: TestNeo4j;
  }
}

export async function connectTestGraph(source = 'test'): Promise<Graph> {
  return await connectGraph(inject('neo4j'), { source });
}

const letters = 'abcdefghijklmnopqrstuvwxyz';

export class TestScope {
  /** Letters only, so it fits every identifier format (categories included). */
  readonly tag = Array.from({ length: 8 }, () => letters[randomInt(26)]).join('');
  /** A YYMM no real crawl will use in tests: 9000–9899 (arXiv ids from the year 1990 never had 5 digits). */
  readonly yymm = String(9000 + randomInt(900));

  constructor(private readonly graph: Graph) {}

  arxiv(n: number): string {
    return `${this.yymm}.${String(n).padStart(5, '0')}`;
  }

  doi(n: number): string {
    return `10.5555/${this.tag}.${n}`;
  }

  openreview(n: number): string {
    return `${this.tag}${String(n).padStart(4, '0')}`;
  }

  author(name: string): string {
    return `${name} ${this.tag}`;
  }

  category(): string {
    return `x${this.tag}.LG`;
  }

  private readonly paperFilter = `p.arxivId STARTS WITH $arxivPrefix OR p.doi STARTS WITH $doiPrefix
  OR p.openreviewId STARTS WITH $tag`;

  private get params() {
    return { arxivPrefix: `${this.yymm}.`, doiPrefix: `10.5555/${this.tag}.`, tag: this.tag };
  }

  /** Nodes and relationships that belong to this scope's papers, authors and categories. */
  async counts(): Promise<{ papers: number; authors: number; categories: number; relationships: number }> {
    const [row] = await this.graph.read<{
      papers: number;
      authors: number;
      categories: number;
      relationships: number;
    }>({
      text: `CALL () { MATCH (p:Paper) WHERE ${this.paperFilter} RETURN count(p) AS papers }
CALL () { MATCH (a:Author) WHERE a.name ENDS WITH $tag RETURN count(a) AS authors }
CALL () { MATCH (c:Category) WHERE c.id STARTS WITH 'x' + $tag RETURN count(c) AS categories }
CALL () { MATCH (p:Paper)-[r]-() WHERE ${this.paperFilter} RETURN count(DISTINCT r) AS relationships }
RETURN papers, authors, categories, relationships`,
      params: this.params,
    });
    if (!row) throw new Error('count query returned nothing');
    return row;
  }

  async cleanup(): Promise<void> {
    await this.graph.write({
      text: `CALL () { MATCH (p:Paper) WHERE ${this.paperFilter} DETACH DELETE p }
CALL () { MATCH (a:Author) WHERE a.name ENDS WITH $tag DETACH DELETE a }
CALL () { MATCH (c:Category) WHERE c.id STARTS WITH 'x' + $tag DETACH DELETE c }`,
      params: this.params,
    });
  }
}

/**
 * Deletes the papers with these identifiers (crawl tests write real papers' ids, not scoped ones), and
 * the authors left without any paper.
 */
export async function deletePapers(
  graph: Graph,
  ids: { arxivIds?: readonly string[]; dois?: readonly string[]; openreviewIds?: readonly string[] },
): Promise<void> {
  await graph.write({
    text: `MATCH (p:Paper) WHERE p.arxivId IN $arxivIds OR p.doi IN $dois OR p.openreviewId IN $openreviewIds
OPTIONAL MATCH (p)<-[:AUTHORED]-(a:Author)
DETACH DELETE p
WITH DISTINCT a WHERE a IS NOT NULL AND NOT (a)-[:AUTHORED]->()
DETACH DELETE a`,
    params: {
      arxivIds: ids.arxivIds ?? [],
      dois: (ids.dois ?? []).map((d) => d.toLowerCase()),
      openreviewIds: ids.openreviewIds ?? [],
    },
  });
}
