/**
 * A small update that DynamoDB refuses because the stored item it changes would be over
 * 400 KB (DynamoDB Local's ValidationException "Item size to update has exceeded the maximum
 * allowed size"; in a transaction, a cancellation reason `ValidationError` with that message):
 * `ItemTooLarge`, whose size is not known (the stored item is not read), so `atLeast: true`
 * and `size` the least it can be; in a transaction, the entry's `ValidationError` that a too
 * large entry found before the call gives. Puts that DynamoDB refuses keep their exact size.
 */
import * as t from 'io-ts'
import { PutItemCommand, TransactWriteItemsCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Model from '../../lib/model/Model.js'
import * as T from '../../lib/compile/Transaction.js'
import * as U from '../../lib/ast/Update.js'
import { ITEM_BYTES } from '../../lib/rules/limits.js'
import { itemSize } from '../../lib/rules/size.js'
import { err, fixture, ok, rawGetPlain, S } from '../harness/models.js'

const Big = Model.make({ table: 'big', hashKey: 'id', codec: t.intersection([t.type({ id: t.string, a: t.string }), t.partial({ b: t.string })]) })
const b = Big.attrs

const withBig = async (label: string) => {
  const f = await fixture(label)
  await ok(f.env, Dynamo.createTable(Big))
  // under the limit by a little, so that a small update pushes it over
  await ok(f.env, Dynamo.saveOne(Big, { id: 'k', a: 'x'.repeat(400_000) }))
  await ok(f.env, Dynamo.saveOne(Big, { id: 'small', a: 'x' }))
  return f
}

test('updateOne and updateFromDict that push a stored item over 400 KB: ItemTooLarge, atLeast (its size unknown), size the limit and one byte; nothing written', async () => {
  const f = await withBig('storedsize')
  const e = await err(f.env, Dynamo.updateOne(Big, 'k', [U.set(b.b, 'y'.repeat(10_000))]), 'ItemTooLarge')
  assert.equal(e, { _tag: 'ItemTooLarge', size: ITEM_BYTES + 1, limit: ITEM_BYTES, atLeast: true })
  assert.is(DE.show(e), `ItemTooLarge: the item would take more than DynamoDB's limit of ${ITEM_BYTES} bytes (its size is unknown)`)
  const d = await err(f.env, Dynamo.updateFromDict(Big, { id: 'k', b: 'y'.repeat(10_000) }), 'ItemTooLarge')
  assert.is(d.atLeast, true)
  assert.is((await rawGetPlain(f.client, f.table(Big), { id: S('k') }))?.['b'], undefined)
  // the same update of a small item is taken
  assert.is((await ok(f.env, Dynamo.updateOne(Big, 'small', [U.set(b.b, 'y'.repeat(10_000))]))).b?.length, 10_000)
})

test('a transaction whose update pushes a stored item over 400 KB: the ValidationError of that entry (as a too large entry found before the call), nothing written', async () => {
  const f = await withBig('storedsizetx')
  const one = await err(f.env, Dynamo.transactWrite([T.update(Big, 'k', [U.set(b.b, 'y'.repeat(10_000))])]), 'ValidationError')
  assert.is(one.message, `entry 0 (update on ${f.table(Big)}): the item would take more than DynamoDB's ${ITEM_BYTES} bytes`)
  const two = await err(f.env, Dynamo.transactWrite([T.put(Big, { id: 'n', a: 'z' }), T.update(Big, 'k', [U.set(b.b, 'y'.repeat(10_000))])]), 'ValidationError')
  assert.match(two.message, /^entry 1 \(update on /)
  assert.is(await rawGetPlain(f.client, f.table(Big), { id: S('n') }), undefined)
  assert.is((await rawGetPlain(f.client, f.table(Big), { id: S('k') }))?.['b'], undefined)
})

test('Dynamo.send: an UpdateItem over the limit is ItemTooLarge atLeast; a PutItem, in a transaction too, ItemTooLarge of its exact size', async () => {
  const f = await withBig('storedsizesend')
  const TableName = f.table(Big)
  const update = await err(f.env, Dynamo.send(new UpdateItemCommand({ TableName, Key: { id: S('k') }, UpdateExpression: 'SET b = :b', ExpressionAttributeValues: { ':b': S('y'.repeat(10_000)) } })), 'ItemTooLarge')
  assert.equal([update.size, update.atLeast], [ITEM_BYTES + 1, true])
  const Item = { id: S('p'), a: S('x'.repeat(410_000)) }
  const put = await err(f.env, Dynamo.send(new PutItemCommand({ TableName, Item })), 'ItemTooLarge')
  assert.equal(put, { _tag: 'ItemTooLarge', size: itemSize(Item), limit: ITEM_BYTES })
  const inTx = await err(f.env, Dynamo.send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName, Item } }] })), 'ItemTooLarge')
  assert.equal(inTx, { _tag: 'ItemTooLarge', size: itemSize(Item), limit: ITEM_BYTES })
})

test.run()
