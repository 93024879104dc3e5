/**
 * Which reads report a composed key that a stored item holds with other values than its fields
 * give (`Computed.storedKeyWhy`), from a client that answers with such an item: a key of the
 * table on every read (the item is not where its fields say: a read by the key, a Query of its
 * partition or an update by its fields reaches it for other fields); a key of an index only on
 * a read through that index (a Query or Scan of it), where it would give a wrong answer. A stale
 * index key (an index's template changed since the item was written: neither DynamoDB nor
 * Table.diff sees a change) leaves the item readable by its key, through the other indexes, by
 * a Query of its partition and by a Scan of the table.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as U from '../../../lib/ast/Update.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Model from '../../../lib/model/Model.js'
import * as T from '../../../lib/compile/Transaction.js'
import { Order } from '../../harness/shop.js'

const o = Order.attrs
const at = '2024-05-01T00:00:00.000Z'
const S = (s: string): AttributeValue => ({ S: s })
const key = { customerId: 'c1', createdAt: new Date(at), orderId: 'o1' }
const good: Record<string, AttributeValue> = {
  pk: S('CUSTOMER#c1'), sk: S(`ORDER#${at}#o1`), _et: S('order'),
  customerId: S('c1'), orderId: S('o1'), createdAt: S(at), status: S('open'), total: { N: '1' }, shippedAt: S(at),
  gsi1pk: S('STATUS#open'), gsi1sk: S(`${at}#o1`), gsi2pk: S('CUST#c1'), gsi2sk: S(`SHIPPED#${at}`),
}
// gsi1pk says open, the status is shipped (a raw write, or the template changed since)
const staleIndex = { ...good, status: S('shipped') }
// pk says c1, customerId c2 (gsi2pk too: the table's key is the one reported, checked first)
const staleTable = { ...good, customerId: S('c2') }

/** An Env whose client answers every command with `item`, in the shape of its answer. */
const envOf = (item: Record<string, AttributeValue>) =>
  Env.make({
    client: {
      send: async (command: { constructor: { name: string }; input: { RequestItems?: Record<string, unknown> } }) => {
        const $metadata = { httpStatusCode: 200 }
        switch (command.constructor.name) {
          case 'GetItemCommand': return { $metadata, Item: item }
          case 'QueryCommand':
          case 'ScanCommand': return { $metadata, Items: [item], Count: 1, ScannedCount: 1 }
          case 'BatchGetItemCommand': return { $metadata, Responses: Object.fromEntries(Object.keys(command.input.RequestItems ?? {}).map((t) => [t, [item]])) }
          case 'TransactGetItemsCommand': return { $metadata, Responses: [{ Item: item }] }
          default: return { $metadata, Attributes: item }
        }
      },
    } as unknown as DynamoDBClient,
    sleep: async () => undefined,
    maxAttempts: 1,
  })

const reads: ReadonlyArray<readonly [string, Dynamo.Op<unknown>, 'table' | 'byStatus' | 'byShipped']> = [
  ['getOne (GetItem)', Dynamo.getOne(Order, key), 'table'],
  ['getMany of keysIn (BatchGetItem)', Dynamo.getMany(Order, Model.keysIn(Order, [key])), 'table'],
  ['transactGet', Dynamo.transactGet([T.get(Order, key)]), 'table'],
  ['updateOne (its new item)', Dynamo.updateOne(Order, key, [U.set(o.note, 'x')]), 'table'],
  ['deleteOne (its old item)', Dynamo.deleteOne(Order, key), 'table'],
  ['getMany of the partition (Query of the table)', Dynamo.getMany(Order, C.eq(o.customerId, 'c1')), 'table'],
  ['page of the partition', Dynamo.page(Order, C.eq(o.customerId, 'c1')), 'table'],
  ['reduce of the partition', Dynamo.reduce(Order, C.eq(o.customerId, 'c1'), 0, (n) => n + 1), 'table'],
  ['getMany of a Scan of the table', Dynamo.getMany(Order, C.eq(o.total, 1)), 'table'],
  ['collection of the partition', Dynamo.collection({ orders: Order }, { customerId: 'c1' }), 'table'],
  ['getMany through byStatus (Query)', Dynamo.getMany(Order, C.eq(o.status, 'open')), 'byStatus'],
  ['page through byStatus (Query)', Dynamo.page(Order, C.eq(o.status, 'open')), 'byStatus'],
  ['reduce through byStatus (Query)', Dynamo.reduce(Order, C.eq(o.status, 'open'), 0, (n) => n + 1), 'byStatus'],
  ['getMany of a Scan of byStatus', Dynamo.getMany(Order, C.eq(o.total, 1), { index: 'byStatus' }), 'byStatus'],
  ['getMany through byShipped (Query)', Dynamo.getMany(Order, C.eq(o.customerId, 'c1'), { index: 'byShipped' }), 'byShipped'],
]

const issueOf = (r: E.Either<DE.DynamoError, unknown>, what: string): string => {
  if (E.isRight(r)) return assert.unreachable(`${what}: a Right`) as never
  assert.is(r.left._tag, 'ValidationError', `${what}: ${DE.show(r.left)}`)
  return DE.show(r.left)
}

test('an item whose index key is stale: the reads through that index report it; a read by the table key, of the partition, of the table or through another index gives the item', async () => {
  const refused: string[] = []
  for (const [what, op, through] of reads) {
    const r = await op(envOf(staleIndex))()
    if (through === 'byStatus') assert.match(issueOf(r, what), 'gsi1pk: the item holds {"S":"STATUS#open"}, its fields give {"S":"STATUS#shipped"}', what)
    else if (E.isLeft(r)) refused.push(`${what}: ${DE.show(r.left)}`)
  }
  assert.equal(refused, [])
})

test('an item whose table key is stale: every read reports it, by the key and through any index', async () => {
  for (const [what, op, through] of reads) {
    // (byShipped projects the keys only: its read selects the fields it holds, and a read that selects is not checked)
    if (through !== 'byShipped') assert.match(issueOf(await op(envOf(staleTable))(), what), 'pk: the item holds {"S":"CUSTOMER#c1"}, its fields give {"S":"CUSTOMER#c2"}', what)
  }
})

test('an item whose keys agree reads on each of them', async () => {
  for (const [what, op] of reads) {
    const r = await op(envOf(good))()
    assert.ok(E.isRight(r), `${what}: ${E.isLeft(r) ? DE.show(r.left) : ''}`)
  }
})

test.run()
