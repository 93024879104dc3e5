/**
 * Entity isolation of the operations by key against DynamoDB Local (issue 17 point 3,
 * DESIGN §5.4): raw foreign items sit at keys a `Customer`'s template gives (one without
 * `_et`, one of another entity). For `Customer`, each is no item: `updateOne` and
 * `updateFromDict` are `NotFound` and write nothing; `deleteOne` is none and deletes nothing
 * (by key and with checks); in a transaction `T.get` is none, `T.check` takes the item as
 * absent, and `T.update`/`T.delete` cancel the transaction with no item in their reason, whose
 * message says which entry and why (a transaction cannot leave an entry out, as `deleteOne`
 * answers none). The raw items are byte for byte as they were after every one of these.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { DeleteItemCommand, PutItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../lib/ast/Condition.js'
import * as U from '../../lib/ast/Update.js'
import * as Dynamo from '../../lib/run/Dynamo.js'
import * as T from '../../lib/compile/Transaction.js'
import * as DE from '../../lib/DynamoError.js'
import * as Model from '../../lib/model/Model.js'
import * as Env from '../../lib/run/Env.js'
import { right } from '../harness/either.js'
import { Customer } from '../harness/shop.js'
import { err, fixture, ok, rawGet, S, type Fixture, REQUEST_MS } from '../harness/models.js'

const c = Customer.attrs
const keyOf = (id: string) => ({ pk: S(`CUSTOMER#${id}`), sk: S('PROFILE') })

/** Raw items at customer keys: one without `_et`, one of another entity (with the fields a customer has). */
const foreign: Record<string, Record<string, AttributeValue>> = {
  bare: { ...keyOf('x1'), customerId: S('x1'), name: S('raw') },
  other: { ...keyOf('x2'), _et: S('legacy'), customerId: S('x2'), name: S('old') },
}

const withItems = async (label: string): Promise<Fixture> => {
  const f = await fixture(label)
  await ok(f.env, Dynamo.createTable([Customer]))
  await ok(f.env, Dynamo.saveOne(Customer, { customerId: 'c1', name: 'Ann' }))
  for (const item of Object.values(foreign)) await f.client.send(new PutItemCommand({ TableName: f.table(Customer), Item: item }))
  return f
}

/** Every foreign item is as it was put. */
const untouched = async (f: Fixture) => {
  for (const item of Object.values(foreign)) assert.equal(await rawGet(f.client, f.table(Customer), { pk: item['pk'] as AttributeValue, sk: item['sk'] as AttributeValue }), item)
}

test('updateOne and updateFromDict of a key holding a foreign item: NotFound (absent), nothing written', async () => {
  const f = await withItems('ek-update')
  for (const id of ['x1', 'x2']) {
    const e = await err(f.env, Dynamo.updateOne(Customer, { customerId: id }, [U.set(c.tier, 'gold')]), 'NotFound')
    assert.is(e.reason, 'absent', id)
    await err(f.env, Dynamo.updateOne(Customer, C.and(C.eq(c.customerId, id), C.eq(c.name, 'raw')), [U.set(c.tier, 'gold')]), 'NotFound')
    await err(f.env, Dynamo.updateFromDict(Customer, { customerId: id, name: 'new' }), 'NotFound')
  }
  await untouched(f)
  // the entity's own item is updated as ever
  assert.equal(await ok(f.env, Dynamo.updateOne(Customer, { customerId: 'c1' }, [U.set(c.tier, 'gold')])), { customerId: 'c1', name: 'Ann', tier: 'gold' })
})

test('deleteOne of a key holding a foreign item: none, nothing deleted (by key and with checks); its own item: some, deleted', async () => {
  const f = await withItems('ek-delete')
  for (const id of ['x1', 'x2']) {
    assert.equal(await ok(f.env, Dynamo.deleteOne(Customer, { customerId: id })), { _tag: 'None' }, id)
    assert.equal(await ok(f.env, Dynamo.deleteOne(Customer, C.and(C.eq(c.customerId, id), C.eq(c.name, 'raw')))), { _tag: 'None' }, id)
    assert.equal(await ok(f.env, Dynamo.deleteOne(Customer, C.and(C.eq(c.customerId, id), C.notExists(c.tier)))), { _tag: 'None' }, id)
  }
  await untouched(f)
  assert.equal(await ok(f.env, Dynamo.deleteOne(Customer, { customerId: 'nobody' })), { _tag: 'None' })
  // checks that fail on the entity's own item still fail
  await err(f.env, Dynamo.deleteOne(Customer, C.and(C.eq(c.customerId, 'c1'), C.eq(c.name, 'Ben'))), 'ConditionalCheckFailed')
  assert.equal(await ok(f.env, Dynamo.deleteOne(Customer, { customerId: 'c1' })), { _tag: 'Some', value: { customerId: 'c1', name: 'Ann' } })
  assert.is(await rawGet(f.client, f.table(Customer), keyOf('c1')), undefined)
})

test('deleteMany of a list with checks: a foreign item at a key is no item (never deleted), and no item is a delete of nothing: in success, as deleteOne\'s none and an absent key', async () => {
  const f = await withItems('ek-delete-many')
  const r = await ok(
    f.env,
    Dynamo.deleteMany(Customer, [
      C.and(C.eq(c.customerId, 'x2'), C.eq(c.name, 'old')),
      C.and(C.eq(c.customerId, 'x1'), C.notExists(c.tier)),
      C.and(C.eq(c.customerId, 'nobody'), C.eq(c.name, 'old')),
      C.and(C.eq(c.customerId, 'nobody2'), C.notExists(c.tier)),
    ]),
  )
  assert.equal(r.success, [{ customerId: 'x2' }, { customerId: 'x1' }, { customerId: 'nobody' }, { customerId: 'nobody2' }])
  assert.equal(r.fail, [])
  await untouched(f)
  // the entity's own item is deleted where the check holds
  assert.equal((await ok(f.env, Dynamo.deleteMany(Customer, [C.and(C.eq(c.customerId, 'c1'), C.eq(c.name, 'Ann'))]))).success, [{ customerId: 'c1' }])
  assert.is(await rawGet(f.client, f.table(Customer), keyOf('c1')), undefined)
})

test('deleteMany by a key condition read as a BatchGetItem (isIn, an OR of key equalities, Model.keysIn): every item of the entity found is deleted; a foreign item at a key named is not found, and stays', async () => {
  const f = await withItems('ek-delete-batch')
  const conditions = [
    C.isIn(c.customerId, ['c1', 'c2', 'x2']),
    C.or(C.eq(c.customerId, 'c1'), C.eq(c.customerId, 'c2'), C.eq(c.customerId, 'x1')),
    Model.keysIn(Customer, [{ customerId: 'c1' }, { customerId: 'c2' }, { customerId: 'x2' }]),
  ]
  for (const [i, condition] of conditions.entries()) {
    await ok(f.env, Dynamo.saveMany(Customer, [{ customerId: 'c1', name: 'Ann' }, { customerId: 'c2', name: 'Ben' }]))
    assert.is(right(Dynamo.explain(Customer, condition))._tag, 'BatchGetItem', String(i))
    const r = await ok(f.env, Dynamo.deleteMany(Customer, condition))
    assert.equal([r.success, r.fail.map((x) => DE.show(x.error))], [[{ customerId: 'c1' }, { customerId: 'c2' }], []], String(i))
    for (const id of ['c1', 'c2']) assert.is(await rawGet(f.client, f.table(Customer), keyOf(id)), undefined, `${i} ${id}`)
  }
  await untouched(f)
})

test('deleteMany by a condition read as a BatchGetItem, an item found gone at its delete (deleted meanwhile, or another entity\'s item put in its place): a delete of nothing, in success, as deleteOne of its key and condition answers none; an item found changed so that the condition fails: in fail, as deleteOne is ConditionalCheckFailed', async () => {
  const f = await withItems('ek-delete-gone')
  const table = f.table(Customer)
  // between the read and the deletes, the first delete's item is deleted, replaced, or changed
  type Meanwhile = 'deleted' | 'foreign' | 'renamed'
  const envWith = (meanwhile: Meanwhile) => {
    let done = false
    const send = async (command: unknown) => {
      if (command instanceof DeleteItemCommand && !done) {
        done = true
        const Key = command.input.Key as Record<string, AttributeValue>
        if (meanwhile === 'deleted') await f.client.send(new DeleteItemCommand({ TableName: table, Key }))
        else if (meanwhile === 'foreign') await f.client.send(new PutItemCommand({ TableName: table, Item: { ...Key, _et: S('legacy'), customerId: S('c1'), name: S('Ann') } }))
        else await f.client.send(new PutItemCommand({ TableName: table, Item: { ...Key, _et: S('customer'), customerId: S('c1'), name: S('Zed') } }))
      }
      return f.client.send(command as never)
    }
    return Env.make({ client: { send } as unknown as DynamoDBClient, tablePrefix: f.prefix, region: 'us-east-2', timeoutMs: REQUEST_MS })
  }
  const conditions = [C.isIn(c.customerId, ['c1', 'c2']), C.and(C.isIn(c.customerId, ['c1', 'c2']), C.eq(c.name, 'Ann')), C.and(C.isIn(c.customerId, ['c1', 'c2']), C.notExists(c.tier))]
  for (const [i, condition] of conditions.entries()) {
    for (const meanwhile of ['deleted', 'foreign', 'renamed'] as const) {
      await f.client.send(new DeleteItemCommand({ TableName: table, Key: keyOf('c1') }))
      await ok(f.env, Dynamo.saveMany(Customer, [{ customerId: 'c1', name: 'Ann' }, { customerId: 'c2', name: 'Ann' }]))
      assert.is(right(Dynamo.explain(Customer, condition))._tag, 'BatchGetItem', String(i))
      const what = `${i} ${meanwhile}`
      const r = await ok(envWith(meanwhile), Dynamo.deleteMany(Customer, condition))
      // deleteOne of the first key and the condition, on what is there now (c2 is gone: none, as ever)
      const key = C.and(C.eq(c.customerId, 'c1'), ...(i === 0 ? [] : [(condition as { readonly conditions: ReadonlyArray<C.Condition> }).conditions[1] as C.Condition]))
      const one = await Dynamo.deleteOne(Customer, key)(f.env)()
      if (meanwhile === 'renamed' && i === 1) {
        assert.equal([r.success, r.fail.map((x) => [x.item, x.error._tag])], [[{ customerId: 'c2' }], [[{ customerId: 'c1' }, 'ConditionalCheckFailed']]], what)
        assert.ok(E.isLeft(one) && one.left._tag === 'ConditionalCheckFailed', `${what}: ${JSON.stringify(one)}`)
        continue
      }
      // renamed with no check on the name: the customer found is deleted, renamed or not
      assert.equal([r.success, r.fail.map((x) => DE.show(x.error))], [[{ customerId: 'c1' }, { customerId: 'c2' }], []], what)
      assert.equal(one, E.right({ _tag: 'None' }), what)
      const left = await rawGet(f.client, table, keyOf('c1'))
      assert.is(left?.['_et']?.S, meanwhile === 'foreign' ? 'legacy' : undefined, `${what}: the foreign item stays, the customer is gone`)
      assert.is(await rawGet(f.client, table, keyOf('c2')), undefined, what)
    }
  }
  await untouched(f)
})

test('transactGet: a foreign item at the key is none; the entity its own', async () => {
  const f = await withItems('ek-get')
  const r = await ok(f.env, Dynamo.transactGet([T.get(Customer, { customerId: 'x1' }), T.get(Customer, { customerId: 'x2' }), T.get(Customer, { customerId: 'c1' })] as const))
  assert.equal(r, [{ _tag: 'None' }, { _tag: 'None' }, { _tag: 'Some', value: { customerId: 'c1', name: 'Ann' } }])
})

test('transactWrite: T.check takes a foreign item as absent; T.update and T.delete of it cancel, no item in the reason, nothing written', async () => {
  const f = await withItems('ek-write')
  // absent: a bare key fails, a check that holds on no item passes
  const bare = await err(f.env, Dynamo.transactWrite([T.check(Customer, { customerId: 'x2' }), T.put(Customer, { customerId: 'c5', name: 'Eve' })]), 'TransactionCanceled')
  assert.equal(bare.reasons.map((x) => [x.code, x.item]), [['ConditionalCheckFailed', undefined], ['None', undefined]])
  await ok(f.env, Dynamo.transactWrite([T.check(Customer, C.and(C.eq(c.customerId, 'x1'), C.notExists(c.customerId))), T.put(Customer, { customerId: 'c5', name: 'Eve' })]))
  assert.equal(await ok(f.env, Dynamo.getOne(Customer, { customerId: 'c5' })), { customerId: 'c5', name: 'Eve' })
  // a check that needs the item's own fields fails on the foreign one
  await err(f.env, Dynamo.transactWrite([T.check(Customer, C.and(C.eq(c.customerId, 'x1'), C.eq(c.name, 'raw')))]), 'TransactionCanceled')
  const at = (kind: string) => `entry 0 (${kind} on ${f.table(Customer)}): the item at the key`
  const cases = [
    [T.update(Customer, { customerId: 'x1' }, [U.set(c.tier, 'gold')]), `${at('update')} has no _et (it is no entity's), no customer: an update never creates one (updateOne is NotFound there)`],
    [T.delete(Customer, { customerId: 'x2' }), `${at('delete')} is another entity's (legacy), which a delete of customer leaves: deleteOne answers none there, but no entry of a transaction can be left out, so the transaction is cancelled`],
    [T.delete(Customer, C.and(C.eq(c.customerId, 'x1'), C.notExists(c.tier))), `${at('delete')} has no _et (it is no entity's), which a delete of customer leaves: deleteOne answers none there, but no entry of a transaction can be left out, so the transaction is cancelled`],
    [T.check(Customer, { customerId: 'x2' }), `${at('check')} is another entity's (legacy), no customer: a check takes it as no item`],
  ] as const
  for (const [entry, why] of cases) {
    const e = await err(f.env, Dynamo.transactWrite([entry, T.update(Customer, { customerId: 'c1' }, [U.set(c.tier, 'gold')])]), 'TransactionCanceled')
    assert.equal(e.reasons.map((x) => [x.code, x.item]), [['ConditionalCheckFailed', undefined], ['None', undefined]], entry._tag)
    // the reason says which entry, and why: the item there is none of the entry's model
    assert.ok(e.reasons[0]?.message?.endsWith(why), `${e.reasons[0]?.message} ends with ${why}`)
  }
  await untouched(f)
  assert.equal(await ok(f.env, Dynamo.getOne(Customer, { customerId: 'c1' })), { customerId: 'c1', name: 'Ann' })
})

test('a failed check on a foreign item, or on the entity\'s own that its codec refuses: a single write and a transaction give it alike, as it is stored; only the model\'s own decoded item is the reason\'s item', async () => {
  const f = await withItems('ek-stored')
  // the entity's own item, stored with a name the codec refuses (a number)
  const bad = { ...keyOf('c9'), _et: S('customer'), customerId: S('c9'), name: { N: '7' } }
  await f.client.send(new PutItemCommand({ TableName: f.table(Customer), Item: bad }))
  for (const [id, stored] of [['x1', foreign['bare']], ['x2', foreign['other']], ['c9', bad]] as const) {
    const single = await err(f.env, Dynamo.saveOne(Customer, { customerId: id, name: 'new' }, { overwrite: false }), 'ConditionalCheckFailed')
    assert.equal(single.item, stored, id)
    const tx = await err(f.env, Dynamo.transactWrite([T.put(Customer, { customerId: id, name: 'new' }, { overwrite: false })]), 'TransactionCanceled')
    const [reason] = tx.reasons
    assert.equal([reason?.code, reason?.item, reason?.stored], ['ConditionalCheckFailed', undefined, stored], id)
    if (id === 'c9') assert.match(reason?.message ?? '', 'the stored item does not decode')
  }
  // the model's own item that decodes: decoded as item, and as it is as stored
  const own = await err(f.env, Dynamo.transactWrite([T.put(Customer, { customerId: 'c1', name: 'new' }, { overwrite: false })]), 'TransactionCanceled')
  assert.equal([own.reasons[0]?.item, own.reasons[0]?.stored], [{ customerId: 'c1', name: 'Ann' }, { ...keyOf('c1'), _et: S('customer'), customerId: S('c1'), name: S('Ann') }])
  await untouched(f)
})

test.run()
