/**
 * The page's one way to the data: POST /graphql on the server that served the page (the public API, no
 * other endpoint). Errors come back as a GraphQLRequestError whose message is fit to show the user.
 */

export class GraphQLRequestError extends Error {
  constructor(
    message: string,
    /** The API's `extensions.code` of the first error (`NOT_FOUND`, `BAD_USER_INPUT`, …), if any. */
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = 'GraphQLRequestError';
  }
}

interface GraphQLResponse<T> {
  readonly data?: T | null;
  readonly errors?: ReadonlyArray<{
    readonly message: string;
    readonly extensions?: { readonly code?: string };
  }>;
}

export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

/** Sends one operation; resolves with `data`, rejects with a GraphQLRequestError naming what went wrong. */
export async function gql<T>(
  query: string,
  variables: Record<string, unknown> = {},
  options: { readonly endpoint?: string; readonly fetch?: Fetch; readonly signal?: AbortSignal } = {},
): Promise<T> {
  const send = options.fetch ?? ((input: string, init: RequestInit) => fetch(input, init));
  let response: Response;
  try {
    response = await send(options.endpoint ?? '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') throw error;
    throw new GraphQLRequestError('The server cannot be reached. Is `npm start` still running?');
  }
  let body: GraphQLResponse<T>;
  try {
    body = (await response.json()) as GraphQLResponse<T>;
  } catch {
    throw new GraphQLRequestError(
      `The server answered ${response.status} ${response.statusText} without JSON.`,
    );
  }
  const first = body.errors?.[0];
  if (first) {
    const more = (body.errors?.length ?? 1) > 1 ? ` (and ${(body.errors?.length ?? 1) - 1} more)` : '';
    throw new GraphQLRequestError(`${first.message}${more}`, first.extensions?.code ?? null);
  }
  if (body.data === undefined || body.data === null)
    throw new GraphQLRequestError(`The server answered ${response.status} without data.`);
  return body.data;
}
