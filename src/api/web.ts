/**
 * The web page (web/, built into web/dist by `npm run build:web`) served by the API itself: `/` is
 * web/dist/index.html and every other file of that flat folder is served at `/<name>`. Files are read per
 * request (the bundle can be rebuilt while the server runs); a missing bundle gives a 503 page that says
 * how to build it. Anything else falls through to GraphQL, /health and /ready.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Plugin } from 'graphql-yoga';
import { PROJECT_ROOT } from '../config.js';

export const DEFAULT_WEB_DIR = path.join(PROJECT_ROOT, 'web', 'dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** The page talks to this origin only; cytoscape sets element styles from script, hence inline styles. */
const PAGE_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

/** Only plain file names of known types: no folders, no dot files, nothing like `..`. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9]+)+$/;

/** Which file a path names, or undefined when the path is not the page's. */
export function webFileOf(pathname: string): string | undefined {
  if (pathname === '/' || pathname === '/index.html') return 'index.html';
  const name = pathname.slice(1);
  if (!FILE_NAME.test(name)) return undefined;
  return TYPES[path.extname(name)] ? name : undefined;
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Empirica: page not built</title>
<h1>The web page is not built</h1>
<p>Run <code>npm run build:web</code> (<code>npm start</code> does it) and reload. The GraphQL API is at
<a href="/graphql">/graphql</a>.</p>`;

export function useWebPage(webDir: string = DEFAULT_WEB_DIR): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      const name = webFileOf(url.pathname);
      if (!name) return;
      let body: Buffer;
      try {
        body = await readFile(path.join(webDir, name));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        // An unknown file is GraphQL's 404; the page itself missing means the bundle is not built.
        if (name !== 'index.html') return;
        endResponse(
          new fetchAPI.Response(NOT_BUILT, {
            status: 503,
            headers: { 'content-type': TYPES['.html'] as string, ...PAGE_HEADERS },
          }),
        );
        return;
      }
      const type = TYPES[path.extname(name)] ?? 'application/octet-stream';
      endResponse(
        new fetchAPI.Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
          status: 200,
          headers: { 'content-type': type, 'content-length': String(body.length), ...PAGE_HEADERS },
        }),
      );
    },
  };
}
