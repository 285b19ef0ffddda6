import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildNotesParams,
  buildNotesUrl,
  buildProfilesUrl,
  CHALLENGE_REQUIRED_ERROR,
  MAX_PROFILE_IDS,
  type NotesPage,
  OPENREVIEW_API_URL,
  type OpenReviewSubmission,
  parseLoginResponse,
  parseNotesPage,
  parseProfiles,
  readApiError,
  SUBMISSION_STATES,
  stateOfVenueId,
  TOO_MANY_REQUESTS_ERROR,
  venueIdForState,
} from '../../../ingest/sources/openreview/openreview.parser.js';
import { paperRecordSchema } from '../../../src/domain/records.js';

const text = (name: string) =>
  readFileSync(new URL(`../../fixtures/openreview/${name}`, import.meta.url), 'utf8');
const json = (name: string): unknown => JSON.parse(text(name));

const VENUE = 'NeurIPS.cc/2024/Workshop/SciForDL';
const ACCEPTED_PAGES = [
  'notes_accepted_offset0.json',
  'notes_accepted_offset2.json',
  'notes_accepted_offset4.json',
];
const STATE_PAGES = {
  rejected: 'notes_rejected.json',
  withdrawn: 'notes_withdrawn.json',
  'desk-rejected': 'notes_desk_rejected.json',
  'under-review': 'notes_under_review.json',
} as const;
const ALL_NOTE_PAGES = [...ACCEPTED_PAGES, ...Object.values(STATE_PAGES), 'notes_malformed.json'];

const page = (name: string) => parseNotesPage(json(name), VENUE);
const accepted = () => ACCEPTED_PAGES.flatMap((name) => page(name).submissions);

function byId(submissions: readonly OpenReviewSubmission[], id: string): OpenReviewSubmission {
  const found = submissions.find((s) => s.forumId === id);
  if (!found) throw new Error(`no submission ${id}`);
  return found;
}

/** The raw note of a fixture, to compare parsed dates with the epoch milliseconds it carries. */
function rawNote(name: string, id: string): Record<string, unknown> {
  const notes = (json(name) as { notes: Array<Record<string, unknown>> }).notes;
  const note = notes.find((n) => n?.id === id);
  if (!note) throw new Error(`no note ${id} in ${name}`);
  return note;
}

/** A minimal valid v2 submission note of the venue; `patch` overrides top-level fields and content. */
function note(
  id: string,
  patch: { top?: Record<string, unknown>; content?: Record<string, unknown> } = {},
): Record<string, unknown> {
  return {
    id,
    forum: id,
    cdate: Date.UTC(2024, 8, 1),
    content: {
      title: { value: `Paper ${id}` },
      authors: { value: ['Jane Roe', 'John Doe'] },
      authorids: { value: ['~Jane_Roe1', '~John_Doe1'] },
      venueid: { value: VENUE },
      ...patch.content,
    },
    ...patch.top,
  };
}

describe(buildNotesUrl.name, () => {
  it('should build the accepted-papers query with direct replies, paging and a count on the first page', () => {
    expect(buildNotesUrl(OPENREVIEW_API_URL, { venueId: VENUE, offset: 0, limit: 2 })).toBe(
      'https://api2.openreview.net/notes?content.venueid=NeurIPS.cc%2F2024%2FWorkshop%2FSciForDL' +
        '&details=directReplies&offset=0&limit=2&count=true',
    );
  });

  it("should query each state's content.venueid", () => {
    const venueIdOf = (state: (typeof SUBMISSION_STATES)[number]) =>
      new URL(
        buildNotesUrl(OPENREVIEW_API_URL, { venueId: VENUE, state, offset: 0, limit: 1000 }),
      ).searchParams.get('content.venueid');
    expect(Object.fromEntries(SUBMISSION_STATES.map((state) => [state, venueIdOf(state)]))).toEqual({
      accepted: VENUE,
      rejected: `${VENUE}/Rejected_Submission`,
      withdrawn: `${VENUE}/Withdrawn_Submission`,
      'desk-rejected': `${VENUE}/Desk_Rejected_Submission`,
      'under-review': `${VENUE}/Submission`,
    });
  });

  it('should ask for the count only on the first page unless told otherwise', () => {
    const params = (offset: number, count?: boolean) =>
      Object.fromEntries(
        buildNotesParams({ venueId: VENUE, offset, limit: 2, ...(count === undefined ? {} : { count }) }),
      );
    expect(params(2)).toEqual({
      'content.venueid': VENUE,
      details: 'directReplies',
      offset: '2',
      limit: '2',
    });
    expect(params(2, true).count).toBe('true');
    expect(params(0, false).count).toBeUndefined();
  });

  it('should drop a trailing slash of the base URL and keep its path', () => {
    expect(
      buildNotesUrl('http://127.0.0.1:4000/openreview/', { venueId: 'TMLR', offset: 0, limit: 5 }),
    ).toMatch(/^http:\/\/127\.0\.0\.1:4000\/openreview\/notes\?content\.venueid=TMLR&/);
  });

  it('should refuse a limit outside 1-1000 and an offset that is not an integer >= 0', () => {
    const build = (offset: number, limit: number) =>
      buildNotesUrl(OPENREVIEW_API_URL, { venueId: VENUE, offset, limit });
    expect(() => build(0, 1000)).not.toThrow();
    expect(() => build(0, 1001)).toThrow(/"limit" must be an integer from 1 to 1000, got 1001/);
    expect(() => build(0, 0)).toThrow(/"limit"/);
    expect(() => build(0, 2.5)).toThrow(/"limit"/);
    expect(() => build(-1, 10)).toThrow(/"offset" must be an integer ≥ 0, got -1/);
    expect(() => build(Number.NaN, 10)).toThrow(/"offset"/);
  });

  it('should refuse venue ids that are not ones, or that already name a state, and unknown states', () => {
    const build = (venueId: string, state?: string) =>
      buildNotesUrl(OPENREVIEW_API_URL, {
        venueId,
        ...(state ? { state: state as 'accepted' } : {}),
        offset: 0,
        limit: 10,
      });
    expect(() => build('')).toThrow(/venue id must look like ICLR.cc\/2024\/Conference/);
    expect(() => build('ICLR.cc/2024/Conference?x=1')).toThrow(/venue id/);
    expect(() => build('/ICLR.cc/2024')).toThrow(/venue id/);
    expect(() => build(`${VENUE}/Rejected_Submission`)).toThrow(
      /already ends in \/Rejected_Submission; pass the venue id and a state/,
    );
    expect(() => build(VENUE, 'published')).toThrow(/state must be one of accepted, rejected/);
  });

  it('should refuse a base URL that is not http(s) or carries a query', () => {
    const build = (base: string) => buildNotesUrl(base, { venueId: VENUE, offset: 0, limit: 10 });
    expect(() => build('api2.openreview.net')).toThrow(/not a URL/);
    expect(() => build('ftp://api2.openreview.net')).toThrow(/must be http\(s\)/);
    expect(() => build('https://api2.openreview.net/?token=x')).toThrow(/must be http\(s\)/);
  });
});

describe(venueIdForState.name, () => {
  it('should round-trip with stateOfVenueId for every state', () => {
    for (const state of SUBMISSION_STATES)
      expect(stateOfVenueId(venueIdForState(VENUE, state), VENUE)).toBe(state);
  });

  it('should not take another venue, or a venue whose id only starts the same, for a state', () => {
    expect(stateOfVenueId('ICLR.cc/2019/Conference', VENUE)).toBeUndefined();
    expect(stateOfVenueId(`${VENUE}2`, VENUE)).toBeUndefined();
    expect(stateOfVenueId(`${VENUE}/Camera_Ready`, VENUE)).toBeUndefined();
  });
});

describe(buildProfilesUrl.name, () => {
  it('should list the ids once each, comma-separated, in order', () => {
    const url = new URL(
      buildProfilesUrl(OPENREVIEW_API_URL, ['~Jonathan_Frankle1', '~Michael_Carbin1', '~Jonathan_Frankle1']),
    );
    expect(url.origin + url.pathname).toBe('https://api2.openreview.net/profiles');
    expect(url.searchParams.get('ids')).toBe('~Jonathan_Frankle1,~Michael_Carbin1');
  });

  it('should refuse an empty list, ids that are not profile ids and too many ids', () => {
    expect(() => buildProfilesUrl(OPENREVIEW_API_URL, [])).toThrow(/non-empty array/);
    expect(() => buildProfilesUrl(OPENREVIEW_API_URL, ['Jonathan_Frankle1'])).toThrow(
      /ids\[0\] \("Jonathan_Frankle1"\) is not a profile id/,
    );
    expect(() => buildProfilesUrl(OPENREVIEW_API_URL, ['~A_B1', '~Jane_Doe1,~John_Doe1'])).toThrow(
      /ids\[1\]/,
    );
    const many = Array.from({ length: MAX_PROFILE_IDS + 1 }, (_, i) => `~Person_${i}1`);
    expect(() => buildProfilesUrl(OPENREVIEW_API_URL, many)).toThrow(/at most 100 OpenReview profile ids/);
    expect(() => buildProfilesUrl(OPENREVIEW_API_URL, many.slice(1))).not.toThrow();
  });

  it('should refuse an e-mail address without repeating it in the message', () => {
    let message = '';
    try {
      buildProfilesUrl(OPENREVIEW_API_URL, ['~Jane_Roe1', 'jane.roe@example.org']);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/ids\[1\] is not a profile id .*e-mail addresses are not looked up/);
    expect(message).not.toContain('@');
  });
});

describe(parseNotesPage.name, () => {
  it('should read the accepted papers across pages of 2 with the total count on the first page', () => {
    const pages = ACCEPTED_PAGES.map(page);
    expect(pages.map((p) => p.count)).toEqual([5, undefined, undefined]);
    expect(pages.map((p) => p.submissions.map((s) => s.forumId))).toEqual([
      ['kR7mZq2VtP', 'Lt9cHx4NbW'],
      ['Gk3pWm8sQa', 'Dd2uYf6RkE'],
      ['Sc5nJv1TzH'],
    ]);
    expect(pages.flatMap((p) => p.problems)).toEqual([]);
    expect(accepted().every((s) => s.state === 'accepted' && s.venueId === VENUE)).toBe(true);
  });

  it('should turn a note into a submission and a paper record with profile ids only', () => {
    expect(byId(accepted(), 'kR7mZq2VtP')).toEqual({
      forumId: 'kR7mZq2VtP',
      number: 12,
      venueId: VENUE,
      state: 'accepted',
      decision: 'Accept (Oral)',
      record: {
        openreviewId: 'kR7mZq2VtP',
        arxivId: '1611.03530',
        title: 'Understanding deep learning requires rethinking generalization',
        abstract: expect.stringMatching(
          /^Large networks trained by gradient descent can fit completely random/,
        ),
        authors: [
          { name: 'Chiyuan Zhang', openreviewId: '~Chiyuan_Zhang1' },
          { name: 'Samy Bengio', openreviewId: '~Samy_Bengio1' },
          { name: 'Moritz Hardt', openreviewId: '~Moritz_Hardt1' },
          { name: 'Benjamin Recht' },
          { name: 'Oriol Vinyals', openreviewId: '~Oriol_Vinyals1' },
        ],
        year: 2017,
        publishedAt: '2017-02-06T15:00:00.000Z',
        source: 'openreview',
      },
      authorIds: ['~Chiyuan_Zhang1', '~Samy_Bengio1', '~Moritz_Hardt1', '~Oriol_Vinyals1'],
      keywords: ['generalization', 'memorization', 'random labels'],
      pdfUrl: 'https://openreview.net/pdf?id=kR7mZq2VtP',
    });
  });

  it('should give the Lottery Ticket note no arXiv id and its 2019 pdate, one year after arXiv 1803.03635', () => {
    const lottery = byId(accepted(), 'Lt9cHx4NbW');
    expect(lottery.record.arxivId).toBeUndefined();
    expect(lottery.record.title).toBe(
      'The Lottery Ticket Hypothesis: Finding Sparse, Trainable Neural Networks',
    );
    expect(lottery.record.authors?.[0]).toEqual({
      name: 'Jonathan Frankle',
      openreviewId: '~Jonathan_Frankle1',
    });
    expect(lottery.record.year).toBe(2019);
    expect(lottery.record.publishedAt).toBe('2019-05-06T12:00:00.000Z');
    expect(lottery.decision).toBe('Accept (Poster)');
  });

  it('should date a paper from pdate, else odate, else cdate (epoch milliseconds)', () => {
    const iso = (file: string, id: string, field: string) =>
      new Date(rawNote(file, id)[field] as number).toISOString();
    const subs = accepted();
    expect(rawNote(ACCEPTED_PAGES[0] as string, 'kR7mZq2VtP').pdate).toBe(1486393200000);
    expect(byId(subs, 'kR7mZq2VtP').record.publishedAt).toBe(
      iso(ACCEPTED_PAGES[0] as string, 'kR7mZq2VtP', 'pdate'),
    );
    const doubleDescent = byId(subs, 'Dd2uYf6RkE');
    expect(rawNote(ACCEPTED_PAGES[1] as string, 'Dd2uYf6RkE').pdate).toBeUndefined();
    expect(doubleDescent.record.publishedAt).toBe(iso(ACCEPTED_PAGES[1] as string, 'Dd2uYf6RkE', 'odate'));
    expect(doubleDescent.record.publishedAt).toBe('2019-09-26T09:00:00.000Z');
    const scaling = byId(subs, 'Sc5nJv1TzH');
    expect(scaling.record.publishedAt).toBe(iso(ACCEPTED_PAGES[2] as string, 'Sc5nJv1TzH', 'cdate'));
    expect(scaling.record.year).toBe(2020);
  });

  it('should find the arXiv id in _bibtex eprint, arXiv: text, arxiv.org links in html and an arxiv field', () => {
    const arxiv = Object.fromEntries(
      [
        ...accepted(),
        ...page('notes_malformed.json').submissions,
        ...page(STATE_PAGES.withdrawn).submissions,
      ].map((s) => [s.forumId, s.record.arxivId]),
    );
    expect(arxiv).toEqual({
      kR7mZq2VtP: '1611.03530', // eprint={1611.03530}
      Lt9cHx4NbW: undefined,
      Gk3pWm8sQa: '2201.02177', // html: https://arxiv.org/abs/2201.02177v1
      Dd2uYf6RkE: '1912.02292', // journal={arXiv preprint arXiv:1912.02292}
      Sc5nJv1TzH: '2001.08361', // arxiv: arXiv:2001.08361
      Ad4mOp1Qz9: '1412.6980', // https://arxiv.org/pdf/1412.6980v9.pdf in _bibtex
      Aw9dEc4Ty7: undefined,
      Wd8tBn3CvY: '1712.09913', // html, version dropped
    });
    expect(page(STATE_PAGES['desk-rejected']).submissions[0]?.record.arxivId).toBe('1609.04836');
  });

  it('should take the decision from a Decision reply in directReplies or replies, else from the venue', () => {
    const decisions = Object.fromEntries(accepted().map((s) => [s.forumId, s.decision]));
    expect(decisions).toEqual({
      kR7mZq2VtP: 'Accept (Oral)', // directReplies, after an Official_Review
      Lt9cHx4NbW: 'Accept (Poster)', // directReplies
      Gk3pWm8sQa: 'Poster', // no details: "NeurIPS 2024 Workshop SciForDL Poster"
      Dd2uYf6RkE: 'Accept (Spotlight)', // details.replies
      Sc5nJv1TzH: 'poster', // "… poster": casing kept
    });
  });

  it('should classify rejected, withdrawn, desk-rejected and under-review pages', () => {
    const summary = Object.fromEntries(
      Object.entries(STATE_PAGES).map(([state, file]) => {
        const parsed = page(file);
        expect(parsed.problems).toEqual([]);
        expect(parsed.count).toBe(1);
        return [state, parsed.submissions.map((s) => [s.forumId, s.state, s.decision ?? null])];
      }),
    );
    expect(summary).toEqual({
      rejected: [['Rj4eKq7LmX', 'rejected', 'Reject']],
      withdrawn: [['Wd8tBn3CvY', 'withdrawn', null]], // a Withdrawal reply is no decision
      'desk-rejected': [['Dr6hPs9GwF', 'desk-rejected', null]],
      'under-review': [['Ur1xMk5JqN', 'under-review', null]],
    });
  });

  it('should keep byline order, drop e-mail author ids and leave anonymous submissions without authors', () => {
    const rejected = page(STATE_PAGES.rejected).submissions[0];
    expect(rejected?.record.authors).toEqual([
      { name: 'Pierre Foret', openreviewId: '~Pierre_Foret1' },
      { name: 'Ariel Kleiner' },
      { name: 'Hossein Mobahi', openreviewId: '~Hossein_Mobahi2' },
      { name: 'Behnam Neyshabur', openreviewId: '~Behnam_Neyshabur1' },
    ]);
    expect(rejected?.authorIds).toEqual(['~Pierre_Foret1', '~Hossein_Mobahi2', '~Behnam_Neyshabur1']);
    const anonymous = page(STATE_PAGES['under-review']).submissions[0];
    expect(anonymous?.record.authors).toBeUndefined();
    expect(anonymous?.authorIds).toEqual([]);
    expect(anonymous?.record.title).toBe(
      'Neural Tangent Kernel: Convergence and Generalization in Neural Networks',
    );
  });

  it('should report malformed notes by id (or position) with reasons and still parse the rest', () => {
    const parsed = page('notes_malformed.json');
    expect(parsed.count).toBe(9);
    expect(parsed.submissions.map((s) => s.forumId)).toEqual(['Ad4mOp1Qz9', 'Aw9dEc4Ty7']);
    expect(parsed.problems).toEqual([
      { id: 'Mt0tLe5Xk2', errors: ['content.title: missing or empty'] },
      {
        id: 'Wt7yPe3Zr8',
        errors: [
          'content.title.value: expected a string, got number',
          'content.authors.value: expected an array of strings, got string',
          'pdate: expected epoch milliseconds (an integer), got string',
        ],
      },
      {
        id: 'Uw5rAp2Vq6',
        errors: [
          'content.title: not wrapped in {value: …} (string; an API v1 note?)',
          'content.abstract: not wrapped in {value: …} (string; an API v1 note?)',
        ],
      },
      { id: '#4', errors: ['id: missing'] },
      {
        id: 'Ov2eNu6Bf3',
        errors: [
          `content.venueid: "ICLR.cc/2019/Conference" is neither ${VENUE} nor one of its submission states`,
        ],
      },
      { id: '#8', errors: ['not an object (null)'] },
    ]);
    // The Official_Comment reply (Rp3lYc8Mn4) is neither a submission nor a problem.
    expect(JSON.stringify(parsed)).not.toContain('Rp3lYc8Mn4');
  });

  it('should never put an e-mail address anywhere in the output', () => {
    const emails = ALL_NOTE_PAGES.flatMap(
      (name) => text(name).match(/[\w.]+@example\.(?:org|com|net)/g) ?? [],
    );
    expect(emails.length).toBeGreaterThanOrEqual(8);
    for (const name of ALL_NOTE_PAGES) expect(JSON.stringify(page(name)), name).not.toContain('@');
  });

  it('should produce only records that pass paperRecordSchema', () => {
    const records = ALL_NOTE_PAGES.flatMap((name) => page(name).submissions.map((s) => s.record));
    expect(records).toHaveLength(11);
    for (const record of records)
      expect(paperRecordSchema.safeParse(record).success, record.title).toBe(true);
  });

  it('should take the latest of several Decision replies', () => {
    const decisionReply = (text: string, tmdate: number) => ({
      id: `d${tmdate}`,
      replyto: 'Ab12Cd34Ef',
      invitations: [`${VENUE}/Submission1/-/Decision`],
      tmdate,
      content: { decision: { value: text } },
    });
    const parsed = parseNotesPage(
      {
        notes: [
          note('Ab12Cd34Ef', {
            top: {
              details: {
                directReplies: [decisionReply('Accept (Oral)', 2), decisionReply('Accept (Poster)', 1)],
              },
            },
          }),
        ],
      },
      VENUE,
    );
    expect(parsed.submissions[0]?.decision).toBe('Accept (Oral)');
  });

  it('should report dates that are not epoch milliseconds', () => {
    const parsed = parseNotesPage({ notes: [note('Ab12Cd34Ef', { top: { pdate: 1_700_000_000 } })] }, VENUE);
    expect(parsed.problems).toEqual([
      {
        id: 'Ab12Cd34Ef',
        errors: ['pdate: 1700000000 is not an epoch-millisecond date between 1990 and 2100 (seconds?)'],
      },
    ]);
  });

  it('should not pair profile ids with names when authors and authorids differ in length', () => {
    const parsed = parseNotesPage(
      { notes: [note('Ab12Cd34Ef', { content: { authorids: { value: ['~Jane_Roe1'] } } })] },
      VENUE,
    );
    expect(parsed.submissions[0]?.record.authors).toEqual([{ name: 'Jane Roe' }, { name: 'John Doe' }]);
    expect(parsed.submissions[0]?.authorIds).toEqual(['~Jane_Roe1']);
  });

  it('should report a note whose author name is an e-mail address without repeating it', () => {
    const parsed = parseNotesPage(
      { notes: [note('Ab12Cd34Ef', { content: { authors: { value: ['Jane Roe', 'john@example.org'] } } })] },
      VENUE,
    );
    expect(parsed.problems).toEqual([
      { id: 'Ab12Cd34Ef', errors: ['content.authors.value[1]: an e-mail address where a name belongs'] },
    ]);
    expect(JSON.stringify(parsed)).not.toContain('@');
  });

  it('should read an empty page and refuse a body that is not a notes page', () => {
    expect(parseNotesPage({ notes: [], count: 0 }, VENUE)).toEqual<NotesPage>({
      submissions: [],
      problems: [],
      count: 0,
    });
    expect(() => parseNotesPage(json('error_403_challenge.json'), VENUE)).toThrow(
      /no "notes" array \(an error body: ChallengeRequiredError\)/,
    );
    expect(() => parseNotesPage([], VENUE)).toThrow(/not a JSON object \(array\)/);
    expect(() => parseNotesPage({ notes: [] }, 'not a venue')).toThrow(/venue id/);
  });
});

describe(parseProfiles.name, () => {
  const { profiles, problems } = parseProfiles(json('profiles.json'));
  const profile = (id: string) => {
    const found = profiles.find((p) => p.id === id);
    if (!found) throw new Error(`no profile ${id}`);
    return found;
  };

  it('should read every profile with its preferred name, all names and the institution history', () => {
    expect(problems).toEqual([]);
    expect(profiles.map((p) => [p.id, p.name])).toEqual([
      ['~Jonathan_Frankle1', 'Jonathan Frankle'],
      ['~Michael_Carbin1', 'Michael Carbin'],
      ['~Samy_Bengio1', 'Samy Bengio'], // the preferred name, listed second
      ['~Moritz_Hardt1', 'Moritz Hardt'], // none preferred: the first
      ['~Chiyuan_Zhang1', 'Chiyuan Zhang'],
      ['~Alethea_Power1', 'Alethea Power'],
    ]);
    expect(profile('~Samy_Bengio1').names).toEqual(['S. Bengio', 'Samy Bengio']);
    expect(profile('~Jonathan_Frankle1').history).toEqual([
      { domain: 'databricks.com', institution: 'Databricks', position: 'Chief Scientist', start: 2023 },
      {
        domain: 'mit.edu',
        institution: 'Massachusetts Institute of Technology',
        position: 'PhD student',
        start: 2016,
        end: 2023,
      },
    ]);
  });

  it('should build names from first, middle and last, lower-case and trim domains and drop entries without one', () => {
    expect(profile('~Moritz_Hardt1')).toEqual({
      id: '~Moritz_Hardt1',
      name: 'Moritz Hardt',
      names: ['Moritz Hardt', 'Moritz A. Hardt'],
      history: [
        {
          domain: 'is.mpg.de',
          institution: 'Max Planck Institute for Intelligent Systems',
          position: 'Director',
          start: 2022,
        },
        {
          domain: 'berkeley.edu',
          institution: 'University of California, Berkeley',
          position: 'Assistant Professor',
          start: 2016,
          end: 2022,
        },
      ],
    });
    expect(profile('~Michael_Carbin1').history.map((h) => h.domain)).toEqual(['mit.edu']);
    expect(profile('~Alethea_Power1').history).toHaveLength(1);
  });

  it('should give years as numbers, also when the profile wrote one as a string', () => {
    expect(profile('~Chiyuan_Zhang1').history[0]).toEqual({
      domain: 'google.com',
      institution: 'Google',
      position: 'Research Scientist',
      start: 2016,
    });
    for (const p of profiles)
      for (const h of p.history)
        for (const year of [h.start, h.end]) if (year !== undefined) expect(typeof year).toBe('number');
  });

  it('should keep no e-mail address', () => {
    expect(text('profiles.json')).toContain('@');
    expect(JSON.stringify(parseProfiles(json('profiles.json')))).not.toContain('@');
  });

  it('should report profiles without a usable id or name and keep the others', () => {
    const parsed = parseProfiles({
      profiles: [
        { id: 'jane.roe@example.org', content: { names: [{ fullname: 'Jane Roe' }] } },
        { content: { names: [{ fullname: 'No Id' }] } },
        { id: '~Nameless_Person1', content: { names: [{ fullname: ' ' }, { first: 'x@example.org' }] } },
        { id: '~No_Content1' },
        'not a profile',
        { id: '~Jane_Roe1', content: { names: [{ fullname: 'Jane  Roe', preferred: true }] } },
      ],
    });
    expect(parsed.profiles).toEqual([
      { id: '~Jane_Roe1', name: 'Jane Roe', names: ['Jane Roe'], history: [] },
    ]);
    expect(parsed.problems).toEqual([
      { id: '#0', errors: ['id: not a profile id such as ~Jane_Doe1'] },
      { id: '#1', errors: ['id: missing'] },
      { id: '~Nameless_Person1', errors: ['content.names: no usable name'] },
      { id: '~No_Content1', errors: ['content: missing or not an object (undefined)'] },
      { id: '#4', errors: ['not an object (string)'] },
    ]);
    expect(JSON.stringify(parsed)).not.toContain('@');
  });

  it('should refuse a body that is not a profiles answer', () => {
    expect(() => parseProfiles(json('error_401_token_expired.json'))).toThrow(
      /no "profiles" array \(an error body: TokenExpiredError\)/,
    );
    expect(() => parseProfiles(null)).toThrow(/no "profiles" array/);
  });
});

describe(parseLoginResponse.name, () => {
  it('should return the bearer token and nothing of the user', () => {
    const login = parseLoginResponse(json('login.json'));
    expect(Object.keys(login)).toEqual(['token']);
    expect(login.token).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('should throw a clear error when there is no token', () => {
    expect(() => parseLoginResponse({ user: { id: '~Jane_Roe1' } })).toThrow(
      'OpenReview login response has no token',
    );
    expect(() => parseLoginResponse({ token: '' })).toThrow(/has no token/);
    expect(() => parseLoginResponse('token')).toThrow(/not a JSON object/);
    expect(() => parseLoginResponse(json('error_403_challenge.json'))).toThrow(
      'OpenReview login failed: ChallengeRequiredError',
    );
    expect(() => parseLoginResponse({ mfaPending: true, mfaMethods: ['totp'] })).toThrow(/multi-factor/);
  });
});

describe(readApiError.name, () => {
  it('should recognise the 403 challenge by name', () => {
    const error = readApiError(403, text('error_403_challenge.json'));
    expect(error).toEqual({ name: CHALLENGE_REQUIRED_ERROR, message: 'Challenge verification required' });
  });

  it('should read the 401 expired-token body', () => {
    expect(readApiError(401, text('error_401_token_expired.json'))).toEqual({
      name: 'TokenExpiredError',
      message: 'jwt expired',
    });
  });

  it('should read the wait out of the plain-text 429', () => {
    const error = readApiError(429, text('error_429_too_many_requests.txt'));
    expect(error.name).toBe(TOO_MANY_REQUESTS_ERROR);
    expect(error.message).toMatch(/^Too many requests: You have made 102 requests/);
    expect(error.retryAfterMs).toBe((30 * 60 + 8) * 1000);
  });

  it('should read other spellings of the wait, and none when no duration is given', () => {
    const wait = (body: string) => readApiError(429, body).retryAfterMs;
    expect(wait('Too many requests: Please try again in 45 seconds (x)')).toBe(45_000);
    expect(wait('Too many requests: Please try again in 1 minute')).toBe(60_000);
    expect(wait('Too many requests. Please try again in 1 hour, 2 minutes and 3 seconds.')).toBe(3_723_000);
    expect(wait('Too many requests: Please try again in 500 ms')).toBe(500);
    expect(wait('Too many requests: Please try again later')).toBeUndefined();
    expect(wait('Too many requests')).toBeUndefined();
    expect(
      readApiError(
        429,
        JSON.stringify({ status: 429, name: 'RateLimitError', message: 'Please try again in 2 minutes' }),
      ),
    ).toEqual({ name: 'RateLimitError', message: 'Please try again in 2 minutes', retryAfterMs: 120_000 });
  });

  it('should name bodies that are not OpenReview errors and mask e-mail addresses', () => {
    expect(readApiError(502, '<html><body>Bad gateway</body></html>')).toEqual({
      name: 'HttpError',
      message: '<html><body>Bad gateway</body></html>',
    });
    expect(readApiError(503, '')).toEqual({ name: 'HttpError', message: 'HTTP 503' });
    expect(readApiError(500, '{"status": 500')).toEqual({ name: 'HttpError', message: '{"status": 500' });
    const masked = readApiError(
      400,
      JSON.stringify({
        status: 400,
        name: 'BadRequestError',
        message: 'No user for jane.roe@example.org',
        details: {},
      }),
    );
    expect(masked).toEqual({ name: 'BadRequestError', message: 'No user for <e-mail>' });
  });
});
