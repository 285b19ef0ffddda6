import { Neo4jError } from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, isTransient, translateError } from '../../src/graph/errors.js';

describe('isTransient', () => {
  it('should answer false, never throw, for errors the driver did not make', () => {
    for (const odd of [new Error('plain'), {}, { code: 'x' }, null, undefined, 'text'])
      expect(isTransient(odd)).toBe(false);
  });

  it('should retry what the driver calls retryable, and a connection reset during login', () => {
    expect(isTransient(new Neo4jError('gone', 'ServiceUnavailable', 'N/A', 'N/A'))).toBe(true);
    expect(isTransient(new Neo4jError('moved', 'SessionExpired', 'N/A', 'N/A'))).toBe(true);
    expect(
      isTransient(
        new Neo4jError('deadlock', 'Neo.TransientError.Transaction.DeadlockDetected', 'N/A', 'N/A'),
      ),
    ).toBe(true);
    const loginReset = new Neo4jError('Connection was closed by server', 'ProtocolError', 'N/A', 'N/A');
    expect(isTransient(loginReset)).toBe(true);
    expect(translateError(loginReset, 'bolt://127.0.0.1:1')).toBeInstanceOf(DatabaseUnavailableError);
  });

  it('should not retry errors that would fail again', () => {
    expect(isTransient(new Neo4jError('bad', 'Neo.ClientError.Statement.SyntaxError', 'N/A', 'N/A'))).toBe(
      false,
    );
    expect(isTransient(new Neo4jError('who', 'Neo.ClientError.Security.Unauthorized', 'N/A', 'N/A'))).toBe(
      false,
    );
    expect(isTransient(new Neo4jError('odd reply', 'ProtocolError', 'N/A', 'N/A'))).toBe(false);
  });
});
