/**
 * The `ExpressionError` of what a model's table cannot do (a strategy that is no key of it, a
 * read or an update DynamoDB would refuse there): its message names the table first.
 */
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../DynamoError.js'

/** The `ExpressionError` saying why, after the model's table. */
export const refusal = (m: { readonly table: string }, why: string): DE.DynamoError => DE.expressionError(`${m.table}: ${why}`)

/** A `Left(ExpressionError)` saying why, after the model's table. */
export const refuse = (m: { readonly table: string }, why: string): E.Either<DE.DynamoError, never> => E.left(refusal(m, why))
