/**
 * dynamongo: a TypeScript toolkit for Amazon DynamoDB in the functional style of fp-ts.
 * Queries are values: codecs describe items, combinators build condition and update ASTs,
 * interpreters compile, run and evaluate them.
 *
 * @since 0.1.0
 */
export * as Attr from './Attr.js'
export * as Command from './Command.js'
export * as Condition from './Condition.js'
export * as Dynamo from './Dynamo.js'
export * as DynamoError from './DynamoError.js'
export * as Env from './Env.js'
export * as Evaluate from './Evaluate.js'
export * as Expression from './Expression.js'
export * as Field from './Field.js'
export * as Item from './Item.js'
export * as Model from './Model.js'
export * as Path from './Path.js'
export * as Plan from './Plan.js'
export * as Update from './Update.js'
export type { DynamoError as DynamoErrorType } from './DynamoError.js'
