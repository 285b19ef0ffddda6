#!/usr/bin/env node
// The `empirica` command in a checkout: runs the TypeScript sources through tsx. The Docker image runs
// the compiled `node dist/cli/main.js` instead (see Dockerfile).
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await import(pathToFileURL(join(root, 'cli', 'index.ts')).href);
