import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvCell, csvCells, readConflicts } from '../../cli/reviewers.command.js';
import { conflictsOf, submissionKeysOf } from '../../src/reviewers/affinity.js';

describe('reviewer CSV', () => {
  it('should quote what needs quoting and defuse spreadsheet formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, "b"')).toBe('"a, ""b"""');
    expect(csvCell('line\rbreak')).toBe('"line\rbreak"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell(0.5)).toBe('0.5');
  });

  it('should read declared conflicts with quoted cells and name the bad line', async () => {
    expect(csvCells('"Doe, Jane",Alice,"said ""no"""')).toEqual(['Doe, Jane', 'Alice', 'said "no"']);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'empirica-conflicts-'));
    const file = path.join(dir, 'conflicts.csv');
    await writeFile(file, 'reviewer,with,reason\n# a comment\n"Doe, Jane",Alice,advisor\n\nbroken\n');
    expect(() => readConflicts(file)).toThrow(/conflicts\.csv:5: needs/);
    await writeFile(file, 'reviewer,with\n"Doe, Jane",Alice,advisor\n');
    expect(readConflicts(file)).toEqual([{ reviewer: 'Doe, Jane', with: 'Alice', reason: 'advisor' }]);
  });
});

describe('declared conflicts', () => {
  const submission = {
    id: 'arxiv:2201.02177',
    authorKeys: ['name:jose garcia'],
    authorNames: new Map([['name:jose garcia', 'José García']]),
  };
  const base = { submission, coauthorships: [], affiliations: [], coauthorYears: 3, referenceYear: 2022 };

  it('should match names after normalisation and the submission by any of its ids', () => {
    const byName = conflictsOf({
      ...base,
      candidate: { key: 'name:erin x', name: 'Erin X' },
      declared: [{ reviewer: 'ERIN  X', with: 'Jose Garcia' }],
    });
    expect(byName.map((c) => [c.kind, c.with])).toEqual([['DECLARED', 'name:jose garcia']]);
    const byId = conflictsOf({
      ...base,
      candidate: { key: 'name:erin x', name: 'Erin X' },
      declared: [{ reviewer: 'name:erin x', with: 'arXiv:2201.02177v3' }],
    });
    expect(byId).toHaveLength(1);
    const empty = conflictsOf({
      ...base,
      candidate: { key: 'name:erin x', name: 'Erin X' },
      declared: [{ reviewer: 'Erin X', with: '  ' }],
    });
    expect(empty).toEqual([]);
    expect(submissionKeysOf('10.1145/3446776')).toContain('doi:10.1145/3446776');
  });
});
