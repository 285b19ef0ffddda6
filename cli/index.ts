/** Process entry of the `empirica` command: runs the command line and sets the exit code. */
import { processIo, runCli } from './main.js';

// `empirica … | head` closes our stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
process.exitCode = await runCli(process.argv.slice(2), processIo);
