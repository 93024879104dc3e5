/**
 * dynamongo: a TypeScript toolkit for Amazon DynamoDB in the functional style of fp-ts.
 * Queries are values: codecs describe items, combinators build condition and update ASTs,
 * interpreters compile, run and evaluate them.
 *
 * @since 0.1.0
 * @packageDocumentation
 */
export * as Attr from './ast/Attr.js'
export * as Command from './compile/Command.js'
export * as Condition from './ast/Condition.js'
export * as Dynamo from './run/Dynamo.js'
export * as DynamoError from './DynamoError.js'
export * as Env from './run/Env.js'
export * as Evaluate from './evaluate/Evaluate.js'
export * as Expression from './compile/Expression.js'
export * as Field from './codec/Field.js'
export * as Item from './codec/Item.js'
export * as Model from './model/Model.js'
export * as Path from './ast/Path.js'
export * as Plan from './plan/Plan.js'
export * as Strategy from './model/Strategy.js'
export * as Update from './ast/Update.js'
/**
 * The error union (`DynamoError.DynamoError`), as a type of the root.
 *
 * @category Errors
 */
export type { DynamoError as DynamoErrorType } from './DynamoError.js'
