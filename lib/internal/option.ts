/**
 * fp-ts `Option` values, built as fp-ts builds them (`{ _tag: 'Some', value }`, `{ _tag: 'None' }`):
 * the read modules (`run/pages`, `run/read`, `run/Cursor`) use `Option` as a type and need
 * only these two constructors of its module.
 *
 * @since 0.1.0
 */
import type * as O from 'fp-ts/lib/Option.js'

export const some = <A>(value: A): O.Option<A> => ({ _tag: 'Some', value })

export const none: O.Option<never> = { _tag: 'None' }
