/**
 * What an exception of the application's code means, inside the library (pure): a
 * `ValidationError` that quotes it. A codec, a default, a getter or a Proxy of the input may
 * throw while dynamongo reads it; what the operations (`run/op`) and the pure readers
 * (`Strategy`'s parsers, `Plan.make`) answer then.
 *
 * @since 0.3.0
 */
import * as DE from '../DynamoError.js'
import { thrown } from './show.js'

/** The `ValidationError` of a throw of the application's code. */
export const threw = (e: unknown): DE.DynamoError =>
  DE.validationError([{ path: '', message: `the application's code threw (a codec, a default, a getter or a Proxy of the input): ${thrown(e)}` }])
