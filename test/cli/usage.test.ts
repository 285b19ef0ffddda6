/** Usage errors anywhere in the command tree give exit code 2 through the CLI's io, never process.exit. */
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, runCli } from '../../cli/main.js';

function paths(command: Command, prefix: string[] = []): string[][] {
  return command.commands.flatMap((sub) => {
    const path = [...prefix, sub.name()];
    return sub.commands.length ? paths(sub, path) : [path];
  });
}

describe('CLI usage errors', () => {
  const io = { env: {}, out: () => {}, err: () => {} };
  const commands = paths(buildProgram(io, () => {}));

  it('should know every command the project documents', () => {
    const names = commands.map((c) => c.join(' '));
    for (const name of ['serve', 'watch', 'crawl arxiv', 'reviewers suggest', 'tag-file', 'db start']) {
      expect(names).toContain(name);
    }
  });

  it.each(commands.map((c) => [c.join(' '), c] as const))(
    'should answer an unknown option of `%s` with exit code 2 and a message',
    async (_name, path) => {
      const err: string[] = [];
      const code = await runCli([...path, '--no-such-option'], { ...io, err: (line) => err.push(line) });
      expect(code).toBe(2);
      // Either the unknown option or a missing required one is named first.
      expect(err.join('\n')).toMatch(/^error: (unknown option '--no-such-option'|required option)/);
    },
  );
});
