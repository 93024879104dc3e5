/**
 * An item of an entity whose stored key attribute disagrees with its fields (DESIGN §5.4: the
 * key attributes are computed from the fields on every write), written raw, against DynamoDB
 * Local: the planner reads by the stored keys (a key condition that holds an equality exactly
 * leaves it out of the filter), so such an item would come back from a read whose condition its
 * fields fail (`status = "open"` giving an item whose status is "shipped", `getOne` of c1
 * giving an item of c2), and an update or delete by its fields would reach another item.
 * Neither wins silently: a read that would answer wrongly reports it, a `ValidationError` at
 * the key attribute naming what the item holds and what its fields give, as a save of such an
 * item is refused: a stale key of the table on every read (the item is not where its fields
 * say), a stale key of an index on the reads through that index (a read by the table's key,
 * of the partition or through another index gives the item: after an index's template changes,
 * which neither DynamoDB nor Table.diff sees, old items stay readable but through it). So is a
 * key holding another text of its field's value (a date-time's offset form), which need not
 * sort as the value: a range read over it would answer wrongly.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { DeleteItemCommand, GetItemCommand, PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb'
import * as C from '../../lib/ast/Condition.js'
import * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Model from '../../lib/model/Model.js'
import { Customer, Invoice, Order } from '../harness/shop.js'
import { err, fixture, ok, S, scanAll } from '../harness/models.js'

const o = Order.attrs
const at = '2024-05-01T00:00:00.000Z'
const key = (id: string) => ({ pk: S('CUSTOMER#c1'), sk: S(`ORDER#${at}#${id}`) })
const fields = (id: string): Record<string, AttributeValue> => ({ customerId: S('c1'), orderId: S(id), createdAt: S(at), status: S('open'), total: { N: '1' }, _et: S('order') })

test('an item whose stored table or index key disagrees with its fields: every read reports it (ValidationError at the attribute), none returns it', async () => {
  const f = await fixture('storedkeys')
  await ok(f.env, Dynamo.createTable([Customer, Order, Invoice]))
  const put = (Item: Record<string, AttributeValue>) => f.client.send(new PutItemCommand({ TableName: f.table(Order), Item }))
  // the table key says c1, the field c2
  await put({ ...key('o1'), ...fields('o1'), customerId: S('c2'), gsi1pk: S('STATUS#open'), gsi1sk: S(`${at}#o1`), gsi2pk: S('CUST#c2') })
  const pk = await err(f.env, Dynamo.getOne(Order, { customerId: 'c1', createdAt: new Date(at), orderId: 'o1' }), 'ValidationError')
  assert.match(DE.show(pk), 'pk: the item holds {"S":"CUSTOMER#c1"}, its fields give {"S":"CUSTOMER#c2"}')
  assert.match(DE.show(await err(f.env, Dynamo.getMany(Order, C.eq(o.customerId, 'c1')), 'ValidationError')), 'pk: the item holds {"S":"CUSTOMER#c1"}')
  assert.match(DE.show(await err(f.env, Dynamo.collection({ customer: Customer, orders: Order }, { customerId: 'c1' }), 'ValidationError')), 'pk: the item holds {"S":"CUSTOMER#c1"}')
})

test('a stale index key (gsi1pk says open, the status shipped): the read through the index reports it; a read by the table key, of the partition or through another index gives the item', async () => {
  const f = await fixture('storedkeys-index')
  await ok(f.env, Dynamo.createTable([Customer, Order, Invoice]))
  const put = (Item: Record<string, AttributeValue>) => f.client.send(new PutItemCommand({ TableName: f.table(Order), Item }))
  await put({ ...key('o1'), ...fields('o1'), status: S('shipped'), gsi1pk: S('STATUS#open'), gsi1sk: S(`${at}#o1`), gsi2pk: S('CUST#c1') })
  const e = await err(f.env, Dynamo.getMany(Order, C.eq(o.status, 'open')), 'ValidationError')
  assert.match(DE.show(e), 'gsi1pk: the item holds {"S":"STATUS#open"}, its fields give {"S":"STATUS#shipped"}')
  assert.equal((await ok(f.env, Dynamo.getOne(Order, { customerId: 'c1', createdAt: new Date(at), orderId: 'o1' }))).status, 'shipped')
  assert.equal((await ok(f.env, Dynamo.getMany(Order, C.eq(o.customerId, 'c1')))).map((x) => [x.orderId, x.status]), [['o1', 'shipped']])
  assert.equal((await ok(f.env, Dynamo.getMany(Order, Model.keysIn(Order, [{ customerId: 'c1', createdAt: new Date(at), orderId: 'o1' }])))).map((x) => x.orderId), ['o1'])
  assert.equal((await ok(f.env, Dynamo.collection({ customer: Customer, orders: Order }, { customerId: 'c1' }))).orders.map((x) => x.orderId), ['o1'])
  // an index key whose template's field is absent (the item should be out of the sparse index): by its key it reads
  await put({ ...key('o2'), ...fields('o2'), gsi1pk: S('STATUS#open'), gsi1sk: S(`${at}#o2`), gsi2pk: S('CUST#c1'), gsi2sk: S(`SHIPPED#${at}`) })
  assert.equal((await ok(f.env, Dynamo.getOne(Order, { customerId: 'c1', createdAt: new Date(at), orderId: 'o2' }))).orderId, 'o2')
})

test('a stale table key (pk says c1, customerId c2): refused by getOne and by a read through an index', async () => {
  const f = await fixture('storedkeys-table')
  await ok(f.env, Dynamo.createTable([Customer, Order, Invoice]))
  const put = (Item: Record<string, AttributeValue>) => f.client.send(new PutItemCommand({ TableName: f.table(Order), Item }))
  await put({ ...key('o1'), ...fields('o1'), customerId: S('c2'), gsi1pk: S('STATUS#open'), gsi1sk: S(`${at}#o1`), gsi2pk: S('CUST#c2') })
  const stale = 'pk: the item holds {"S":"CUSTOMER#c1"}, its fields give {"S":"CUSTOMER#c2"}'
  assert.match(DE.show(await err(f.env, Dynamo.getOne(Order, { customerId: 'c1', createdAt: new Date(at), orderId: 'o1' }), 'ValidationError')), stale)
  assert.match(DE.show(await err(f.env, Dynamo.getMany(Order, C.eq(o.status, 'open')), 'ValidationError')), stale)
})

test('a key holding another text of its field\'s value (an offset date-time of the same instant), which does not sort as the value: a range read reports it rather than return an item its fields fail', async () => {
  const f = await fixture('storedkeys-text')
  await ok(f.env, Dynamo.createTable([Customer, Order, Invoice]))
  const put = (Item: Record<string, AttributeValue>) => f.client.send(new PutItemCommand({ TableName: f.table(Order), Item }))
  // createdAt 00:00Z; the keys hold 02:00+02:00, which sorts after 01:00Z
  await put({ pk: S('CUSTOMER#c1'), sk: S('ORDER#2024-05-01T02:00:00+02:00#o1'), ...fields('o1'), gsi1pk: S('STATUS#open'), gsi1sk: S('2024-05-01T02:00:00+02:00#o1'), gsi2pk: S('CUST#c1') })
  const after = new Date('2024-05-01T01:00:00.000Z')
  const range = await err(f.env, Dynamo.getMany(Order, C.and(C.eq(o.customerId, 'c1'), C.gte(o.createdAt, after))), 'ValidationError')
  assert.match(DE.show(range), 'sk: the item holds {"S":"ORDER#2024-05-01T02:00:00+02:00#o1"}, its fields give {"S":"ORDER#2024-05-01T00:00:00.000Z#o1"}')
  assert.match(DE.show(await err(f.env, Dynamo.getMany(Order, C.and(C.eq(o.status, 'open'), C.gte(o.createdAt, after))), 'ValidationError')), 'sk: the item holds')
})

test("the recovery the error and README give works: the raw item, its composed keys deleted, decoded and saved through the model reads again; a stale table key's old item stays at its key, and is deleted there", async () => {
  const f = await fixture('storedkeys-recover')
  await ok(f.env, Dynamo.createTable([Customer, Order, Invoice]))
  const TableName = f.table(Order)
  const put = (Item: Record<string, AttributeValue>) => f.client.send(new PutItemCommand({ TableName, Item }))
  // o1: a stale index key (the reads through byStatus report it); o2: a stale table key (c1 on a c2 order: every read reports it)
  await put({ ...key('o1'), ...fields('o1'), status: S('shipped'), gsi1pk: S('STATUS#open'), gsi1sk: S(`${at}#o1`), gsi2pk: S('CUST#c1') })
  await put({ ...key('o2'), ...fields('o2'), customerId: S('c2'), gsi1pk: S('STATUS#open'), gsi1sk: S(`${at}#o2`), gsi2pk: S('CUST#c2') })
  // the advice says what works, on each
  for (const advised of [
    await err(f.env, Dynamo.getMany(Order, C.eq(o.status, 'open')), 'ValidationError'),
    await err(f.env, Dynamo.getOne(Order, { customerId: 'c1', createdAt: new Date(at), orderId: 'o2' }), 'ValidationError'),
  ]) {
    assert.match(DE.show(advised), 'rewrite it from the raw item, with the composed keys deleted from it, decoded by Model.decode and saved through the model')
    assert.match(DE.show(advised), 'where a key of the table disagrees, the old item stays at its stored key: delete it there')
  }
  const composed = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk']
  for (const id of ['o1', 'o2']) {
    const raw = (await f.client.send(new GetItemCommand({ TableName, Key: key(id) }))).Item ?? {}
    const fieldsOnly = Object.fromEntries(Object.entries(raw).filter(([k]) => !composed.includes(k)))
    const decoded = Model.decode(Order, fieldsOnly)
    if (decoded._tag === 'Left') return assert.unreachable(DE.show(decoded.left))
    await ok(f.env, Dynamo.saveOne(Order, decoded.right))
  }
  // o1 rewritten in place; o2 saved under c2, its old item at c1 still stale: deleted there
  await err(f.env, Dynamo.getMany(Order, C.eq(o.customerId, 'c1')), 'ValidationError')
  await f.client.send(new DeleteItemCommand({ TableName, Key: key('o2') }))
  assert.equal((await ok(f.env, Dynamo.getMany(Order, C.eq(o.customerId, 'c1')))).map((x) => [x.orderId, x.status]), [['o1', 'shipped']])
  assert.equal((await ok(f.env, Dynamo.getMany(Order, C.eq(o.customerId, 'c2')))).map((x) => x.orderId), ['o2'])
  assert.equal((await ok(f.env, Dynamo.getMany(Order, C.eq(o.status, 'open')))).map((x) => x.orderId), ['o2'])
  assert.equal((await ok(f.env, Dynamo.getMany(Order, C.eq(o.status, 'shipped')))).map((x) => x.orderId), ['o1'])
  assert.is((await scanAll(f.client, TableName)).length, 2)
})

test('an item whose keys agree with its fields reads as ever, and one whose index keys are absent (written before the index) too', async () => {
  const f = await fixture('storedkeys-agree')
  await ok(f.env, Dynamo.createTable([Customer, Order, Invoice]))
  const put = (Item: Record<string, AttributeValue>) => f.client.send(new PutItemCommand({ TableName: f.table(Order), Item }))
  await put({ ...key('o1'), ...fields('o1') })
  await ok(f.env, Dynamo.saveOne(Order, { customerId: 'c1', orderId: 'o2', createdAt: new Date(at), status: 'open', total: 2, shippedAt: new Date(at) }))
  assert.equal((await ok(f.env, Dynamo.getMany(Order, C.eq(o.customerId, 'c1')))).map((x) => x.orderId), ['o1', 'o2'])
  assert.equal((await ok(f.env, Dynamo.getMany(Order, C.eq(o.status, 'open')))).map((x) => x.orderId), ['o2'])
})

test.run()
