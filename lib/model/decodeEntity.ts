/**
 * The decoding of an entity's stored item (DESIGN §5.4), from the parts of its model read once:
 * `Model.decode` and a read's decoder (`decodeRead`) read them at each call, a read of many
 * items of one model (`collection`) once.
 */
import type * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../DynamoError.js'
import * as Item from '../codec/Item.js'
import type { AttributeMap, Model } from './Model.js'
import * as Computed from './computed.js'
import { withModel } from './isModel.js'
import { show } from '../internal/show.js'

/**
 * `av` decoded by `codec` as an item of the entity `entity` (its attribute `ea`), the attributes
 * `computed` left out (its composed keys); an item of another entity, or of none, refused at `ea`;
 * an item that decodes, refused by `stale` where it holds a composed key with other values than
 * its fields give (`Computed.storedKeyWhy`: neither the key nor the fields win).
 */
export const decodeEntity = <I>(
  codec: t.Type<I, any, unknown>,
  ea: string,
  entity: unknown,
  computed: ReadonlySet<string>,
  av: AttributeMap,
  stale: (av: AttributeMap) => DE.DynamoError | undefined,
): E.Either<DE.DynamoError, I> => {
  // (what is no object, Item.decode says why)
  const et = typeof av === 'object' && av !== null ? av[ea] : { S: entity as string }
  if (et?.S !== entity) {
    return E.left(DE.validationError([{ path: ea, message: `not an item of ${String(entity)}: ${et === undefined ? `it has no ${ea}` : `its ${ea} is ${show(et.S ?? et)}`}` }]))
  }
  const item = Item.decode(codec, av, computed)
  const why = E.isLeft(item) ? undefined : stale(av)
  return why === undefined ? item : E.left(why)
}

/**
 * A stored item of `m` as a read through `index` (`undefined`: a read of the table: by its key,
 * a Query of a partition, a Scan of the table) decodes it: through the model's codec, an
 * entity's item refused where it is another entity's or where it holds a key this read answers
 * by with other values than its fields give (`Computed.storedKeyWhy`: the table's keys, and
 * that index's). `Model.decode` is the read of the table's.
 */
export const decodeRead = <I>(m: Model<I, any, any, any>, av: AttributeMap, index: string | undefined): E.Either<DE.DynamoError, I> =>
  withModel(m, () => {
    const ea = m.entityAttribute
    return ea === undefined ? Item.decode(m.codec, av) : decodeEntity(m.codec, ea, m.entity, Computed.computedNames(m), av, (x) => Computed.storedKeyWhy(m, x, index))
  })
