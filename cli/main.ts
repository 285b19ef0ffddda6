/**
 * `empirica`: the project's one command-line entry point (package.json "bin"). Each subcommand reads the
 * configuration once, does its work, and sets an exit code:
 *   0 success · 1 runtime failure · 2 usage error · 78 invalid configuration · 130 interrupted.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { serve } from '../src/api/server.js';
import { type Config, ConfigError, loadConfig, PROJECT_ROOT } from '../src/config.js';
import { openDatabase } from '../src/database.js';
import { StatusRepository } from '../src/graph/status.repository.js';
import { createLogger, type Logger } from '../src/logger.js';
import {
  ensureJars,
  localNeo4jStatus,
  neo4jVersion,
  startLocalNeo4j,
  stopLocalNeo4j,
} from '../src/neo4j-local/neo4j-local.js';
import { EXIT } from './context.js';
import { crawlCommand } from './crawl.command.js';
import { exchangeCommands, runImport } from './exchange.command.js';
import { rankCommand } from './rank.command.js';
import { reviewersCommand } from './reviewers.command.js';
import { loadLandmarksIfEmpty, tagCommands } from './tag.command.js';
import { watchCommand } from './watch.command.js';

const VERSION = (
  JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

/** What a CLI run reads and writes; tests pass their own. */
export interface CliIo {
  readonly env: Record<string, string | undefined>;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export const processIo: CliIo = {
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

export function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const { out, err } = io;
  const setup = (): { config: Config; logger: Logger } => {
    const config = loadConfig(io.env);
    return { config, logger: createLogger(config.logLevel) };
  };

  const program = new Command('empirica')
    .description('Empirica: a knowledge graph of the science of deep learning.')
    .version(VERSION)
    .showHelpAfterError()
    .addHelpText(
      'after',
      '\nExit codes: 0 success, 1 failure, 2 usage error, 3 done but some records were rejected,\n' +
        '78 invalid configuration, 130 interrupted.\n' +
        'Configuration comes from environment variables; see README.md.',
    );

  const db = program
    .command('db')
    .description(
      'The local Neo4j 5.26 Community (when NEO4J_URI is unset): fetched from Maven Central, run on the JVM.',
    );

  db.command('fetch')
    .description('Fetch the Neo4j jars with Maven into neo4j/lib (done automatically on first start).')
    .action(async () => {
      await ensureJars({ log: err });
      err(`Neo4j ${await neo4jVersion()} jars are in place.`);
    });

  db.command('start')
    .description('Start the local Neo4j and wait until it is ready. Runs in the foreground until Ctrl-C.')
    .option('--detach', 'run in the background until `empirica db stop`', false)
    .action(async (options: { detach: boolean }) => {
      const { config } = setup();
      if (!config.neo4j.local) {
        err(
          `NEO4J_URI is set (${config.neo4j.uri}): the project uses that database and starts none of its own.`,
        );
        return;
      }
      const running = await startLocalNeo4j({ ...config.localNeo4j, log: err, detach: options.detach });
      out(running.uri);
      if (options.detach) {
        err('Running in the background; stop it with `npm run db:stop`.');
        return;
      }
      err('Press Ctrl-C to stop.');
      const stop = () => {
        err('Stopping Neo4j …');
        void running.stop();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const code = await running.exited;
      err(`Neo4j stopped (exit code ${code}).`);
    });

  db.command('stop')
    .description('Stop the local Neo4j started with `db start` (foreground or detached).')
    .action(async () => {
      const { config } = setup();
      const stopped = await stopLocalNeo4j(config.localNeo4j.home);
      err(stopped ? 'Local Neo4j stopped.' : `No local Neo4j is running for ${config.localNeo4j.home}.`);
    });

  db.command('status')
    .description('Tell whether the local Neo4j runs, where, and with which data folder.')
    .option('--json', 'print the status as JSON', false)
    .action(async (options: { json: boolean }) => {
      const { config } = setup();
      const status = await localNeo4jStatus(config.localNeo4j.home, config.localNeo4j.port);
      if (options.json) {
        out(JSON.stringify(status, null, 2));
        return;
      }
      if (status.running && status.state) {
        const { state } = status;
        out(
          `running: ${state.uri} (Neo4j ${state.version}, pid ${state.pid}, since ${state.startedAt}, ` +
            `${state.detached ? 'detached' : 'foreground'}); data in ${state.home}`,
        );
      } else {
        out(
          `stopped; data folder ${status.home} ${status.dataExists ? 'holds a database' : 'is empty'}` +
            (status.portOpen ? `; note: something else listens on port ${config.localNeo4j.port}` : ''),
        );
      }
    });

  program
    .command('migrate')
    .description(
      'Apply pending graph schema migrations (constraints and indexes), then print the graph size.',
    )
    .action(async () => {
      const { config, logger } = setup();
      const database = await openDatabase(config, logger, { source: 'cli' });
      try {
        out(JSON.stringify(await new StatusRepository(database.graph).counts()));
      } finally {
        await database.close();
      }
    });

  program
    .command('ingest')
    .description(
      'Load a JSON Lines file like `import` (papers, citations, and tags as recorded; see docs/exchange.md), ' +
        'and tag the papers with the tagger as they are stored. Bad lines are listed with their line numbers ' +
        'and skipped; loading twice changes nothing.',
    )
    .argument('<file>', 'path to the .jsonl file')
    .option('--batch-size <n>', 'records per transaction', (v) => Number.parseInt(v, 10), 1000)
    .action(async (file: string, options: { batchSize: number }) => {
      await runImport({ setup, out, err, setExitCode }, file, { batchSize: options.batchSize, tag: true });
    });

  program.addCommand(crawlCommand({ setup, out, err, version: VERSION }));
  for (const command of tagCommands({ setup, out, err, setExitCode })) program.addCommand(command);
  program.addCommand(reviewersCommand({ setup, out, err, setExitCode }));
  for (const command of exchangeCommands({ setup, out, err, setExitCode })) program.addCommand(command);
  program.addCommand(watchCommand({ setup, out, err, setExitCode }));
  program.addCommand(rankCommand({ setup, out, err, setExitCode }));

  program
    .command('serve')
    .description(
      'Run the API: starts the local Neo4j unless NEO4J_URI is set, applies migrations, loads the landmark ' +
        'corpus into an empty database (EMPIRICA_LOAD_LANDMARKS), then serves GraphQL on /graphql, liveness ' +
        'on /health and readiness on /ready.',
    )
    .action(async () => {
      const { config, logger } = setup();
      await serve(config, logger, VERSION, {
        prepare: config.api.loadLandmarks ? (graph) => loadLandmarksIfEmpty(graph, logger) : undefined,
      });
    });

  return program;
}

/** Runs one command line; resolves with the exit code (it never calls process.exit). */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  // Commands added with addCommand inherit nothing: every level must throw instead of calling process.exit,
  // and write through `io`.
  const configure = (command: Command): void => {
    command.exitOverride().configureOutput({
      writeOut: (text) => io.out(text.trimEnd()),
      writeErr: (text) => io.err(text.trimEnd()),
    });
    for (const sub of command.commands) configure(sub);
  };
  configure(program);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT.usage;
    if (error instanceof ConfigError) {
      io.err(error.message);
      return EXIT.config;
    }
    if (error instanceof Error) {
      io.err(`empirica: ${error.message}`);
      const cause = error.cause;
      if (cause instanceof Error && !error.message.includes(cause.message))
        io.err(`  cause: ${cause.message}`);
      return EXIT.failure;
    }
    throw error;
  }
}
