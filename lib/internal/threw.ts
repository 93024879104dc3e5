/**
 * What an exception of the application's code means, inside the library (pure): a
 * `ValidationError` that quotes it. A codec, a default, a getter or a Proxy of the input may
 * throw while dynamongo reads it; what the operations (`run/op`) and the pure readers
 * (`Strategy`'s parsers, `Plan.make`) answer then.
 *
 * @since 0.3.0
 */
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../DynamoError.js'
import { thrown } from './show.js'

/** The `ValidationError` of a throw of the application's code. */
export const threw = (e: unknown): DE.DynamoError =>
  DE.validationError([{ path: '', message: `the application's code threw (a codec, a default, a getter or a Proxy of the input): ${thrown(e)}` }])

/**
 * `f()`, or the `ValidationError` quoting what it threw (`threw`): a pure reader of the
 * application's input (a codec, a default, a getter or a Proxy of it) answers a `Left`, never a throw.
 */
export const catching = <A>(f: () => E.Either<DE.DynamoError, A>): E.Either<DE.DynamoError, A> => {
  try {
    return f()
  } catch (e) {
    return E.left(threw(e))
  }
}
