/**
 * Issue 17, point 3 (pure): entity isolation of the requests by key (DESIGN §5.4). On a model
 * with an `entity`, an update requires the item to be the entity's (`_et = :entity`, so a
 * foreign item is no item: `NotFound`), a delete by key is conditioned on no item or the
 * entity's (a foreign item stays; `Dynamo` reads it as none), a delete with checks takes them
 * only on the entity's item, and a condition check takes a foreign item as no item. Each
 * transaction entry is its single request. A plain model builds the requests it always did.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as C from '../../../lib/ast/Condition.js'
import * as Command from '../../../lib/compile/Command.js'
import * as Entity from '../../../lib/plan/Entity.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'
import * as S from '../../../lib/model/Strategy.js'
import * as T from '../../../lib/compile/Transaction.js'
import * as U from '../../../lib/ast/Update.js'
import { Customer, Order } from '../../harness/shop.js'
import { counting } from '../../harness/counting.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as E from 'fp-ts/lib/Either.js'
import { right } from '../../harness/either.js'

const NOW = new Date(Date.UTC(2024, 0, 1))
const c = Customer.attrs
const sel = (m: Parameters<typeof S.parse>[0], u: unknown): S.Strategy => right(S.parse(m, u))
const key = { pk: { S: 'CUSTOMER#c1' }, sk: { S: 'PROFILE' } }
const entity = { ':v0': { S: 'customer' } }
const named = C.and(C.eq(c.customerId, 'c1'), C.eq(c.name, 'Ann'))

/** An entity with time to live: both rules in one condition. */
const Token = Model.make({
  table: 'shop',
  entity: 'token',
  hashKey: Model.key('pk', 'TOKEN#{id}'),
  codec: t.intersection([t.type({ id: t.string, expiresAt: Field.epochSeconds }), t.partial({ note: t.string })]),
  ttl: 'expiresAt',
})
const k = Token.attrs

/** A plain model: no entity, none of its requests changes. */
const Plain = Model.make({ table: 'plain', hashKey: 'id', codec: t.type({ id: t.string, name: t.string }) })
const p = Plain.attrs

test('golden: an update of an entity requires its item: attribute_exists(pk) AND _et = :entity (AND the checks)', () => {
  assert.equal(right(Command.updateItem(Customer, 'shop', sel(Customer, { customerId: 'c1' }), [U.set(c.name, 'x')], NOW)), {
    TableName: 'shop',
    Key: key,
    ConditionExpression: 'attribute_exists(#n0) AND #n1 = :v0',
    UpdateExpression: 'SET #n2 = :v1',
    ExpressionAttributeNames: { '#n0': 'pk', '#n1': '_et', '#n2': 'name' },
    ExpressionAttributeValues: { ...entity, ':v1': { S: 'x' } },
    ReturnValues: 'ALL_NEW',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  })
  const checked = right(Command.updateItem(Customer, 'shop', sel(Customer, named), [U.set(c.name, 'x')], NOW))
  assert.is(checked.ConditionExpression, 'attribute_exists(#n0) AND #n1 = :v0 AND #n2 = :v1')
  assert.equal(checked.ExpressionAttributeValues, { ...entity, ':v1': { S: 'Ann' }, ':v2': { S: 'x' } })
  // with ttl: the entity, then the item alive
  assert.is(right(Command.updateItem(Token, 'shop', sel(Token, { id: 'a' }), [U.set(k.note, 'n')], NOW)).ConditionExpression, 'attribute_exists(#n0) AND #n1 = :v0 AND NOT #n2 <= :v1')
})

test('golden: a delete by key of an entity: attribute_not_exists(pk) OR _et = :entity; with checks, they apply to its item only', () => {
  assert.equal(right(Command.deleteItem(Customer, 'shop', sel(Customer, { customerId: 'c1' }), NOW)), {
    TableName: 'shop',
    Key: key,
    ReturnValues: 'ALL_OLD',
    ConditionExpression: 'attribute_not_exists(#n0) OR #n1 = :v0',
    ExpressionAttributeNames: { '#n0': 'pk', '#n1': '_et' },
    ExpressionAttributeValues: entity,
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  })
  const checked = right(Command.deleteItem(Customer, 'shop', sel(Customer, named), NOW))
  assert.is(checked.ConditionExpression, 'attribute_not_exists(#n0) OR #n1 = :v0 AND #n2 = :v1')
  assert.equal(checked.ExpressionAttributeNames, { '#n0': 'pk', '#n1': '_et', '#n2': 'name' })
  // with ttl: an expired item of the entity is deleted; another entity's never
  assert.is(
    right(Command.deleteItem(Token, 'shop', sel(Token, C.and(C.eq(k.id, 'a'), C.eq(k.note, 'n'))), NOW)).ConditionExpression,
    'attribute_not_exists(#n0) OR #n1 = :v0 AND (#n2 <= :v1 OR #n3 = :v2)',
  )
})

test("golden: deleteIf of an entity's condition alone (a found item of deleteMany's BatchGetItem): deleted only as the entity's item (alive)", () => {
  const own = Entity.condition(Customer) as C.Condition
  assert.equal(right(Command.deleteIf(Customer, 'shop', key, own, NOW)), {
    TableName: 'shop',
    Key: key,
    ConditionExpression: '#n0 = :v0',
    ExpressionAttributeNames: { '#n0': '_et' },
    ExpressionAttributeValues: entity,
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  })
  // as Entity.and gives it, with no condition of its own
  assert.is(right(Command.deleteIf(Customer, 'shop', key, Entity.and(Customer, undefined), NOW)).ConditionExpression, '#n0 = :v0')
  // with ttl: an expired item of the entity is no item, so not deleted
  const tokenKey = { pk: { S: 'TOKEN#a' } }
  assert.is(right(Command.deleteIf(Token, 'shop', tokenKey, Entity.condition(Token), NOW)).ConditionExpression, 'NOT #n0 <= :v0 AND #n1 = :v1')
})

test('golden: a condition check of an entity takes a foreign item as no item', () => {
  const x = right(
    T.toWriteInput(
      [T.check(Customer, { customerId: 'c1' }), T.check(Customer, C.and(C.eq(c.customerId, 'c2'), C.eq(c.name, 'Ann'))), T.check(Customer, C.and(C.eq(c.customerId, 'c3'), C.notExists(c.tier)))],
      (m) => m.table,
      'tok',
      NOW,
    ),
  )
  const checks = (x.TransactItems ?? []).map((i) => [i.ConditionCheck?.ConditionExpression, i.ConditionCheck?.ExpressionAttributeNames, i.ConditionCheck?.ExpressionAttributeValues])
  assert.equal(checks, [
    ['attribute_exists(#n0) AND #n1 = :v0', { '#n0': 'pk', '#n1': '_et' }, entity],
    ['#n0 = :v0 AND #n1 = :v1', { '#n0': '_et', '#n1': 'name' }, { ...entity, ':v1': { S: 'Ann' } }],
    ['NOT #n0 = :v0 OR attribute_not_exists(#n1)', { '#n0': '_et', '#n1': 'tier' }, entity],
  ])
  // with ttl: a foreign or an expired item is no item
  const y = right(T.toWriteInput([T.check(Token, C.and(C.eq(k.id, 'a'), C.eq(k.note, 'n'))), T.check(Token, C.and(C.eq(k.id, 'b'), C.notExists(k.note)))], (m) => m.table, 'tok', NOW))
  assert.equal(
    (y.TransactItems ?? []).map((i) => i.ConditionCheck?.ConditionExpression),
    ['#n0 = :v0 AND NOT #n1 <= :v1 AND #n2 = :v2', 'NOT #n0 = :v0 OR #n1 <= :v1 OR attribute_not_exists(#n2)'],
  )
})

test('a transaction update or delete of an entity is its single request', () => {
  const other = C.and(C.eq(c.customerId, 'c2'), C.eq(c.name, 'Ben'))
  const x = right(T.toWriteInput([T.update(Customer, { customerId: 'c1' }, [U.set(c.name, 'x')]), T.delete(Customer, other)], (m) => m.table, 'tok', NOW))
  const [u, d] = x.TransactItems ?? []
  const single = right(Command.updateItem(Customer, 'shop', sel(Customer, { customerId: 'c1' }), [U.set(c.name, 'x')], NOW))
  assert.is(u?.Update?.ConditionExpression, single.ConditionExpression)
  assert.equal(u?.Update?.ExpressionAttributeValues, single.ExpressionAttributeValues)
  const del = right(Command.deleteItem(Customer, 'shop', sel(Customer, other), NOW))
  assert.is(d?.Delete?.ConditionExpression, del.ConditionExpression)
  assert.equal(d?.Delete?.ExpressionAttributeNames, del.ExpressionAttributeNames)
  // a delete by key alone also carries its entity condition into the transaction
  const bare = right(T.toWriteInput([T.delete(Customer, { customerId: 'c1' })], (m) => m.table, 'tok', NOW))
  assert.is(bare.TransactItems?.[0]?.Delete?.ConditionExpression, 'attribute_not_exists(#n0) OR #n1 = :v0')
})

test('a plain model builds the requests it always did: no entity condition anywhere', () => {
  assert.equal(right(Command.deleteItem(Plain, 'plain', sel(Plain, 'a'), NOW)), { TableName: 'plain', Key: { id: { S: 'a' } }, ReturnValues: 'ALL_OLD' })
  assert.is(right(Command.deleteItem(Plain, 'plain', sel(Plain, C.and(C.eq(p.id, 'a'), C.eq(p.name, 'n'))), NOW)).ConditionExpression, 'attribute_not_exists(#n0) OR #n1 = :v0')
  assert.is(right(Command.updateItem(Plain, 'plain', sel(Plain, 'a'), [U.set(p.name, 'x')], NOW)).ConditionExpression, 'attribute_exists(#n0)')
  const noName = C.notExists(p.name)
  assert.is(Command.checkCondition(Plain, noName, NOW), noName, 'the condition itself')
  assert.equal(Command.checkCondition(Plain, undefined, NOW), C.exists(p.id))
})

/** An entity of the shop table declared apart from Customer, whose keys can be Customer's: `CUSTOMER#{id}` / `{kind}` gives `PROFILE`. */
const Legacy = Model.make({
  table: 'shop',
  entity: 'legacy',
  codec: t.type({ id: t.string, kind: t.string }),
  hashKey: Model.key('pk', 'CUSTOMER#{id}'),
  rangeKey: Model.key('sk', '{kind}'),
})
/** The same keys on another table: no conflict there. */
const LegacyElsewhere = Model.make({
  table: 'archive',
  entity: 'legacy',
  codec: t.type({ id: t.string, kind: t.string }),
  hashKey: Model.key('pk', 'CUSTOMER#{id}'),
  rangeKey: Model.key('sk', '{kind}'),
})

test('a transaction of entities declared apart whose keys can be the same: refused before any request, naming both entries (as collection and createTable refuse them)', async () => {
  const entries = [T.put(Customer, { customerId: 'c1', name: 'Ann' }), T.update(Order, { customerId: 'c1', createdAt: new Date(0), orderId: 'o1' }, [U.set(Order.attrs.note, 'x')]), T.check(Legacy, { id: 'c2', kind: 'PROFILE' })]
  const x = T.toWriteInput(entries, (m) => m.table, 'tok', NOW)
  assert.equal(
    x,
    E.left({
      _tag: 'ExpressionError',
      message:
        'entry 2 (check on shop): the entity customer (CUSTOMER#{customerId} / PROFILE) and the entity legacy (CUSTOMER#{id} / {kind}) can produce the same key: their hash or range templates must differ in a literal prefix (entry 0 is of the entity customer, entry 2 of legacy): one table cannot hold both',
    }),
  )
  const { env, sent } = counting()
  const r = await Dynamo.transactWrite(entries)(env)()
  assert.equal(r, x)
  const g = await Dynamo.transactGet([T.get(Legacy, { id: 'c2', kind: 'PROFILE' }), T.get(Customer, { customerId: 'c1' })])(env)()
  assert.ok(E.isLeft(g) && g.left._tag === 'ExpressionError' && g.left.message.startsWith('entry 1 (get on shop): the entity legacy'), JSON.stringify(g))
  assert.is(sent.length, 0)
  // entities that cannot meet (Customer, Order), or that are on other tables, go together as ever
  right(T.toWriteInput(entries.slice(0, 2), (m) => m.table, 'tok', NOW))
  right(T.toWriteInput([entries[0] as T.Write, T.check(LegacyElsewhere, { id: 'c2', kind: 'PROFILE' })], (m) => m.table, 'tok', NOW))
})

test('an item that gives an attribute dynamongo computes (the entity attribute, a composed key) another value: a ValidationError naming it, nothing sent; the value computed is taken as it is', async () => {
  const { env, sent } = counting()
  const ann = { customerId: 'c1', name: 'Ann' }
  for (const [extra, path] of [[{ _et: 'order' }, '_et'], [{ pk: 'CUSTOMER#c2' }, 'pk'], [{ sk: 7 }, 'sk']] as const) {
    const item = { ...ann, ...extra } as typeof ann
    const r = await Dynamo.saveOne(Customer, item)(env)()
    assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', JSON.stringify(r))
    if (E.isLeft(r) && r.left._tag === 'ValidationError') {
      assert.equal(r.left.issues.map((i) => i.path), [path])
      assert.match(r.left.issues[0]?.message ?? '', /computed by dynamongo on every write/)
    }
    const tx = await Dynamo.transactWrite([T.put(Customer, item)])(env)()
    assert.ok(E.isLeft(tx) && tx.left._tag === 'ValidationError', JSON.stringify(tx))
    const many = await Dynamo.saveMany(Customer, [item])(env)()
    assert.ok(E.isRight(many) && many.right.failCount === 1, JSON.stringify(many))
  }
  // an order's index key of a field not given (sparse): no value to give it either
  const order = { customerId: 'c1', orderId: 'o1', createdAt: new Date(0), status: 'open', total: 1, gsi2sk: 'SHIPPED#x' }
  assert.ok(E.isLeft(await Dynamo.saveOne(Order, order)(env)()))
  assert.is(sent.length, 0)
  // the very value computed is no conflict (an item read raw, given back)
  assert.ok(E.isRight(await Dynamo.saveOne(Customer, { ...ann, _et: 'customer', pk: 'CUSTOMER#c1', sk: 'PROFILE' } as typeof ann)(env)()))
  assert.is(sent.length, 1)
})

test.run()
