import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWeb, formatSizes } from '../../scripts/build-web.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('buildWeb', () => {
  it('should write a flat folder the server can serve, and report sizes', async () => {
    const outDir = await mkdtemp(path.join(os.tmpdir(), 'empirica-web-build-'));
    dirs.push(outDir);
    const files = await buildWeb({ outDir });
    expect(readdirSync(outDir).sort()).toEqual(['app.css', 'app.js', 'app.js.map', 'index.html']);
    expect(files.map((f) => f.name)).toEqual(['index.html', 'app.css', 'app.js']);
    for (const file of files) expect(file.gzipBytes).toBeLessThan(file.bytes);
    const html = readFileSync(path.join(outDir, 'index.html'), 'utf8');
    // Root-relative assets only: no CDN, the page works offline.
    expect(html).toContain('src="/app.js"');
    expect(html).toContain('href="/app.css"');
    expect(html).not.toMatch(/(src|href)="https?:/);
    const js = readFileSync(path.join(outDir, 'app.js'), 'utf8');
    expect(js).not.toMatch(/https?:\/\/(cdn|unpkg|cdnjs)/);
    expect(formatSizes(files)).toMatch(/app\.js\s+\d+ B .* gzip\s+\d+ B/);
    expect(existsSync(path.join(outDir, 'src'))).toBe(false);
  }, 30_000);
});
