import { describe, expect, it } from 'vitest';
import { isTransient } from '../../src/graph/errors.js';

describe('isTransient', () => {
  it('should answer false, never throw, for errors the driver did not make', () => {
    for (const odd of [new Error('plain'), {}, { code: 'x' }, null, undefined, 'text'])
      expect(isTransient(odd)).toBe(false);
  });
});
