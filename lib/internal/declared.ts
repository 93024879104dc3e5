/**
 * What a static declaration (`Model.make`, `Model.key`, the index declarations, `Field`'s
 * codecs) does with an input it cannot read: through `any`, null options, a codec that is
 * none, a getter or a Proxy that throws. DESIGN §1 lets a declaration throw at definition
 * time, and only a `SchemaError`: what the reading threw becomes one, naming the declaration
 * and quoting it.
 *
 * @since 0.3.0
 */
import * as DE from '../DynamoError.js'
import { thrown } from './show.js'

/** Throws `e` when it is a `SchemaException`, else a `SchemaException` of `what` quoting `e`. */
export const undeclarable = (what: string, e: unknown): never => {
  // eslint-disable-next-line no-restricted-syntax -- DESIGN.md §1: a declaration that cannot be right throws SchemaError at definition time
  if (e instanceof DE.SchemaException) throw e
  // eslint-disable-next-line no-restricted-syntax -- DESIGN.md §1: as above
  throw new DE.SchemaException(`${what}: the declaration cannot be read: ${thrown(e)}`)
}
