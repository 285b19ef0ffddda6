/**
 * `npm run build:web` (and before `npm start`): bundles the web page (web/src/main.ts with cytoscape) into
 * web/dist/app.js with esbuild, copies web/index.html and web/app.css beside it (a flat folder the API
 * server serves at `/`), and prints each file's size, raw and gzipped. Exits non-zero on a build error.
 * Tests call buildWeb() before they open the page.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WEB_DIR = path.join(ROOT, 'web');
export const WEB_DIST = path.join(WEB_DIR, 'dist');

export interface BuiltFile {
  /** Name inside web/dist/. */
  readonly name: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

export interface BuildWebOptions {
  /** Where the files go (default web/dist/). */
  readonly outDir?: string;
  /** Minify (default true). */
  readonly minify?: boolean;
}

/** Builds the page into a flat folder; resolves with the sizes of what the browser loads. */
export async function buildWeb(options: BuildWebOptions = {}): Promise<BuiltFile[]> {
  const outDir = options.outDir ?? WEB_DIST;
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [path.join(WEB_DIR, 'src', 'main.ts')],
    outfile: path.join(outDir, 'app.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: options.minify ?? true,
    sourcemap: 'linked',
    tsconfig: path.join(WEB_DIR, 'tsconfig.json'),
    logLevel: 'silent',
    legalComments: 'eof',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  for (const name of ['index.html', 'app.css'])
    copyFileSync(path.join(WEB_DIR, name), path.join(outDir, name));
  return ['index.html', 'app.css', 'app.js'].map((name) => {
    const content = readFileSync(path.join(outDir, name));
    return { name, bytes: content.length, gzipBytes: gzipSync(content, { level: 9 }).length };
  });
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

export function formatSizes(files: readonly BuiltFile[]): string {
  const width = Math.max(...files.map((f) => f.name.length));
  const lines = files.map(
    (f) =>
      `  ${f.name.padEnd(width)}  ${String(f.bytes).padStart(8)} B (${kib(f.bytes)})   gzip ${String(f.gzipBytes).padStart(7)} B (${kib(f.gzipBytes)})`,
  );
  const total = files.reduce((sum, f) => ({ bytes: sum.bytes + f.bytes, gzip: sum.gzip + f.gzipBytes }), {
    bytes: 0,
    gzip: 0,
  });
  lines.push(
    `  ${'total'.padEnd(width)}  ${String(total.bytes).padStart(8)} B (${kib(total.bytes)})   gzip ${String(total.gzip).padStart(7)} B (${kib(total.gzip)})`,
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  try {
    const files = await buildWeb();
    process.stdout.write(
      `Built the web page into ${path.relative(process.cwd(), WEB_DIST) || WEB_DIST}/\n${formatSizes(files)}\n`,
    );
  } catch (error) {
    const errors = (
      error as {
        errors?: Array<{ text: string; location?: { file: string; line: number; column: number } | null }>;
      }
    ).errors;
    const details = errors?.length
      ? errors
          .map((e) =>
            e.location
              ? `  ${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}`
              : `  ${e.text}`,
          )
          .join('\n')
      : `  ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`build:web failed: the web page could not be built.\n${details}\n`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
