/** `npm run schema:print`: writes schema.graphql from the code (test/api/schema.test.ts checks drift). */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { printSortedSchema } from '../src/api/print-schema.js';
import { PROJECT_ROOT } from '../src/config.js';

const target = path.join(PROJECT_ROOT, 'schema.graphql');
writeFileSync(target, printSortedSchema());
process.stderr.write(`Wrote ${path.relative(process.cwd(), target) || target}\n`);
