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
 * `f()`, or the error of what it threw, `onThrow`'s (by default `threw`'s `ValidationError`
 * quoting it): a pure reader of the application's input (a codec, a default, a getter or a
 * Proxy of it) answers a `Left`, never a throw. The one guard of the library: an operation's
 * build step (`run/op.attempt`) and the evaluator (an AST it cannot read) name their own error.
 */
export const catching = <A>(f: () => E.Either<DE.DynamoError, A>, onThrow: (e: unknown) => DE.DynamoError = threw): E.Either<DE.DynamoError, A> => {
  try {
    return f()
  } catch (e) {
    return E.left(onThrow(e))
  }
}
