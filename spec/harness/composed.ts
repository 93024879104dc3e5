/**
 * Items of models with composed keys as the writes store them (DESIGN §5.4), built here
 * from `Key.compose` so that read specs can fill a table through the SDK directly: the
 * encoded fields, every key attribute whose template composes (a range key's with the order
 * rule; an index key that does not compose leaves the item out of that index), the entity.
 */
import { BatchWriteItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as Item from '../../lib/codec/Item.js'
import * as K from '../../lib/model/Key.js'
import type * as Model from '../../lib/model/Model.js'

export type Stored = Record<string, AttributeValue>

type AnyModel = Model.Model<any, any, any, any, any, any>

/** The range key attributes of a model: its table's and its indexes'. */
const rangeAttributes = (m: AnyModel): ReadonlySet<string> => {
  const out = new Set<string>()
  if (m.rangeKey !== undefined) out.add(m.rangeKey)
  for (const ix of Object.values(m.indexes)) if (ix.rangeKey !== undefined) out.add(ix.rangeKey)
  return out
}

/** An item as stored, or `undefined` when the writes refuse it (a field or a table key that does not compose). */
export const stored = <M extends AnyModel>(m: M, item: Model.TypeOf<M>): Stored | undefined => {
  const r = Item.encode(m.codec, item)
  if (E.isLeft(r)) return undefined
  const s: Stored = { ...r.right }
  const ranges = rangeAttributes(m)
  for (const [attribute, template] of Object.entries(m.templates)) {
    const text = K.compose(template, (n) => r.right[n], ranges.has(attribute))
    if (E.isRight(text)) s[attribute] = { S: text.right }
    else if (attribute === m.hashKey || attribute === m.rangeKey) return undefined
  }
  if (m.entityAttribute !== undefined && m.entity !== undefined) s[m.entityAttribute] = { S: m.entity }
  return s
}

/** Write stored items with `BatchWriteItem` (unprocessed ones again). */
export const putAll = async (client: DynamoDBClient, table: string, items: ReadonlyArray<Stored>): Promise<void> => {
  for (let i = 0; i < items.length; i += 25) {
    let request: Record<string, Array<{ PutRequest: { Item: Stored } }>> = { [table]: items.slice(i, i + 25).map((x) => ({ PutRequest: { Item: x } })) }
    while (Object.keys(request).length > 0) {
      const out = await client.send(new BatchWriteItemCommand({ RequestItems: request }))
      request = (out.UnprocessedItems ?? {}) as typeof request
    }
  }
}
