/** Imports every type file (each registers itself on the builder) and builds the schema. */
import { builder } from '../builder.js';
import './status.js';
import './paper.js';
import './author.js';
import './taxonomy.js';
import './search.js';
import './citation-tree.js';
import './curation.js';
import './reviewers.js';

builder.queryType({ description: 'Read-only queries; public.' });

export const schema = builder.toSchema();
