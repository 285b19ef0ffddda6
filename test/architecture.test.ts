/** Dependency direction: ingest/ and cli/ may use src/; src/ never imports ingest/ or cli/, and only src/graph/ imports neo4j-driver. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/config.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

const imports = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1] as string);

describe('architecture', () => {
  const src = sourceFiles(path.join(PROJECT_ROOT, 'src'));

  it('should keep src/ independent of ingest/ and cli/', () => {
    const offenders = src.filter((file) =>
      imports(file).some((spec) => {
        const target = path.resolve(path.dirname(file), spec);
        return spec.startsWith('.') && !target.startsWith(path.join(PROJECT_ROOT, 'src'));
      }),
    );
    expect(offenders).toEqual([]);
  });

  it('should import neo4j-driver only in src/graph/', () => {
    const all = [
      ...src,
      ...sourceFiles(path.join(PROJECT_ROOT, 'ingest')),
      ...sourceFiles(path.join(PROJECT_ROOT, 'cli')),
    ];
    const offenders = all
      .filter((file) => imports(file).includes('neo4j-driver'))
      .map((file) => path.relative(PROJECT_ROOT, file))
      .filter((file) => !file.startsWith('src/graph/'));
    expect(offenders).toEqual([]);
  });

  it('should keep src/exchange/ and src/domain/ browser-safe: no Node modules, no database layer', () => {
    // The web page bundles them; only each other and zod may be imported.
    const files = ['exchange', 'domain'].flatMap((dir) => sourceFiles(path.join(PROJECT_ROOT, 'src', dir)));
    const allowed = (spec: string) =>
      spec === 'zod' ||
      spec.startsWith('./') ||
      spec.startsWith('../domain/') ||
      spec.startsWith('../exchange/');
    const offenders = files.flatMap((file) =>
      imports(file)
        .filter((spec) => !allowed(spec))
        .map((spec) => `${path.relative(PROJECT_ROOT, file)}: ${spec}`),
    );
    expect(offenders).toEqual([]);
  });
});
