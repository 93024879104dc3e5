/**
 * A transaction entry's error, inside the library: its message names the entry it comes from
 * (index, kind, table), for `Transaction`'s checks and for the decoding of `transactGet`.
 *
 * @since 0.1.0
 */
import type * as DE from '../DynamoError.js'
import type { Get, Write } from './Transaction.js'

const kind: { readonly [K in Write['_tag'] | 'Get']: string } = { Put: 'put', Update: 'update', Delete: 'delete', Check: 'check', Get: 'get' }

/** How a message names an entry: `entry 1 (delete on shop)`. */
export const entryName = (index: number, entry: Write | Get, table: string): string => `entry ${index} (${kind[entry._tag]} on ${table})`

/** `e`, its message naming the entry it comes from (an item too large becomes a `ValidationError` that can say so). */
export const atEntry = (index: number, entry: Write | Get, table: string, e: DE.DynamoError): DE.DynamoError => {
  const where = entryName(index, entry, table)
  switch (e._tag) {
    case 'ValidationError':
    case 'ExpressionError':
      return { ...e, message: `${where}: ${e.message}` }
    case 'ItemTooLarge': {
      const why = e.atLeast === true ? `the item would take more than DynamoDB's ${e.limit} bytes` : `the item takes ${e.size} bytes, over DynamoDB's ${e.limit}`
      return { _tag: 'ValidationError', message: `${where}: ${why}`, issues: [{ path: '', message: why }] }
    }
    default:
      return e
  }
}
