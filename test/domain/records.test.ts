import { describe, expect, it } from 'vitest';
import { authorKeyFor, normalizeName } from '../../src/domain/authors.js';
import {
  citationRecordSchema,
  labelPaperInput,
  paperRecordSchema,
  validateRecords,
} from '../../src/domain/records.js';

describe('paperRecordSchema', () => {
  it('should canonicalise identifiers and collapse whitespace', () => {
    const record = paperRecordSchema.parse({
      arxivId: 'arXiv:1611.03530v2',
      doi: 'https://doi.org/10.1145/3446776',
      title: '  Understanding deep learning\n   requires rethinking generalization ',
      authors: [{ name: 'Chiyuan  Zhang' }],
      categories: ['cs.LG', 'stat.ML'],
      source: 'test',
    });
    expect(record).toMatchObject({
      arxivId: '1611.03530',
      doi: '10.1145/3446776',
      title: 'Understanding deep learning requires rethinking generalization',
      authors: [{ name: 'Chiyuan Zhang' }],
    });
  });

  it('should require an identifier and a title', () => {
    const result = paperRecordSchema.safeParse({ title: '', source: 'test' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual(
      expect.arrayContaining(['title is empty', 'needs at least one of arxivId, doi, openreviewId']),
    );
  });
});

describe('citationRecordSchema', () => {
  it('should refuse a paper citing itself under the same identifier', () => {
    const result = citationRecordSchema.safeParse({
      from: { arxivId: '1611.03530' },
      to: { arxivId: '1611.03530v2' },
      source: 'test',
    });
    expect(result.success).toBe(false);
  });

  it('should default contexts to an empty list', () => {
    const record = citationRecordSchema.parse({
      from: { arxivId: '1611.03530' },
      to: { doi: '10.1000/x' },
      source: 't',
    });
    expect(record.contexts).toEqual([]);
  });
});

describe(validateRecords.name, () => {
  it('should name each rejected record by identifier or title, with every field problem', () => {
    const { valid, rejected } = validateRecords(
      paperRecordSchema,
      [
        { arxivId: '1611.03530', title: 'ok', source: 't' },
        { title: 'No identifier here', source: 't', year: 1066 },
        'garbage',
      ],
      labelPaperInput,
    );
    expect(valid.map((v) => v.index)).toEqual([0]);
    expect(rejected).toEqual([
      {
        index: 1,
        record: 'title="No identifier here"',
        errors: [
          'year: Too small: expected number to be >=1900',
          'arxivId: needs at least one of arxivId, doi, openreviewId',
        ],
      },
      {
        index: 2,
        record: '(not an object: string)',
        errors: ['(record): Invalid input: expected object, received string'],
      },
    ]);
  });
});

describe(authorKeyFor.name, () => {
  it('should prefer the OpenReview profile id, else the normalised name', () => {
    expect(authorKeyFor({ name: 'Jane Doe', openreviewId: '~Jane_Doe1' })).toBe('openreview:~Jane_Doe1');
    expect(authorKeyFor({ name: 'Jürgen  Schmidhuber' })).toBe('name:jurgen schmidhuber');
    expect(normalizeName("Yann L'Cun-Smith")).toBe('yann l cun-smith');
  });
});
