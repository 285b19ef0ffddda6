/**
 * Review aid: the exact Cypher and parameters of each PaperRepository statement. A change to a query shows
 * up here as a snapshot diff; values only ever appear in the parameters.
 */
import { describe, expect, it } from 'vitest';
import * as q from '../../src/graph/paper.queries.js';

describe('paper.queries', () => {
  it('lookupIdentities', () => {
    expect(
      q.lookupIdentities([{ arxivId: '1611.03530', doi: '10.1145/3446776' }, { arxivId: '1611.03530' }]),
    ).toMatchInlineSnapshot(`
        {
          "params": {
            "arxivIds": [
              "1611.03530",
            ],
            "dois": [
              "10.1145/3446776",
            ],
            "openreviewIds": [],
          },
          "text": "CALL () {
          UNWIND $arxivIds AS value MATCH (p:Paper {arxivId: value}) RETURN p
          UNION
          UNWIND $dois AS value MATCH (p:Paper {doi: value}) RETURN p
          UNION
          UNWIND $openreviewIds AS value MATCH (p:Paper {openreviewId: value}) RETURN p
        }
        RETURN p.id AS key, p.arxivId AS arxivId, p.doi AS doi, p.openreviewId AS openreviewId",
        }
      `);
  });

  it('upsertPapers', () => {
    expect(
      q.upsertPapers([
        {
          key: 'arxiv:1611.03530',
          props: {
            arxivId: '1611.03530',
            title: 'Understanding deep learning requires rethinking generalization',
            year: 2017,
          },
          authors: [
            {
              key: 'name:chiyuan zhang',
              name: 'Chiyuan Zhang',
              nameKey: 'chiyuan zhang',
              openreviewId: null,
              position: 0,
            },
          ],
          categories: [{ id: 'cs.LG', primary: true }],
          fill: false,
        },
        {
          key: 'doi:10.1145/3446776',
          props: { title: 'No byline in this record' },
          authors: null,
          categories: null,
          fill: true,
        },
      ]),
    ).toMatchInlineSnapshot(`
      {
        "params": {
          "rows": [
            {
              "authors": [
                {
                  "key": "name:chiyuan zhang",
                  "name": "Chiyuan Zhang",
                  "nameKey": "chiyuan zhang",
                  "openreviewId": null,
                  "position": 0,
                },
              ],
              "categories": [
                {
                  "id": "cs.LG",
                  "primary": true,
                },
              ],
              "fill": false,
              "key": "arxiv:1611.03530",
              "props": {
                "arxivId": "1611.03530",
                "title": "Understanding deep learning requires rethinking generalization",
                "year": 2017,
              },
            },
            {
              "authors": null,
              "categories": null,
              "fill": true,
              "key": "doi:10.1145/3446776",
              "props": {
                "title": "No byline in this record",
              },
            },
          ],
        },
        "text": "UNWIND $rows AS row
      MERGE (p:Paper {id: row.key})
      ON CREATE SET p.createdAt = datetime()
      WITH p, row, row.fill AND p.stub = false AND p.source <> row.props.source AS fillOnly
      SET p += CASE WHEN fillOnly THEN {} ELSE row.props END, p.stub = false
      FOREACH (k IN CASE WHEN fillOnly THEN [k IN keys(row.props) WHERE p[k] IS NULL] ELSE [] END | SET p[k] = row.props[k])
      WITH p, row, fillOnly
      CALL (p, row, fillOnly) {
        WITH p, row, fillOnly WHERE row.authors IS NOT NULL
        MATCH (p)<-[r:AUTHORED]-(old:Author)
        WHERE (NOT coalesce(fillOnly, false) AND NOT old.nameKey IN [au IN row.authors | au.nameKey])
          OR (old.openreviewId IS NULL AND old.nameKey IN [au IN row.authors WHERE au.openreviewId IS NOT NULL | au.nameKey])
        DELETE r
      }
      CALL (p, row) {
        UNWIND coalesce(row.authors, []) AS au
        OPTIONAL MATCH (p)<-[:AUTHORED]-(profiled:Author {nameKey: au.nameKey})
        WHERE au.openreviewId IS NULL AND profiled.openreviewId IS NOT NULL
        WITH p, au, head(collect(profiled.key)) AS profiledKey
        MERGE (a:Author {key: coalesce(profiledKey, au.key)})
        ON CREATE SET a.name = au.name, a.nameKey = au.nameKey, a.openreviewId = au.openreviewId
        MERGE (a)-[r:AUTHORED]->(p)
        SET r.position = au.position
      }
      CALL (p, row) {
        WITH p, row WHERE row.categories IS NOT NULL
        MATCH (p)-[r:IN_CATEGORY]->(old:Category)
        WHERE NOT old.id IN [c IN row.categories | c.id]
        DELETE r
      }
      CALL (p, row) {
        UNWIND coalesce(row.categories, []) AS cat
        MERGE (c:Category {id: cat.id})
        MERGE (p)-[r:IN_CATEGORY]->(c)
        SET r.primary = cat.primary
      }",
      }
    `);
  });

  it('createStubs', () => {
    expect(
      q.createStubs([{ key: 'doi:10.1145/3446776', props: { doi: '10.1145/3446776' } }]),
    ).toMatchInlineSnapshot(`
      {
        "params": {
          "rows": [
            {
              "key": "doi:10.1145/3446776",
              "props": {
                "doi": "10.1145/3446776",
              },
            },
          ],
        },
        "text": "UNWIND $rows AS row
      MERGE (p:Paper {id: row.key})
      ON CREATE SET p += row.props, p.stub = true, p.createdAt = datetime()",
      }
    `);
  });

  it('addIdentifiers', () => {
    expect(q.addIdentifiers([{ key: 'doi:10.1/a', ids: { arxivId: '2001.08361' } }])).toMatchInlineSnapshot(`
      {
        "params": {
          "rows": [
            {
              "ids": {
                "arxivId": "2001.08361",
              },
              "key": "doi:10.1/a",
            },
          ],
        },
        "text": "UNWIND $rows AS row
      MATCH (p:Paper {id: row.key})
      SET p += row.ids",
      }
    `);
  });

  it('mergeCitations', () => {
    expect(
      q.mergeCitations([
        {
          from: 'arxiv:1803.03635',
          to: 'arxiv:1611.03530',
          contexts: ['Zhang et al. show …'],
          sources: ['arxiv-html'],
        },
      ]),
    ).toMatchInlineSnapshot(`
      {
        "params": {
          "denseCiters": 256,
          "rows": [
            {
              "contexts": [
                "Zhang et al. show …",
              ],
              "from": "arxiv:1803.03635",
              "sources": [
                "arxiv-html",
              ],
              "to": "arxiv:1611.03530",
            },
          ],
        },
        "text": "UNWIND $rows AS row
      MATCH (a:Paper {id: row.from})
      MATCH (b:Paper {id: row.to})
      MERGE (a)-[c:CITES]->(b)
      ON CREATE SET c.contexts = row.contexts, c.sources = row.sources, c.createdAt = datetime()
      ON MATCH SET
        c.contexts = coalesce(c.contexts, []) + [x IN row.contexts WHERE NOT x IN coalesce(c.contexts, [])],
        c.sources = coalesce(c.sources, []) + [x IN row.sources WHERE NOT x IN coalesce(c.sources, [])]
      WITH b, c WHERE c.createdAt = datetime()
      WITH DISTINCT b WHERE b.rankedCiters IS NOT NULL OR COUNT { (b)<-[:CITES]-() } >= $denseCiters
      SET b.rankedStale = true",
      }
    `);
  });

  it('markReferences and papersMissingReferences', () => {
    expect(q.markReferences([{ arxivId: '1611.03530', status: 'ok', count: 42 }])).toMatchInlineSnapshot(`
      {
        "params": {
          "rows": [
            {
              "arxivId": "1611.03530",
              "count": 42,
              "status": "ok",
            },
          ],
        },
        "text": "UNWIND $rows AS row
      MATCH (p:Paper {arxivId: row.arxivId})
      SET p.refsStatus = row.status, p.refsCount = row.count",
      }
    `);
    expect(q.papersMissingReferences(100)).toMatchInlineSnapshot(`
      {
        "params": {
          "limit": 100,
        },
        "text": "MATCH (p:Paper)
      WHERE p.arxivId IS NOT NULL AND p.stub = false AND (p.refsStatus IS NULL OR p.refsStatus = 'error')
      RETURN p.arxivId AS arxivId
      ORDER BY p.refsStatus IS NULL DESC, arxivId
      LIMIT toInteger($limit)",
      }
    `);
  });

  it('getPapersByKeys and getReferences', () => {
    expect(q.getPapersByKeys(['arxiv:1611.03530'])).toMatchInlineSnapshot(`
      {
        "params": {
          "keys": [
            "arxiv:1611.03530",
          ],
        },
        "text": "UNWIND $keys AS key
      MATCH (p:Paper {id: key})
      RETURN p {
        .*,
        createdAt: toString(p.createdAt),
        authors: COLLECT {
          MATCH (a:Author)-[r:AUTHORED]->(p)
          RETURN a {.key, .name, .openreviewId, position: r.position} ORDER BY r.position
        },
        categories: COLLECT {
          MATCH (p)-[r:IN_CATEGORY]->(c:Category)
          RETURN c.id ORDER BY r.primary DESC, c.id
        }
      } AS paper",
      }
    `);
    expect(q.getReferences('arxiv:1611.03530')).toMatchInlineSnapshot(`
      {
        "params": {
          "key": "arxiv:1611.03530",
        },
        "text": "MATCH (:Paper {id: $key})-[c:CITES]->(q:Paper)
      RETURN q.id AS key, q.stub AS stub, q.title AS title, c.contexts AS contexts, c.sources AS sources
      ORDER BY key",
      }
    `);
  });
});
