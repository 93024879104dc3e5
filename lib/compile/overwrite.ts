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
import { kindOf } from '../internal/show.js'

/** `undefined`, a boolean or a condition (an object, read by the compiler), else a `ValidationError` on the path `overwrite`. */
export const checkOverwrite = (w: unknown): E.Either<DE.DynamoError, Overwrite | undefined> =>
  w === undefined || typeof w === 'boolean' || (typeof w === 'object' && w !== null)
    ? E.right(w as Overwrite | undefined)
    : E.left(DE.validationError([{ path: 'overwrite', message: `expected a boolean or a condition, got ${kindOf(w)}` }]))
