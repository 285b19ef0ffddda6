/**
 * OpenReview API v2 over the shared HttpClient: logs in with credentials from the environment, keeps the
 * token and logs in again when it expires (401), pages `/notes` with offset/limit, fetches profiles in
 * batches. 429 waits come from the body's "try again in …" (HttpClient's retryAfterFromBody hook). The
 * password and the token are only ever sent to the API: never logged, never cached, never in errors.
 */
import { CriticalError } from '../../errors.js';
import { type HttpClient, HttpStatusError } from '../../http.js';
import {
  buildNotesUrl,
  buildProfilesUrl,
  CHALLENGE_REQUIRED_ERROR,
  MAX_PROFILE_IDS,
  type NotesPage,
  type OpenReviewProblem,
  type OpenReviewProfile,
  parseLoginResponse,
  parseNotesPage,
  parseProfiles,
  readApiError,
  type SubmissionState,
} from './openreview.parser.js';

export interface OpenReviewCredentials {
  readonly username: string | undefined;
  readonly password: string | undefined;
}

const MISSING_CREDENTIALS =
  'OpenReview refuses anonymous reads of /notes (403 ChallengeRequiredError since 2026): set ' +
  'OPENREVIEW_USERNAME and OPENREVIEW_PASSWORD to an OpenReview account.';

export class OpenReviewClient {
  private token: string | undefined;
  /** Requests made (network), for the crawl summary. */
  requests = 0;

  constructor(
    private readonly http: HttpClient,
    private readonly baseUrl: string,
    private readonly credentials: OpenReviewCredentials,
  ) {}

  private get hasCredentials(): boolean {
    return Boolean(this.credentials.username && this.credentials.password);
  }

  private async login(): Promise<void> {
    const { username, password } = this.credentials;
    if (!username || !password) return;
    try {
      const response = await this.http.request(`${this.baseUrl}/login`, {
        method: 'POST',
        json: { id: username, password },
        accept: 'application/json',
      });
      this.requests += 1;
      this.token = parseLoginResponse(JSON.parse(response.body) as unknown).token;
    } catch (error) {
      if (error instanceof HttpStatusError) {
        const api = readApiError(error.status, error.body);
        throw new CriticalError(
          `OpenReview login as ${username} failed (HTTP ${error.status} ${api.name}): ${api.message}`,
          {
            url: error.url,
          },
        );
      }
      throw error;
    }
  }

  /** GET a JSON document, logging in first (and again once if the token expired). */
  async getJson(url: string): Promise<unknown> {
    if (!this.token && this.hasCredentials) await this.login();
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await this.http.get(url, {
          accept: 'application/json',
          noCache: true,
          ...(this.token ? { headers: { authorization: `Bearer ${this.token}` } } : {}),
        });
        this.requests += 1;
        return JSON.parse(response.body) as unknown;
      } catch (error) {
        if (!(error instanceof HttpStatusError)) throw error;
        this.requests += 1;
        const api = readApiError(error.status, error.body);
        if (error.status === 401 && this.hasCredentials && attempt === 0) {
          this.token = undefined;
          await this.login();
          continue;
        }
        if (error.status === 403 && api.name === CHALLENGE_REQUIRED_ERROR) {
          throw new CriticalError(
            this.hasCredentials
              ? `OpenReview asks for a browser challenge even though we are logged in: ${api.message}`
              : MISSING_CREDENTIALS,
            { url: error.url },
          );
        }
        throw new CriticalError(`OpenReview answered HTTP ${error.status} ${api.name}: ${api.message}`, {
          url: error.url,
        });
      }
    }
  }

  /** Pages of one venue's submissions in one state, `limit` notes per request, until all are read. */
  async *notes(venueId: string, state: SubmissionState, limit: number): AsyncGenerator<NotesPage> {
    let offset = 0;
    let total: number | undefined;
    for (;;) {
      const page = parseNotesPage(
        await this.getJson(buildNotesUrl(this.baseUrl, { venueId, state, offset, limit })),
        venueId,
      );
      total = page.count ?? total;
      yield page;
      const seen = page.submissions.length + page.problems.length;
      offset += limit;
      // With a total, trust it (a page may hold replies the parser skips); without one, a short page ends.
      if (total !== undefined ? offset >= total : seen < limit) return;
    }
  }

  /** Profiles by id, in batches the API accepts. */
  async profiles(
    ids: readonly string[],
  ): Promise<{ profiles: OpenReviewProfile[]; problems: OpenReviewProblem[] }> {
    const out = { profiles: [] as OpenReviewProfile[], problems: [] as OpenReviewProblem[] };
    for (let i = 0; i < ids.length; i += MAX_PROFILE_IDS) {
      const batch = parseProfiles(
        await this.getJson(buildProfilesUrl(this.baseUrl, ids.slice(i, i + MAX_PROFILE_IDS))),
      );
      out.profiles.push(...batch.profiles);
      out.problems.push(...batch.problems);
    }
    return out;
  }
}
