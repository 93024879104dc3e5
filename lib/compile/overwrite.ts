/**
 * A save's `overwrite` as given, inside the library: through a cast it may be anything, and
 * `saveOne`, `saveMany` and `Transaction.put` refuse what is neither a boolean nor a
 * condition alike, here, before the compiler reads it (`Command.putItem`).
 *
 * @since 0.3.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../DynamoError.js'
import { builtBy, isConditionTag } from '../rules/ast.js'
import type { Overwrite } from './Command.js'
import { kindOf } from '../internal/show.js'

/**
 * `undefined`, a boolean or a condition (an object with a condition's tag, read by the
 * compiler), else a `ValidationError` on the path `overwrite`: an object without a tag (`{ n: 1 }`,
 * a filter written as an object) or a node that is no condition (`U.set(…)`) is said to be no
 * condition here, in the words of the API (`builtBy`), where the compiler would name the node
 * it wraps it in (the `C.or` of "create, or replace when it holds").
 */
export const checkOverwrite = (w: unknown): E.Either<DE.DynamoError, Overwrite | undefined> => {
  if (w === undefined || typeof w === 'boolean') return E.right(w)
  if (typeof w !== 'object' || w === null || Array.isArray(w)) return refused(kindOf(w))
  const tag: unknown = (w as { readonly _tag?: unknown })._tag
  return isConditionTag(tag) ? E.right(w as Overwrite) : refused(`${builtBy(tag)}, which is no condition`)
}

const refused = (got: string): E.Either<DE.DynamoError, never> => E.left(DE.validationError([{ path: 'overwrite', message: `expected a boolean or a condition, got ${got}` }]))
