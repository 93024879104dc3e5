/**
 * A save's `overwrite` as given, inside the library: through a cast it may be anything, and
 * `saveOne`, `saveMany` and `Transaction.put` refuse what is neither a boolean nor a
 * condition alike, here, before the compiler reads it (`Command.putItem`).
 *
 * @since 0.3.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../DynamoError.js'
import type { Overwrite } from './Command.js'

/**
 * `undefined`, a boolean or a condition (an object with a tag, read by the compiler), else a
 * `ValidationError` on the path `overwrite`: an object without a tag (`{ n: 1 }`, a filter
 * written as an object) is said to be no condition here, where the compiler would name the
 * node it wraps it in (the `Or` of "create, or replace when it holds").
 */
export const checkOverwrite = (w: unknown): E.Either<DE.DynamoError, Overwrite | undefined> =>
  w === undefined || typeof w === 'boolean' || (typeof w === 'object' && w !== null && !Array.isArray(w) && '_tag' in w)
    ? E.right(w as Overwrite | undefined)
    : E.left(DE.validationError([{ path: 'overwrite', message: `expected a boolean or a condition, got ${w === null ? 'null' : Array.isArray(w) ? 'a list' : typeof w === 'object' ? 'an object that is no condition' : typeof w}` }]))
