/** The SDL committed as schema.graphql: printed from the code, sorted, never hand-edited. */
import { lexicographicSortSchema, printSchema } from 'graphql';
import { schema } from './schema/index.js';

export function printSortedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
