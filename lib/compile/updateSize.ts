/**
 * The size of an update, inside the library: what DynamoDB refuses as too large before it
 * reads any item, for `Command.updateItem` and `Evaluate.updateOne` alike.
 *
 * @since 0.3.0
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as DE from '../DynamoError.js'
import type { Update } from '../ast/Update.js'
import type * as M from '../model/Model.js'
import { placed, toAttributeValue } from '../codec/value.js'
import { ITEM_BYTES } from '../rules/limits.js'
import { itemBound, itemSize, UNIT_BYTES, utf8Length, valueBound, valueSize } from '../rules/size.js'
import { elementsOf } from '../ast/nodes.js'
import { hasOwn } from '../internal/own.js'

type AttributeMap = Record<string, AttributeValue>

/**
 * Why DynamoDB refuses an update whatever the item, as too large (`ItemTooLarge`), or
 * `undefined`: what it certainly writes over `ITEM_BYTES`, with the key. It certainly writes
 * each value a `SET` sets a path to, and each value a `list_append` appends (DynamoDB refuses
 * such a value over `ITEM_BYTES` on its own), under the names of the top-level attributes it
 * sets. `values`: the request's compiled values (its condition's too); the update's are
 * encoded again only when those could be that large (bounded from above, not counted).
 */
export const updateTooLarge = (m: M.Model<any, any, any, any>, key: AttributeMap, update: Update, values: Readonly<Record<string, AttributeValue>> | undefined): DE.DynamoError | undefined => {
  if (values === undefined) return undefined
  // a bound from above of what is sent (rules/size's itemBound, valueBound), not its count
  let sent = itemBound(key)
  for (const k in values) if (hasOwn(values, k)) sent += valueBound(values[k] as AttributeValue)
  for (const u of update) if (u._tag === 'Set') sent += UNIT_BYTES * (elementsOf(u.path)[0] as string).length
  // at least what the item holds once written: under ITEM_BYTES when all that is sent is
  if (sent <= ITEM_BYTES) return undefined
  let least = itemSize(key)
  const names = new Set<string>()
  for (const u of update) {
    if (u._tag !== 'Set') continue
    const name = elementsOf(u.path)[0] as string
    const target = elementsOf(u.path).length === 1 ? m.fields[name] : undefined
    const written = u.value._tag === 'Value' ? [placed(u.value, 'value', target)] : u.value._tag === 'ListAppend' ? [u.value.left, u.value.right].flatMap((o) => (o._tag === 'Value' ? [placed(o, 'list', target)] : [])) : []
    for (const v of written) {
      const av = toAttributeValue(v, false, name)
      if (E.isLeft(av)) continue
      const n = valueSize(av.right)
      if (n > ITEM_BYTES) return DE.itemTooLarge(n)
      least += n
      if (!names.has(name)) {
        names.add(name)
        least += utf8Length(name)
      }
    }
  }
  return least > ITEM_BYTES ? DE.itemTooLarge(least) : undefined
}
