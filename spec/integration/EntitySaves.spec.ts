/**
 * A conditional save of a model with an entity (DESIGN §5.4: an entity's writes never take
 * another entity's item as theirs), against DynamoDB Local: `overwrite: condition` and a
 * versioned save test the item at the key as the model's own, so they write over it only when
 * it is the model's (`_et = :entity`) and the condition holds, or when no item (or an expired
 * one) has the key. Another entity's item, or a foreign item without `_et`, on which the
 * condition happens to hold is left as it is: `ConditionalCheckFailed` (saveOne), a `fail`
 * entry (saveMany), `TransactionCanceled` (T.put). An item of the model itself is still
 * replaced when the condition holds on it. The keys meet here because both entities use a
 * plain key field (a table `createTable` of both would refuse: Table.diff's entity conflicts),
 * as they do with items written before the table had entities.
 */
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import { PutItemCommand } from '@aws-sdk/client-dynamodb'
import * as C from '../../lib/ast/Condition.js'
import * as DE from '../../lib/DynamoError.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as Field from '../../lib/codec/Field.js'
import * as Model from '../../lib/model/Model.js'
import * as T from '../../lib/compile/Transaction.js'
import * as Evaluate from '../../lib/evaluate/Evaluate.js'
import { Customer, Order } from '../harness/shop.js'
import { err, fixture, ok, rawGet, scanAll, S, N } from '../harness/models.js'

const User = Model.make({ table: 'people', entity: 'user', hashKey: 'id', billing: 'onDemand', codec: t.type({ id: t.string, n: Field.int() }) })
const Admin = Model.make({ table: 'people', entity: 'admin', hashKey: 'id', billing: 'onDemand', codec: t.type({ id: t.string, n: Field.int() }) })
/** The admin, versioned by `n`. */
const VersionedAdmin = Model.make({
  table: 'people',
  entity: 'admin',
  hashKey: 'id',
  billing: 'onDemand',
  version: 'n',
  codec: t.intersection([t.type({ id: t.string }), t.partial({ n: Field.int() })]),
})
const a = Admin.attrs

const test = suite('conditional saves of an entity over another entity\'s item')

test('overwrite: condition, a versioned save, saveMany and T.put leave another entity\'s item, and one without _et, as they are; the model\'s own item is replaced', async () => {
  const f = await fixture('entity-saves')
  await ok(f.env, Dynamo.createTable(User))
  await ok(f.env, Dynamo.saveOne(User, { id: 'u', n: 1 }))
  await f.client.send(new PutItemCommand({ TableName: f.table(User), Item: { id: S('raw'), n: N(1) } }))
  const user = await rawGet(f.client, f.table(User), { id: S('u') })
  const raw = await rawGet(f.client, f.table(User), { id: S('raw') })
  for (const id of ['u', 'raw']) {
    await err(f.env, Dynamo.saveOne(Admin, { id, n: 5 }, { overwrite: C.eq(a.n, 1) }), 'ConditionalCheckFailed')
    // version 1 stored means a save of version 1 (it stores 2): the foreign n = 1 is no version of an admin
    await err(f.env, Dynamo.saveOne(VersionedAdmin, { id, n: 1 }), 'ConditionalCheckFailed')
    const many = await ok(f.env, Dynamo.saveMany(Admin, [{ id, n: 5 }], { overwrite: C.eq(a.n, 1) }))
    assert.equal(many.success, [])
    assert.is(many.fail.length, 1)
    await err(f.env, Dynamo.transactWrite([T.put(Admin, { id, n: 5 }, { overwrite: C.eq(a.n, 1) })]), 'TransactionCanceled')
  }
  assert.equal(await rawGet(f.client, f.table(User), { id: S('u') }), user)
  assert.equal(await rawGet(f.client, f.table(User), { id: S('raw') }), raw)
  // the model's own item: the condition decides, as ever
  await ok(f.env, Dynamo.saveOne(Admin, { id: 'a', n: 1 }))
  assert.equal(await ok(f.env, Dynamo.saveOne(Admin, { id: 'a', n: 2 }, { overwrite: C.eq(a.n, 1) })), { id: 'a', n: 2 })
  assert.equal(await ok(f.env, Dynamo.saveOne(VersionedAdmin, { id: 'a', n: 2 })), { id: 'a', n: 3 })
  assert.equal(await ok(f.env, Dynamo.getOne(Admin, 'a')), { id: 'a', n: 3 })
  // and where no item has the key, a conditional save creates it
  assert.equal(await ok(f.env, Dynamo.saveOne(Admin, { id: 'new', n: 7 }, { overwrite: C.eq(a.n, 1) })), { id: 'new', n: 7 })
})

test('an item that holds an attribute its entity model computes (a composed key, an index key, the entity attribute) with another value than the model computes is a ValidationError naming it, nothing written: saveOne, saveMany, T.put, Evaluate.saveOne', async () => {
  const f = await fixture('entity-given')
  await ok(f.env, Dynamo.createTable([Customer, Order]))
  const order = { customerId: 'c1', orderId: 'o1', createdAt: new Date('2024-03-05T10:00:00.000Z'), status: 'open', total: 5 }
  // each would be written with the computed value in its place, and returned as saved with the given one
  const given: ReadonlyArray<readonly [string, unknown]> = [
    ['pk', 'CUSTOMER#c2'],
    ['sk', 'PROFILE'],
    ['gsi1pk', 'STATUS#closed'],
    ['gsi2pk', 'CUST#c2'],
    ['_et', 'customer'],
  ]
  for (const [name, value] of given) {
    const item = { ...order, [name]: value } as never
    const one = await err(f.env, Dynamo.saveOne(Order, item), 'ValidationError')
    assert.equal(one.issues.map((i) => i.path), [name], DE.show(one))
    const many = await ok(f.env, Dynamo.saveMany(Order, [item]))
    assert.equal(many.success, [])
    assert.is(many.fail[0]?.error._tag, 'ValidationError')
    const tx = await err(f.env, Dynamo.transactWrite([T.put(Order, item)]), 'ValidationError')
    assert.equal(tx.issues.map((i) => i.path), [name], DE.show(tx))
    assert.is(Evaluate.saveOne(Order, item, new Date())._tag, 'Left')
  }
  assert.equal(await scanAll(f.client, f.table(Order)), [])
  // the value the model computes itself (an item read raw, given back) is taken, and stored as given
  const raw = { ...order, _et: 'order', pk: 'CUSTOMER#c1' }
  assert.equal(await ok(f.env, Dynamo.saveOne(Order, raw as never)), raw)
  // an own key holding undefined is no key, as everywhere
  assert.equal(await ok(f.env, Dynamo.saveOne(Order, { ...order, pk: undefined } as never)), order)
  assert.equal(await ok(f.env, Dynamo.getOne(Order, order)), order)
  assert.equal(await ok(f.env, Dynamo.saveOne(Customer, { customerId: 'c1', name: 'Ann' })), { customerId: 'c1', name: 'Ann' })
})

test.run()
