/**
 * One key twice in one batch write, against DynamoDB Local (the oracle: it refuses a
 * `BatchWriteItem` that names one key twice, numbers compared by value). `saveMany` and
 * `deleteMany` take it, as DESIGN §3 promises ("two writes to one key never share a chunk"):
 * the writes to one key go out in their order, one wave after another (`batch.waves`), so the
 * last one given is what stays, and every entry ends in `success`. The key is told as DynamoDB
 * tells it (`storedKey.keyString`): across strategy forms (a scalar, an object, a tuple) and
 * number texts (`1` and `1.00`). A transaction is one atomic change, which DynamoDB refuses to
 * hold two operations on one item: there the same key twice is an `ExpressionError` naming the
 * entries, before any request (DESIGN §5.2).
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb'
import * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'
import * as T from '../../lib/compile/Transaction.js'
import { err, fixture, ok, scanPlain } from '../harness/models.js'

/** Prices by an exact decimal key (stored N): `1` and `1.00` are one key to DynamoDB. */
const Price = Model.make({ table: 'prices', hashKey: 'amount', codec: t.type({ amount: Field.decimal, label: t.string }), billing: 'onDemand' })

/** Lines of an order (hash + range). */
const Line = Model.make({ table: 'lines', hashKey: 'order', rangeKey: 'n', codec: t.type({ order: t.string, n: t.number, sku: t.string }), billing: 'onDemand' })

const byKey = (x: Record<string, unknown>) => JSON.stringify([x['amount'] ?? x['order'], x['n'] ?? ''])

test('the oracle: DynamoDB Local refuses a BatchWriteItem naming one key twice, also as 1 and 1.00', async () => {
  const f = await fixture('dupes-oracle')
  await ok(f.env, Dynamo.createTable(Price))
  const put = (amount: string) => ({ PutRequest: { Item: { amount: { N: amount }, label: { S: amount } } } })
  for (const pair of [['1', '1'], ['1', '1.00']]) {
    const refused = await f.client.send(new BatchWriteItemCommand({ RequestItems: { [f.table(Price)]: pair.map(put) } })).then(
      () => 'taken',
      (e: Error) => `${e.name}: ${e.message}`,
    )
    assert.match(refused, /^ValidationException: .*duplicates/, JSON.stringify(pair))
  }
})

test('saveMany with one key three times (as 1, 1.00 and 1.0, among 60 items: more than a chunk; two copies within the first 25, one chunk were they not sent in waves): every item in success, the last one given stored', async () => {
  const f = await fixture('dupes-save')
  await ok(f.env, Dynamo.createTable(Price))
  const others = Array.from({ length: 57 }, (_, i) => ({ amount: String(i + 2), label: `p${i + 2}` }))
  const items = [{ amount: '1', label: 'first' }, ...others.slice(0, 9), { amount: '1.00', label: 'second' }, ...others.slice(9), { amount: '1.0', label: 'last' }]
  assert.equal([items.length, items.findIndex((x) => x.label === 'second')], [60, 10])
  const r = await ok(f.env, Dynamo.saveMany(Price, items))
  assert.is(r.failCount, 0)
  assert.is(r.success.length, 60)
  const stored = await scanPlain(f.client, f.table(Price), byKey)
  assert.is(stored.length, 58)
  assert.is(stored.find((x) => x['amount'] === 1)?.['label'], 'last')
})

test('deleteMany with one key twice, in two strategy forms (a tuple and an object; a scalar and a decimal text): each entry in success, the item gone, the others kept', async () => {
  const f = await fixture('dupes-delete')
  await ok(f.env, Dynamo.createTable(Line))
  await ok(f.env, Dynamo.createTable(Price))
  await ok(f.env, Dynamo.saveMany(Line, [{ order: 'o1', n: 1, sku: 'a' }, { order: 'o1', n: 2, sku: 'b' }]))
  await ok(f.env, Dynamo.saveMany(Price, [{ amount: '2.5', label: 'x' }, { amount: '3', label: 'y' }]))
  const lines = await ok(f.env, Dynamo.deleteMany(Line, [['o1', 1], { order: 'o1', n: 1 }]))
  assert.equal([lines.failCount, lines.success], [0, [{ order: 'o1', n: 1 }, { order: 'o1', n: 1 }]])
  assert.equal((await scanPlain(f.client, f.table(Line), byKey)).map((x) => x['n']), [2])
  const prices = await ok(f.env, Dynamo.deleteMany(Price, ['2.5', { amount: '2.50' }]))
  assert.is(prices.failCount, 0)
  assert.is(prices.success.length, 2)
  assert.equal((await scanPlain(f.client, f.table(Price), byKey)).map((x) => x['label']), ['y'])
})

test('a transaction with one key twice (as 1 and 1.00): an ExpressionError naming both entries, before any request; the item unwritten', async () => {
  const f = await fixture('dupes-transaction')
  await ok(f.env, Dynamo.createTable(Price))
  const e = await err(f.env, Dynamo.transactWrite([T.put(Price, { amount: '1', label: 'a' }), T.put(Price, { amount: '1.00', label: 'b' })]), 'ExpressionError')
  assert.match(DE.show(e), 'entry 1 (put on ')
  assert.match(DE.show(e), 'it names the same item as entry 0: a transaction may touch each item once')
  assert.equal(await scanPlain(f.client, f.table(Price), byKey), [])
})

test.run()
