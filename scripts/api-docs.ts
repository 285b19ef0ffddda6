/**
 * `npm run docs:api`: runs every example operation of docs/api.md against the API on the configured
 * database (NEO4J_URI, or the local Neo4j; the landmark corpus is loaded into an empty one) and writes
 * each answer into the ```json block under it. Mutations run with a throw-away API key.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadLandmarksIfEmpty } from '../cli/tag.command.js';
import { compactJson, extractExamples, normalizeAnswer } from '../src/api/examples.js';
import { createApi } from '../src/api/yoga.js';
import { loadConfig, PROJECT_ROOT } from '../src/config.js';
import { openDatabase } from '../src/database.js';
import { createLogger } from '../src/logger.js';

const FILE = path.join(PROJECT_ROOT, 'docs', 'api.md');
const KEY = 'docs-example-key-not-a-secret';

const config = loadConfig();
const logger = createLogger(config.logLevel);
const database = await openDatabase(config, logger, { source: 'docs' });
try {
  await loadLandmarksIfEmpty(database.graph, logger);
  const api = createApi({ graph: database.graph, version: 'docs', apiKey: KEY });
  let markdown = readFileSync(FILE, 'utf8');
  // Run in file order (the mutation examples set a tag, then remove it), then rewrite from the end so
  // that earlier offsets stay valid.
  const answers: Array<{ range: readonly [number, number]; text: string }> = [];
  for (const example of extractExamples(markdown)) {
    if (!example.answerRange) continue;
    const response = await api.fetch('http://api/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(example.authenticated ? { authorization: `Bearer ${KEY}` } : {}),
      },
      body: JSON.stringify({ query: example.query }),
    });
    answers.push({
      range: example.answerRange,
      text: `${compactJson(normalizeAnswer(await response.json()))}\n`,
    });
  }
  for (const { range, text } of answers.reverse()) {
    markdown = markdown.slice(0, range[0]) + text + markdown.slice(range[1]);
  }
  writeFileSync(FILE, markdown);
  console.log(`Rewrote ${answers.length} answers in ${path.relative(process.cwd(), FILE)}.`);
} finally {
  await database.close();
}
