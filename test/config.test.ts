import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_MEMORY_BUDGET,
  loadConfig,
  PROJECT_ROOT,
  parseMemorySize,
} from '../src/config.js';

describe(loadConfig.name, () => {
  it('should use the local Neo4j with bounded memory when NEO4J_URI is unset', () => {
    const config = loadConfig({});
    expect(config.neo4j).toMatchObject({ uri: 'bolt://127.0.0.1:7687', local: true, database: 'neo4j' });
    expect(config.localNeo4j.home).toBe(path.join(PROJECT_ROOT, '.data', 'neo4j'));
    const memory =
      (parseMemorySize(config.localNeo4j.heap) ?? 0) + (parseMemorySize(config.localNeo4j.pageCache) ?? 0);
    expect(memory).toBeLessThanOrEqual(DEFAULT_MEMORY_BUDGET);
  });

  it('should connect to an external Neo4j when NEO4J_URI is set, and treat empty variables as unset', () => {
    const config = loadConfig({
      NEO4J_URI: 'neo4j+s://abc.databases.neo4j.io',
      NEO4J_PASSWORD: 'pw',
      EMPIRICA_PORT: '',
    });
    expect(config.neo4j).toMatchObject({
      uri: 'neo4j+s://abc.databases.neo4j.io',
      local: false,
      password: 'pw',
    });
    expect(config.api.port).toBe(4000);
  });

  it('should list every invalid variable in one error, without echoing the password', () => {
    let error: unknown;
    try {
      loadConfig({
        NEO4J_URI: 'http://localhost:7474',
        EMPIRICA_NEO4J_HEAP: 'lots',
        EMPIRICA_PORT: '70000',
        NEO4J_DATABASE: 'Bad Name',
        LOG_LEVEL: 'loud',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'NEO4J_URI',
      'NEO4J_DATABASE',
      'EMPIRICA_NEO4J_HEAP',
      'EMPIRICA_PORT',
      'LOG_LEVEL',
    ]);
    expect((error as Error).message).toContain('5 problems');
  });

  it('should return a frozen object', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.neo4j)).toBe(true);
  });

  it('should reject a heap too small for Neo4j', () => {
    expect(() => loadConfig({ EMPIRICA_NEO4J_HEAP: '64m' })).toThrow(
      /EMPIRICA_NEO4J_HEAP: Neo4j needs at least 256m/,
    );
  });
});

describe(parseMemorySize.name, () => {
  it.each([
    ['512m', 512 * 1024 ** 2],
    ['1g', 1024 ** 3],
    ['2048K', 2048 * 1024],
    ['1.5g', undefined],
    ['lots', undefined],
  ])('should read %s', (text, bytes) => {
    expect(parseMemorySize(text)).toBe(bytes);
  });
});
