/**
 * OpenReview API v2 (`https://api2.openreview.net`): request builders and response parsers for a venue's
 * submissions (`GET /notes` by `content.venueid`), author profiles (`GET /profiles`), the login answer and
 * error bodies. Pure: options in, URLs out; parsed JSON in, records out; nothing is fetched.
 *
 * **Notes.** A v2 note wraps every `content` field as `{ value: … }` (an unwrapped field is the v1 shape and
 * is reported); dates are Unix epoch **milliseconds**. Where a submission stands is read from
 * `content.venueid` relative to the venue id: the bare venue id for accepted papers, `<venue>/Submission`
 * under review, `<venue>/Rejected_Submission`, `<venue>/Withdrawn_Submission`,
 * `<venue>/Desk_Rejected_Submission`. The decision text comes from a Decision reply when the note was fetched
 * with `details=directReplies` (or `replies`), else, for accepted papers, from the last word(s) of
 * `content.venue` (`ICLR 2024 Oral` → `Oral`). A note that cannot be read (no id, no title, a field of the
 * wrong type or not wrapped, a `venueid` of another venue) is reported in `problems` and the rest of the
 * page is still parsed; replies (`replyto` set) are skipped.
 *
 * **Personal data.** `content.authorids` holds profile ids (`~Jane_Doe1`) or, for authors without a profile,
 * e-mail addresses. Only profile ids are kept; e-mail addresses never reach the output, problems or error
 * messages included. Profiles keep names and institution history (domains), never e-mails.
 */
import { normalizeOpenReviewId, parseArxivId } from '../../../src/domain/identifiers.js';
import { type PaperRecordInput, paperRecordSchema } from '../../../src/domain/records.js';

/** The API v2 host. */
export const OPENREVIEW_API_URL = 'https://api2.openreview.net';
/** The public site, for links to PDFs. */
export const OPENREVIEW_SITE_URL = 'https://openreview.net';
/** `PaperRecord.source` of every record this parser produces. */
export const OPENREVIEW_SOURCE = 'openreview';
/** The most notes one `/notes` call returns (the official clients never ask for more). */
export const MAX_NOTES_LIMIT = 1000;
/** Profile ids per `/profiles?ids=` request, to keep the URL short. */
export const MAX_PROFILE_IDS = 100;
/** `name` of the 403 the anti-scraping gate answers (a `ForbiddenError` 403 is a permission problem). */
export const CHALLENGE_REQUIRED_ERROR = 'ChallengeRequiredError';
/** `name` given by `readApiError` to a plain-text 429. */
export const TOO_MANY_REQUESTS_ERROR = 'TooManyRequestsError';
/** `name` given by `readApiError` to any other body that is not an OpenReview JSON error. */
export const HTTP_ERROR = 'HttpError';

export const SUBMISSION_STATES = [
  'accepted',
  'rejected',
  'withdrawn',
  'desk-rejected',
  'under-review',
] as const;
export type SubmissionState = (typeof SUBMISSION_STATES)[number];

/** `content.venueid` of each state, after the venue id (openreview-py `venue.get_*_submission_venue_id`). */
const STATE_SUFFIX: Readonly<Record<SubmissionState, string>> = {
  accepted: '',
  rejected: '/Rejected_Submission',
  withdrawn: '/Withdrawn_Submission',
  'desk-rejected': '/Desk_Rejected_Submission',
  'under-review': '/Submission',
};

export interface OpenReviewSubmission {
  /** The forum id (= the note id for a submission). */
  readonly forumId: string;
  /** The submission number within the venue. */
  readonly number?: number;
  /** The venue id the page was read for (not the state's `content.venueid`). */
  readonly venueId: string;
  readonly state: SubmissionState;
  /** `Accept (Oral)` from a Decision reply, else the decision word of `content.venue` for accepted papers. */
  readonly decision?: string;
  /** Passes `paperRecordSchema`; `source: 'openreview'`, `openreviewId` = the note id. */
  readonly record: PaperRecordInput;
  /** The authors' profile ids (`~Jane_Doe1`) in byline order, without repeats; never e-mail addresses. */
  readonly authorIds: string[];
  readonly keywords: string[];
  /** Absolute link to the PDF when the note has one. */
  readonly pdfUrl?: string;
}

/** A note or profile that could not be read: its id (or `#<position>` on the page) and every reason. */
export interface OpenReviewProblem {
  readonly id: string;
  readonly errors: string[];
}

export interface NotesPage {
  /** Readable submissions in page order. */
  readonly submissions: OpenReviewSubmission[];
  readonly problems: OpenReviewProblem[];
  /** Total number of notes matching the query, when the server says (asked with `count=true`). */
  readonly count: number | undefined;
}

export interface OpenReviewProfile {
  /** `~Jane_Doe1`. */
  readonly id: string;
  /** The preferred full name, else the first. */
  readonly name: string;
  /** Every distinct full name, in the profile's order. */
  readonly names: string[];
  /** Positions with an institution domain (lower case); entries without a domain are dropped. */
  readonly history: Array<{
    domain: string;
    institution?: string;
    position?: string;
    start?: number;
    end?: number;
  }>;
}

export interface OpenReviewApiError {
  /** `ChallengeRequiredError`, `ForbiddenError`, `NotFoundError`, …; see the constants above. */
  readonly name: string;
  /** The server's message, e-mail addresses masked, shortened. */
  readonly message: string;
  /** How long the server asks to wait, when it says so in words (`try again in 30 minutes and 8 seconds`). */
  readonly retryAfterMs?: number;
}

// ---------------------------------------------------------------------------------------------------------
// Requests

export interface NotesQuery {
  /** `ICLR.cc/2024/Conference`, `NeurIPS.cc/2024/Workshop/SciForDL`, `TMLR`. */
  readonly venueId: string;
  /** Which submissions to list; `accepted` by default. */
  readonly state?: SubmissionState;
  readonly offset: number;
  /** 1 to 1000. */
  readonly limit: number;
  /** Ask for the total (`count=true`); by default only on the first page (offset 0). */
  readonly count?: boolean;
}

/** A venue id: path segments of letters, digits, `.`, `_`, `-`, separated by `/`. */
const VENUE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9._-]+)*$/;
/** A profile id as `authorSchema` accepts it, and safe inside a comma-separated list. */
const PROFILE_ID = /^~[^\s,@]+\d+$/;

/** The `content.venueid` that submissions in `state` carry at `venueId`. Throws on a bad venue id or state. */
export function venueIdForState(venueId: string, state: SubmissionState = 'accepted'): string {
  const venue = checkVenueId(venueId);
  if (!(SUBMISSION_STATES as readonly string[]).includes(state))
    throw new Error(
      `OpenReview submission state must be one of ${SUBMISSION_STATES.join(', ')}, got ${JSON.stringify(state)}`,
    );
  return `${venue}${STATE_SUFFIX[state]}`;
}

/**
 * The state a submission is in, from its `content.venueid` relative to `venueId`; undefined when the value
 * belongs to another venue or is no state id.
 */
export function stateOfVenueId(noteVenueId: string, venueId: string): SubmissionState | undefined {
  for (const state of SUBMISSION_STATES) if (noteVenueId === `${venueId}${STATE_SUFFIX[state]}`) return state;
  return undefined;
}

/**
 * Query of one `/notes` page, in this order: `content.venueid` (the state's id), `details=directReplies`
 * (so decisions come with the notes), `offset`, `limit`, and `count=true` when asked (default: on the first
 * page only). Throws an Error naming the bad option: a venue id that is not one or that already ends in a
 * state suffix, an unknown state, an offset that is not an integer ≥ 0, a limit outside 1–1000.
 */
export function buildNotesParams(query: NotesQuery): URLSearchParams {
  if (query === null || typeof query !== 'object')
    throw new Error('OpenReview notes query must be an object');
  const venueid = venueIdForState(query.venueId, query.state ?? 'accepted');
  const { offset, limit } = query;
  if (!Number.isSafeInteger(offset) || offset < 0)
    throw new Error(`OpenReview notes option "offset" must be an integer ≥ 0, got ${JSON.stringify(offset)}`);
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_NOTES_LIMIT)
    throw new Error(
      `OpenReview notes option "limit" must be an integer from 1 to ${MAX_NOTES_LIMIT}, got ${JSON.stringify(limit)}`,
    );
  if (query.count !== undefined && typeof query.count !== 'boolean')
    throw new Error(`OpenReview notes option "count" must be a boolean, got ${JSON.stringify(query.count)}`);
  const params = new URLSearchParams([
    ['content.venueid', venueid],
    ['details', 'directReplies'],
    ['offset', String(offset)],
    ['limit', String(limit)],
  ]);
  if (query.count ?? offset === 0) params.set('count', 'true');
  return params;
}

/** `<baseUrl>/notes?…` (see `buildNotesParams`). */
export function buildNotesUrl(baseUrl: string, query: NotesQuery): string {
  return `${checkBaseUrl(baseUrl)}/notes?${buildNotesParams(query).toString()}`;
}

/**
 * `<baseUrl>/profiles?ids=~A_B1,~C_D2`: ids de-duplicated in order. Throws on an empty list, more than
 * `MAX_PROFILE_IDS` ids, or an entry that is not a profile id (e-mail addresses are refused and never
 * echoed in the message).
 */
export function buildProfilesUrl(baseUrl: string, ids: readonly string[]): string {
  const base = checkBaseUrl(baseUrl);
  if (!Array.isArray(ids) || ids.length === 0)
    throw new Error('OpenReview profile ids must be a non-empty array of ids such as ~Jane_Doe1');
  ids.forEach((id, i) => {
    if (typeof id === 'string' && PROFILE_ID.test(id)) return;
    const shown = typeof id === 'string' && !id.includes('@') ? ` (${JSON.stringify(id)})` : '';
    const hint = typeof id === 'string' && id.includes('@') ? ': e-mail addresses are not looked up' : '';
    throw new Error(`OpenReview profile ids[${i}]${shown} is not a profile id such as ~Jane_Doe1${hint}`);
  });
  const unique = [...new Set(ids)];
  if (unique.length > MAX_PROFILE_IDS)
    throw new Error(
      `at most ${MAX_PROFILE_IDS} OpenReview profile ids per request, got ${unique.length}; split the list`,
    );
  return `${base}/profiles?${new URLSearchParams([['ids', unique.join(',')]]).toString()}`;
}

function checkVenueId(venueId: unknown): string {
  if (typeof venueId !== 'string' || !VENUE_ID.test(venueId))
    throw new Error(
      `OpenReview venue id must look like ICLR.cc/2024/Conference, got ${JSON.stringify(venueId)}`,
    );
  const suffix = Object.values(STATE_SUFFIX).find((s) => s !== '' && venueId.endsWith(s));
  if (suffix)
    throw new Error(
      `OpenReview venue id ${JSON.stringify(venueId)} already ends in ${suffix}; pass the venue id and a state`,
    );
  return venueId;
}

/** An http(s) URL without query or fragment, returned without a trailing slash. */
function checkBaseUrl(baseUrl: unknown): string {
  let url: URL;
  try {
    url = new URL(String(baseUrl));
  } catch {
    throw new Error(`OpenReview base URL is not a URL: ${JSON.stringify(baseUrl)}`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash || url.username)
    throw new Error(
      `OpenReview base URL must be http(s) without credentials, query or fragment, such as ${OPENREVIEW_API_URL}`,
    );
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

// ---------------------------------------------------------------------------------------------------------
// Login and errors

/**
 * The bearer token of a `POST /login` answer (`{ token, user }`). Throws an Error saying why there is none:
 * not an object, an error body, a multi-factor step (not supported), no token.
 */
export function parseLoginResponse(json: unknown): { token: string } {
  if (!isRecord(json)) throw new Error('OpenReview login response is not a JSON object');
  const { token } = json;
  if (typeof token === 'string' && /^\S+$/.test(token)) return { token };
  if (typeof json.name === 'string' && json.name.endsWith('Error'))
    throw new Error(`OpenReview login failed: ${json.name}`);
  if (Object.keys(json).some((key) => key.toLowerCase().startsWith('mfa')))
    throw new Error(
      'OpenReview login asks for multi-factor authentication, which the crawler does not support',
    );
  throw new Error('OpenReview login response has no token');
}

/**
 * Reads an error answer: OpenReview's JSON `{ status, name, message, details }` (details are dropped: they
 * can hold personal data), or a plain-text body such as the 429 `Too many requests: … Please try again in
 * 30 minutes and 8 seconds (…)`. `retryAfterMs` is set when the text says how long to wait; a 403 from the
 * anti-scraping gate has the name `ChallengeRequiredError`. Never throws.
 */
export function readApiError(status: number, body: string): OpenReviewApiError {
  const text = typeof body === 'string' ? body.trim() : '';
  let json: unknown;
  try {
    json = text.startsWith('{') ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (isRecord(json) && (typeof json.name === 'string' || typeof json.message === 'string')) {
    const message = typeof json.message === 'string' ? shorten(json.message) : '';
    const name = typeof json.name === 'string' && json.name.trim() ? json.name.trim() : fallbackName(status);
    return withRetry({ name, message }, message);
  }
  const message = text ? shorten(text) : `HTTP ${status}`;
  const name = status === 429 || /^too many requests/i.test(text) ? TOO_MANY_REQUESTS_ERROR : HTTP_ERROR;
  return withRetry({ name, message }, text);
}

function fallbackName(status: number): string {
  return status === 429 ? TOO_MANY_REQUESTS_ERROR : HTTP_ERROR;
}

function withRetry(error: OpenReviewApiError, text: string): OpenReviewApiError {
  const retryAfterMs = retryDelayFromText(text);
  return retryAfterMs === undefined ? error : { ...error, retryAfterMs };
}

const RETRY_IN = /try again in\s+([^()]*)/i;
const DURATION_PART =
  /(\d+(?:\.\d+)?)\s*(milliseconds?|ms|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\b/gi;

/** `… try again in 30 minutes and 8 seconds (…)` → 1 808 000; undefined when no duration is given. */
function retryDelayFromText(text: string): number | undefined {
  const span = RETRY_IN.exec(text)?.[1];
  if (!span) return undefined;
  let total = 0;
  let found = false;
  for (const [, amount, unit = ''] of span.matchAll(DURATION_PART)) {
    total += Number(amount) * unitMs(unit);
    found = true;
  }
  return found ? Math.round(total) : undefined;
}

function unitMs(unit: string): number {
  const u = unit.toLowerCase();
  if (u === 'ms' || u.startsWith('milli')) return 1;
  if (u.startsWith('h')) return 3_600_000;
  if (u.startsWith('m')) return 60_000;
  return 1000;
}

const EMAIL = /[^\s@<>()[\]"',;:]+@[^\s@<>()[\]"',;:]+/g;

/** Whitespace collapsed, e-mail addresses masked, at most 500 characters. */
function shorten(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim().replace(EMAIL, '<e-mail>');
  return clean.length > 500 ? `${clean.slice(0, 499)}…` : clean;
}

// ---------------------------------------------------------------------------------------------------------
// Notes

/**
 * Parses one `GET /notes` answer (`{ notes: [Note…], count? }`) for the submissions of `venueId`. Throws an
 * Error only when the whole body is not a notes page (an error body, no `notes` array); every unreadable
 * note goes to `problems` under its id, or `#<position>` (0-based) when it has no usable id.
 */
export function parseNotesPage(json: unknown, venueId: string): NotesPage {
  checkVenueId(venueId);
  if (!isRecord(json)) throw new Error(`OpenReview notes response is not a JSON object (${typeOf(json)})`);
  if (!Array.isArray(json.notes)) {
    const error = typeof json.name === 'string' ? ` (an error body: ${json.name})` : '';
    throw new Error(`OpenReview notes response has no "notes" array${error}`);
  }
  const count =
    Number.isSafeInteger(json.count) && (json.count as number) >= 0 ? (json.count as number) : undefined;
  const submissions: OpenReviewSubmission[] = [];
  const problems: OpenReviewProblem[] = [];
  json.notes.forEach((note: unknown, index: number) => {
    const outcome = readNote(note, index, venueId);
    if (outcome.kind === 'submission') submissions.push(outcome.submission);
    else if (outcome.kind === 'problem') problems.push({ id: outcome.id, errors: outcome.errors });
  });
  return { submissions, problems, count };
}

type NoteOutcome =
  | { readonly kind: 'submission'; readonly submission: OpenReviewSubmission }
  | { readonly kind: 'problem'; readonly id: string; readonly errors: string[] }
  | { readonly kind: 'skipped' };

/** Earliest plausible epoch-millisecond date (1990): smaller values are seconds or garbage. */
const MIN_EPOCH_MS = Date.UTC(1990, 0, 1);
const MAX_EPOCH_MS = Date.UTC(2100, 0, 1);

function readNote(note: unknown, index: number, venueId: string): NoteOutcome {
  const position = `#${index}`;
  if (!isRecord(note)) return { kind: 'problem', id: position, errors: [`not an object (${typeOf(note)})`] };
  if (typeof note.replyto === 'string' && note.replyto !== '') return { kind: 'skipped' };

  const rawId = note.id;
  const id = typeof rawId === 'string' ? normalizeOpenReviewId(rawId) : undefined;
  const label = id ?? position;
  const problem = (...errors: string[]): NoteOutcome => ({ kind: 'problem', id: label, errors });
  if (id === undefined)
    return problem(
      rawId === undefined || rawId === null
        ? 'id: missing'
        : `id: not an OpenReview note id (${typeOf(rawId)})`,
    );
  if (typeof note.forum === 'string' && note.forum !== '' && note.forum !== rawId) return { kind: 'skipped' };

  const content = note.content;
  if (!isRecord(content)) return problem(`content: missing or not an object (${typeOf(content)})`);

  const errors: string[] = [];
  const title = readString(content, 'title', errors);
  if (title === undefined && !errors.some((e) => e.startsWith('content.title')))
    errors.push('content.title: missing or empty');
  const abstract = readString(content, 'abstract', errors);
  const authors = readStrings(content, 'authors', errors);
  const authorids = readStrings(content, 'authorids', errors);
  const keywords = readStrings(content, 'keywords', errors) ?? [];
  const venue = readString(content, 'venue', errors);
  const venueid = readString(content, 'venueid', errors);
  const pdf = readString(content, 'pdf', errors);
  const arxivSources = ARXIV_FIELDS.map((key) => readString(content, key, errors));
  const number = readNumber(note.number, errors);
  const dates = DATE_FIELDS.map((key) => readEpochMs(note, key, errors));

  let state: SubmissionState | undefined;
  if (venueid === undefined) {
    if (!errors.some((e) => e.startsWith('content.venueid')))
      errors.push('content.venueid: missing, so the state of the submission is unknown');
  } else {
    state = stateOfVenueId(venueid, venueId);
    if (state === undefined)
      errors.push(
        `content.venueid: ${JSON.stringify(venueid)} is neither ${venueId} nor one of its submission states`,
      );
  }
  authors?.forEach((name, i) => {
    if (name.includes('@'))
      errors.push(`content.authors.value[${i}]: an e-mail address where a name belongs`);
  });
  if (errors.length > 0 || title === undefined || state === undefined) return problem(...errors);

  const profileIds = (authorids ?? []).map((a) => (PROFILE_ID.test(a) ? a : undefined));
  const aligned = authors !== undefined && authors.length === profileIds.length;
  const record: PaperRecordInput = {
    openreviewId: id,
    title,
    ...(abstract ? { abstract } : {}),
    ...(authors
      ? {
          authors: authors.map((name, i) => {
            const profile = aligned ? profileIds[i] : undefined;
            return profile ? { name, openreviewId: profile } : { name };
          }),
        }
      : {}),
    source: OPENREVIEW_SOURCE,
  };
  const published = dates.find((d) => d !== undefined);
  if (published !== undefined) {
    const date = new Date(published);
    record.publishedAt = date.toISOString();
    record.year = date.getUTCFullYear();
  }
  const arxivId = findArxivId(arxivSources);
  if (arxivId) record.arxivId = arxivId;

  const checked = paperRecordSchema.safeParse(record);
  if (!checked.success)
    return problem(...checked.error.issues.map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`));

  const decision =
    decisionFromReplies(note.details) ?? (state === 'accepted' ? decisionFromVenue(venue) : undefined);
  const pdfUrl = pdf ? pdfLink(pdf, id) : undefined;
  return {
    kind: 'submission',
    submission: {
      forumId: id,
      ...(number === undefined ? {} : { number }),
      venueId,
      state,
      ...(decision ? { decision } : {}),
      record,
      authorIds: [...new Set(profileIds.filter((p): p is string => p !== undefined))],
      keywords: keywords.map(collapse).filter(Boolean),
      ...(pdfUrl ? { pdfUrl } : {}),
    },
  };
}

/** Where a published date comes from, best first: accepted/published, made public, created. */
const DATE_FIELDS = ['pdate', 'odate', 'cdate'] as const;
/** Content fields searched for an arXiv id, in this order (never the abstract: it may cite other papers). */
const ARXIV_FIELDS = ['arxiv', 'arxiv_id', 'arXiv', 'html', '_bibtex'] as const;

/** The value of a wrapped content field: undefined when absent or null; an error when not wrapped. */
function unwrap(content: Record<string, unknown>, key: string, errors: string[]): unknown {
  if (!Object.hasOwn(content, key)) return undefined;
  const field = content[key];
  if (field === null || field === undefined) return undefined;
  if (!isRecord(field) || !Object.hasOwn(field, 'value')) {
    errors.push(`content.${key}: not wrapped in {value: …} (${typeOf(field)}; an API v1 note?)`);
    return undefined;
  }
  return field.value ?? undefined;
}

/** A string field, whitespace collapsed; undefined when absent or empty. */
function readString(content: Record<string, unknown>, key: string, errors: string[]): string | undefined {
  const value = unwrap(content, key, errors);
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    errors.push(`content.${key}.value: expected a string, got ${typeOf(value)}`);
    return undefined;
  }
  return collapse(value) || undefined;
}

/** A string-array field, each entry whitespace-collapsed; undefined when absent. */
function readStrings(content: Record<string, unknown>, key: string, errors: string[]): string[] | undefined {
  const value = unwrap(content, key, errors);
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    errors.push(`content.${key}.value: expected an array of strings, got ${typeOf(value)}`);
    return undefined;
  }
  const bad = value.findIndex((item) => typeof item !== 'string');
  if (bad >= 0) {
    errors.push(`content.${key}.value[${bad}]: expected a string, got ${typeOf(value[bad])}`);
    return undefined;
  }
  return (value as string[]).map(collapse);
}

function readNumber(value: unknown, errors: string[]): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (Number.isSafeInteger(value) && (value as number) > 0) return value as number;
  errors.push(`number: expected a positive integer, got ${typeOf(value)}`);
  return undefined;
}

function readEpochMs(note: Record<string, unknown>, key: string, errors: string[]): number | undefined {
  const value = note[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    errors.push(`${key}: expected epoch milliseconds (an integer), got ${typeOf(value)}`);
    return undefined;
  }
  if (value < MIN_EPOCH_MS || value >= MAX_EPOCH_MS) {
    errors.push(`${key}: ${value} is not an epoch-millisecond date between 1990 and 2100 (seconds?)`);
    return undefined;
  }
  return value;
}

/** An arXiv id in new or old style, optionally versioned, as it appears inside text. */
const ARXIV_ID_TEXT = String.raw`(\d{4}\.\d{4,5}(?:v\d+)?|[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]{2})?\/\d{7}(?:v\d+)?)`;
const ARXIV_IN_TEXT = [
  new RegExp(String.raw`arxiv\.org\/(?:abs|pdf|html)\/${ARXIV_ID_TEXT}`, 'gi'),
  new RegExp(String.raw`\barxiv:\s*${ARXIV_ID_TEXT}`, 'gi'),
  new RegExp(String.raw`\beprint\s*=\s*[{"]\s*(?:arxiv:)?\s*${ARXIV_ID_TEXT}\s*[}"]`, 'gi'),
];

/**
 * The first arXiv id named by the given field values (in order): a value that is an id or an arXiv URL
 * itself, else an `arxiv.org/abs/…` link, `arXiv:…` or a BibTeX `eprint` inside it. Canonical, no version.
 */
function findArxivId(values: ReadonlyArray<string | undefined>): string | undefined {
  for (const value of values) {
    if (!value) continue;
    const whole = parseArxivId(value)?.id;
    if (whole) return whole;
    for (const pattern of ARXIV_IN_TEXT)
      for (const match of value.matchAll(pattern)) {
        const id = parseArxivId(match[1] ?? '')?.id;
        if (id) return id;
      }
  }
  return undefined;
}

/** The text of the latest Decision reply (`…/-/Decision`, `content.decision.value`), when there is one. */
function decisionFromReplies(details: unknown): string | undefined {
  if (!isRecord(details)) return undefined;
  const replies = [details.directReplies, details.replies].flatMap((list) =>
    Array.isArray(list) ? list : [],
  );
  let best: { text: string; time: number } | undefined;
  for (const reply of replies) {
    if (!isRecord(reply) || !invitationsOf(reply).some((inv) => inv.endsWith('/-/Decision'))) continue;
    const decision = isRecord(reply.content) ? reply.content.decision : undefined;
    const value = isRecord(decision) ? decision.value : undefined;
    const text = typeof value === 'string' ? collapse(value) : '';
    if (!text) continue;
    const time = [reply.tmdate, reply.mdate, reply.tcdate, reply.cdate].find((t) => typeof t === 'number');
    const at = typeof time === 'number' ? time : 0;
    if (!best || at >= best.time) best = { text, time: at };
  }
  return best?.text;
}

function invitationsOf(note: Record<string, unknown>): string[] {
  const list = Array.isArray(note.invitations) ? note.invitations : [note.invitation];
  return list.filter((inv): inv is string => typeof inv === 'string');
}

/** Decision words an accepted paper's `content.venue` ends with (`ICLR 2023 notable top 5%`, `… Poster`). */
const VENUE_DECISION =
  /(?:^|\s)(notable[ -]top[ -]\d+%|oral|poster|spotlight|contributed talk|invited talk|highlight|accept(?:ed)?)$/i;

/** `ICLR 2024 Oral` → `Oral`, `NeurIPS 2024 Workshop SciForDL Poster` → `Poster` (casing kept). */
function decisionFromVenue(venue: string | undefined): string | undefined {
  return venue ? VENUE_DECISION.exec(venue)?.[1] : undefined;
}

/** `/pdf/<sha1>.pdf` (the usual value) → the public `https://openreview.net/pdf?id=<note id>`; URLs kept. */
function pdfLink(pdf: string, id: string): string | undefined {
  if (/^https?:\/\//i.test(pdf)) return pdf;
  if (pdf.startsWith('/')) return `${OPENREVIEW_SITE_URL}/pdf?id=${encodeURIComponent(id)}`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Profiles

/** A lower-case host name (`mit.edu`, `cs.toronto.edu`). */
const DOMAIN = /^(?=.{3,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;

/**
 * Parses a `GET /profiles` answer (`{ profiles: [Profile…] }`; profile `content` is NOT wrapped in
 * `{value}`). Keeps the id, the names (preferred first choice for `name`) and the institution history with
 * domains; e-mails, relations and everything else are dropped. History entries without a usable domain are
 * dropped; a profile without an id or a usable name is a problem. Throws only when the body is not a
 * profiles answer.
 */
export function parseProfiles(json: unknown): {
  profiles: OpenReviewProfile[];
  problems: OpenReviewProblem[];
} {
  if (!isRecord(json) || !Array.isArray(json.profiles)) {
    const error = isRecord(json) && typeof json.name === 'string' ? ` (an error body: ${json.name})` : '';
    throw new Error(`OpenReview profiles response has no "profiles" array${error}`);
  }
  const profiles: OpenReviewProfile[] = [];
  const problems: OpenReviewProblem[] = [];
  json.profiles.forEach((profile: unknown, index: number) => {
    const read = readProfile(profile, index);
    if ('errors' in read) problems.push(read);
    else profiles.push(read);
  });
  return { profiles, problems };
}

function readProfile(profile: unknown, index: number): OpenReviewProfile | OpenReviewProblem {
  const position = `#${index}`;
  if (!isRecord(profile)) return { id: position, errors: [`not an object (${typeOf(profile)})`] };
  const rawId = profile.id;
  if (typeof rawId !== 'string' || !PROFILE_ID.test(rawId)) {
    const showable = typeof rawId === 'string' && !rawId.includes('@') && rawId.trim() !== '';
    return {
      id: showable ? rawId : position,
      errors: [rawId === undefined ? 'id: missing' : 'id: not a profile id such as ~Jane_Doe1'],
    };
  }
  const content = profile.content;
  if (!isRecord(content))
    return { id: rawId, errors: [`content: missing or not an object (${typeOf(content)})`] };

  const names: string[] = [];
  let preferred: string | undefined;
  for (const entry of Array.isArray(content.names) ? content.names : []) {
    const name = nameOf(entry);
    if (!name) continue;
    if (!names.includes(name)) names.push(name);
    if (preferred === undefined && isRecord(entry) && entry.preferred === true) preferred = name;
  }
  const name = preferred ?? names[0];
  if (!name) return { id: rawId, errors: ['content.names: no usable name'] };

  const history: OpenReviewProfile['history'] = [];
  for (const entry of Array.isArray(content.history) ? content.history : []) {
    if (!isRecord(entry)) continue;
    const institution = isRecord(entry.institution) ? entry.institution : {};
    const domain = typeof institution.domain === 'string' ? institution.domain.trim().toLowerCase() : '';
    if (!DOMAIN.test(domain)) continue;
    const institutionName = typeof institution.name === 'string' ? collapse(institution.name) : '';
    const position = typeof entry.position === 'string' ? collapse(entry.position) : '';
    const start = yearOf(entry.start);
    const end = yearOf(entry.end);
    history.push({
      domain,
      ...(institutionName ? { institution: institutionName } : {}),
      ...(position ? { position } : {}),
      ...(start === undefined ? {} : { start }),
      ...(end === undefined ? {} : { end }),
    });
  }
  return { id: rawId, name, names, history };
}

/** `fullname`, else first + middle + last; undefined when empty or when it looks like an e-mail. */
function nameOf(entry: unknown): string | undefined {
  if (!isRecord(entry)) return undefined;
  const part = (key: string) => (typeof entry[key] === 'string' ? collapse(entry[key] as string) : '');
  const name = part('fullname') || [part('first'), part('middle'), part('last')].filter(Boolean).join(' ');
  return name && !name.includes('@') ? name : undefined;
}

/** A year 1900–2100 as a number (also from a numeric string); undefined otherwise. */
function yearOf(value: unknown): number | undefined {
  const year = typeof value === 'string' && /^\s*\d{4}\s*$/.test(value) ? Number(value) : value;
  return Number.isSafeInteger(year) && (year as number) >= 1900 && (year as number) <= 2100
    ? (year as number)
    : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A type name for messages (never the value: it could be personal data). */
function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
