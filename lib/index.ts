/**
 * dynamongo: a TypeScript toolkit for Amazon DynamoDB in the functional style of fp-ts.
 * Queries are values: codecs describe items, combinators build condition and update ASTs,
 * interpreters compile, run and evaluate them.
 *
 * @since 0.1.0
 */
export * as Attr from './Attr.js'
export * as Condition from './Condition.js'
export * as DynamoError from './DynamoError.js'
export * as Path from './Path.js'
export * as Update from './Update.js'
