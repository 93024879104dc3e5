import { suite } from 'uvu'
import type * as A from '../../../lib/ast/Attr.js'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as U from '../../../lib/ast/Update.js'
import * as Model from '../../../lib/model/Model.js'
import * as Plan from '../../../lib/plan/Plan.js'
import * as Command from '../../../lib/compile/Command.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Strategy from '../../../lib/model/Strategy.js'
import { right as plan } from '../../harness/either.js'

const codec = t.intersection([
  t.type({ email: t.string, name: t.string }),
  t.partial({ year_of_birth: t.number, cities_visited: t.array(t.string), age: t.number }),
])
const User = Model.make({
  table: 'users',
  hashKey: 'email',
  codec,
  indexes: { byName: Model.globalIndex({ hashKey: 'name', rangeKey: 'year_of_birth', projection: 'keys' }) },
})
const u = User.attrs
const Orders = Model.make({
  table: 'orders',
  hashKey: 'email',
  rangeKey: 'name',
  codec,
  indexes: { byAge: Model.localIndex({ rangeKey: 'age', projection: ['cities_visited'] }) },
  billing: 'onDemand',
})
const o = Orders.attrs

const tagOf = (e: E.Either<unknown, Plan.Plan>) => (E.isRight(e) ? e.right._tag : `Left ${JSON.stringify(e.left)}`)

const explain = suite('Dynamo.explain (the planner)')

explain('a full key, in any form, is a GetItem', () => {
  assert.is(tagOf(Dynamo.explain(User, 'a@b.c')), 'GetItem')
  assert.is(tagOf(Dynamo.explain(User, { email: 'a@b.c' })), 'GetItem')
  assert.is(tagOf(Dynamo.explain(User, C.eq(u.email, 'a@b.c'))), 'GetItem')
  // on a hash+range model, two scalars are the [hash, range] tuple: one key (1i)
  assert.equal(plan(Dynamo.explain(Orders, ['a', 'b'])), { _tag: 'GetItem', table: 'orders', key: { email: { S: 'a' }, name: { S: 'b' } } })
  // a list of bare scalars is no list of keys there
  assert.match(tagOf(Dynamo.explain(Orders, ['a', 'b', 'c'] as never)), /^Left .*ExpressionError.*\[email, name\]/)
})

explain('a key with extra checks is a GetItem with a filter evaluated on the result', () => {
  const p = plan(Dynamo.explain(User, C.and(C.eq(u.email, 'a'), C.gt(u.year_of_birth, 2000))))
  assert.equal(p, { _tag: 'GetItem', table: 'users', key: { email: { S: 'a' } }, filter: C.gt(u.year_of_birth, 2000) })
})

explain('a list of strategies is a BatchGetItem, duplicates collapsed, in order', () => {
  const p = plan(Dynamo.explain(User, ['a', { email: 'b' }, C.eq(u.email, 'a'), 'c']))
  assert.is(p._tag, 'BatchGetItem')
  if (p._tag === 'BatchGetItem') assert.equal(p.keys.map((k) => k.key.email?.S), ['a', 'b', 'c'])
})

explain('a bad entry in a key list fails before any call', () => {
  const p = Dynamo.explain(User, ['a', 5 as never])
  assert.ok(E.isLeft(p) && p.left._tag === 'ValidationError')
})

explain('isIn of no values on the hash key: ExpressionError, as DynamoDB refuses IN () (1i)', () => {
  assert.match(tagOf(Dynamo.explain(User, C.isIn(u.email, []))), /^Left .*ExpressionError/)
  assert.match(tagOf(Dynamo.explain(User, C.and(C.isIn(u.email, []), C.gt(u.age, 1)))), /^Left .*ExpressionError/)
  // keysIn of no keys selects nothing, as a list of no keys
  assert.equal(plan(Dynamo.explain(User, Model.keysIn(User, []))), { _tag: 'BatchGetItem', table: 'users', keys: [] })
})

explain('two composite keys that differ only across the hash/range boundary are two keys of a batch (1a)', () => {
  const p = plan(Dynamo.explain(Orders, [['a\u0000Sb', 'c'], ['a', 'b\u0000Sc']]))
  assert.is(p._tag === 'BatchGetItem' && p.keys.length, 2)
})

explain('isIn on the hash key and keysIn are batch gets; the rest is a filter', () => {
  const emails = ['a', 'b', 'c']
  const p1 = plan(Dynamo.explain(User, C.isIn(u.email, emails)))
  assert.is(p1._tag, 'BatchGetItem')
  const p2 = plan(Dynamo.explain(User, Model.keysIn(User, emails)))
  assert.is(p2._tag, 'BatchGetItem')
  const p3 = plan(Dynamo.explain(User, C.and(C.isIn(u.email, emails), C.gt(u.year_of_birth, 2000))))
  assert.equal(p3._tag === 'BatchGetItem' && p3.filter, C.gt(u.year_of_birth, 2000))
  const p4 = plan(Dynamo.explain(Orders, Model.keysIn(Orders, [['a', 'x'], ['b', 'y']])))
  assert.is(p4._tag, 'BatchGetItem')
  if (p4._tag === 'BatchGetItem') assert.equal(p4.keys.map((k) => k.key), [{ email: { S: 'a' }, name: { S: 'x' } }, { email: { S: 'b' }, name: { S: 'y' } }])
})

explain('an equality on the hash key is a Query; range conditions go in the key condition', () => {
  const p = plan(Dynamo.explain(Orders, C.and(C.eq(o.email, 'a'), C.beginsWith(o.name, 'ORDER#'), C.gt(o.year_of_birth, 3))))
  assert.equal(p, {
    _tag: 'Query',
    table: 'orders',
    keyCondition: C.and(C.eq(o.email, 'a'), C.beginsWith(o.name, 'ORDER#')),
    filter: C.gt(o.year_of_birth, 3),
  })
})

explain('an equality on the hash key of a global index is a Query on that index, when it projects the fields read', () => {
  const c = C.and(C.eq(u.name, 'John'), C.gte(u.year_of_birth, 1990))
  // byName projects the keys only (email, name, year_of_birth)
  const p = plan(Dynamo.explain(User, c, { select: ['name', 'year_of_birth'] }))
  assert.equal(p, { _tag: 'Query', table: 'users', index: 'byName', keyCondition: C.and(C.eq(u.name, 'John'), C.gte(u.year_of_birth, 1990)) })
})

explain('a global index that does not project every field read is not read through: a whole-item read of it would lose fields', () => {
  const c = C.and(C.eq(u.name, 'John'), C.gte(u.year_of_birth, 1990))
  assert.equal(plan(Dynamo.explain(User, c)), { _tag: 'Scan', table: 'users', filter: c })
  assert.is(plan(Dynamo.explain(User, c, { select: ['age'] }))._tag, 'Scan')
  // nor one whose items lack what the filter tests (the filter would see it absent)
  assert.is(plan(Dynamo.explain(User, C.and(c, C.exists(u.age)), { select: ['name'] }))._tag, 'Scan')
  // named without select, it is read for what it gives (its keys: spec/types/Projection.ts), as a select of them
  assert.equal(plan(Dynamo.explain(User, c, { index: 'byName' })), plan(Dynamo.explain(User, c, { index: 'byName', select: ['name', 'year_of_birth'] })))
  // named with a select of more, an error rather than fewer fields (the types refuse it too)
  const named = Dynamo.explain(User, c, { index: 'byName', select: ['age'] as never })
  assert.ok(E.isLeft(named) && named.left._tag === 'ExpressionError', JSON.stringify(named))
})

explain('consistentRead: never a global index; naming one is an ExpressionError; a local index still serves', () => {
  const c = C.and(C.eq(u.name, 'John'), C.gte(u.year_of_birth, 1990))
  assert.is(plan(Dynamo.explain(User, c, { select: ['name'], consistentRead: true }))._tag, 'Scan')
  const named = Dynamo.explain(User, c, { select: ['name'], consistentRead: true as boolean, index: 'byName' })
  assert.ok(E.isLeft(named) && named.left._tag === 'ExpressionError', JSON.stringify(named))
  const p = plan(Dynamo.explain(Orders, C.and(C.eq(o.email, 'a'), C.lt(o.age, 30)), { consistentRead: true }))
  assert.equal(p._tag === 'Query' && p.index, 'byAge')
})

explain('a local index gives fields it does not project (fetched from the table), but a filter on them is refused by DynamoDB: then not that index', () => {
  // byAge projects cities_visited (and the keys email, name, age)
  const p = plan(Dynamo.explain(Orders, C.and(C.eq(o.email, 'a'), C.lt(o.age, 30), C.contains(o.cities_visited, 'x'))))
  assert.equal(p._tag === 'Query' && p.index, 'byAge')
  const q = plan(Dynamo.explain(Orders, C.and(C.eq(o.email, 'a'), C.lt(o.age, 30), C.gt(o.year_of_birth, 1990))))
  assert.equal(q._tag === 'Query' && q.index, undefined)
})

explain('a named index: a Query on its hash key, else a Scan of it; an undeclared name or a key list is refused', () => {
  const q = plan(Dynamo.explain(User, C.eq(u.name, 'John'), { index: 'byName', select: ['name'] }))
  assert.equal(q, { _tag: 'Query', table: 'users', index: 'byName', keyCondition: C.eq(u.name, 'John') })
  // a full key, read through the index all the same
  const full = plan(Dynamo.explain(Orders, C.and(C.eq(o.email, 'a'), C.eq(o.name, 'b')), { index: 'byAge' }))
  assert.equal(full, { _tag: 'Query', table: 'orders', index: 'byAge', keyCondition: C.eq(o.email, 'a'), filter: C.eq(o.name, 'b') })
  const s = plan(Dynamo.explain(User, C.gt(u.year_of_birth, 3), { index: 'byName', select: ['name'] }))
  assert.equal(s, { _tag: 'Scan', table: 'users', index: 'byName', filter: C.gt(u.year_of_birth, 3) })
  const unknown = Dynamo.explain(User, C.eq(u.name, 'x'), { index: 'nope' as never })
  assert.ok(E.isLeft(unknown) && unknown.left._tag === 'ValidationError')
  const keys = Dynamo.explain(User, ['a', 'b'], { index: 'byName', select: ['name'] })
  assert.ok(E.isLeft(keys) && keys.left._tag === 'ExpressionError')
})

explain('a condition on a local index range key picks that index', () => {
  const p = plan(Dynamo.explain(Orders, C.and(C.eq(o.email, 'a'), C.lt(o.age, 30))))
  assert.equal(p._tag === 'Query' && p.index, 'byAge')
  const q = plan(Dynamo.explain(Orders, C.eq(o.email, 'a')))
  assert.equal(q._tag === 'Query' && q.index, undefined)
})

explain('two conditions on a range key cannot both be key conditions, nor a filter: a Scan', () => {
  const p = plan(Dynamo.explain(Orders, C.and(C.eq(o.email, 'a'), C.gt(o.name, 'a'), C.lt(o.name, 'z'))))
  assert.is(p._tag, 'Scan')
})

explain('anything else is a Scan with the whole condition as filter', () => {
  const c = C.and(C.lt(u.year_of_birth, 1990), C.not(C.contains(u.cities_visited, 'Nairobi')))
  assert.equal(plan(Dynamo.explain(User, c)), { _tag: 'Scan', table: 'users', filter: c })
  assert.is(tagOf(Dynamo.explain(User, C.or(C.eq(u.email, 'a'), C.gt(u.age, 3)))), 'Scan')
})

explain('Plan.show draws the plan for people', () => {
  const s = Plan.show(plan(Dynamo.explain(User, C.and(C.eq(u.name, 'John'), C.gte(u.year_of_birth, 1990), C.beginsWith(u.email, 'j')), { select: ['name'] })))
  assert.match(s, /^Query users index byName/)
  assert.match(s, /key condition: /)
  assert.match(s, /filter: /)
  assert.match(Plan.show(plan(Dynamo.explain(User, 'a@b.c'))), /GetItem users\n {2}key: email = "a@b.c"/)
})

explain.run()

// --- commands ---------------------------------------------------------------------------

const cmd = suite('Command (pure SDK inputs)')

/** The clock of the requests below (a model without ttl does not read it). */
const NOW = new Date('2030-01-01T00:00:00.000Z')

cmd('createTable: key schema, attribute definitions, indexes, throughput', () => {
  assert.equal(Command.createTable('p_users', User), E.right({
    TableName: 'p_users',
    KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }],
    AttributeDefinitions: [
      { AttributeName: 'email', AttributeType: 'S' },
      { AttributeName: 'name', AttributeType: 'S' },
      { AttributeName: 'year_of_birth', AttributeType: 'N' },
    ],
    BillingMode: 'PROVISIONED',
    ProvisionedThroughput: { ReadCapacityUnits: 8, WriteCapacityUnits: 8 },
    GlobalSecondaryIndexes: [
      {
        IndexName: 'byName',
        KeySchema: [{ AttributeName: 'name', KeyType: 'HASH' }, { AttributeName: 'year_of_birth', KeyType: 'RANGE' }],
        Projection: { ProjectionType: 'KEYS_ONLY' },
        ProvisionedThroughput: { ReadCapacityUnits: 8, WriteCapacityUnits: 8 },
      },
    ],
  }))
  const created = Command.createTable('orders', Orders)
  assert.ok(E.isRight(created))
  const o = created.right
  assert.is(o.BillingMode, 'PAY_PER_REQUEST')
  assert.equal(o.LocalSecondaryIndexes, [
    { IndexName: 'byAge', KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }, { AttributeName: 'age', KeyType: 'RANGE' }], Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['cities_visited'] } },
  ])
})

const strategy = (m: Parameters<typeof Strategy.parse>[0], u: unknown): Strategy.Strategy => {
  const s = Strategy.parse(m, u)
  if (E.isLeft(s)) throw new Error(JSON.stringify(s.left))
  return s.right
}

cmd("putItem, overwrite: false is attribute_not_exists(hashKey), not 'pk <> :v'", () => {
  const r = Command.putItem(User, 'users', { email: { S: 'a' } }, false, NOW)
  assert.equal(r, E.right({ TableName: 'users', Item: { email: { S: 'a' } }, ConditionExpression: 'attribute_not_exists(#n0)', ExpressionAttributeNames: { '#n0': 'email' }, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' }))
})

cmd('putItem, overwrite: a condition is attribute_not_exists(hashKey) OR (condition)', () => {
  const r = Command.putItem(User, 'users', { email: { S: 'a' } }, C.lt(u.age, 30), NOW)
  assert.ok(E.isRight(r))
  if (E.isRight(r)) {
    assert.is(r.right.ConditionExpression, 'attribute_not_exists(#n0) OR #n1 < :v0')
    assert.equal(r.right.ExpressionAttributeNames, { '#n0': 'email', '#n1': 'age' })
    assert.equal(r.right.ExpressionAttributeValues, { ':v0': { N: '30' } })
  }
})

cmd('putItem, overwrite: true or absent (the default) has no condition', () => {
  assert.equal(Command.putItem(User, 'users', { email: { S: 'a' } }, true, NOW), E.right({ TableName: 'users', Item: { email: { S: 'a' } } }))
  assert.equal(Command.putItem(User, 'users', { email: { S: 'a' } }, undefined, NOW), E.right({ TableName: 'users', Item: { email: { S: 'a' } } }))
})

cmd('getItem: the strategy\'s key (its checks are evaluated on the item read)', () => {
  assert.equal(Command.getItem('p_users', strategy(User, C.and(C.eq(u.email, 'a'), C.gt(u.age, 1)))), E.right({ TableName: 'p_users', Key: { email: { S: 'a' } } }))
  assert.equal(Command.getItem('p_users', strategy(User, 'a'), { consistentRead: true }), E.right({ TableName: 'p_users', Key: { email: { S: 'a' } }, ConsistentRead: true }))
})

cmd('updateItem never creates: attribute_exists(hashKey) AND the checks; the item comes back either way', () => {
  const r = Command.updateItem(User, 'users', strategy(User, C.and(C.eq(u.email, 'a'), C.gt(u.age, 1))), [U.set(u.name, 'B')], NOW)
  assert.ok(E.isRight(r))
  if (E.isRight(r)) {
    assert.is(r.right.ConditionExpression, 'attribute_exists(#n0) AND #n1 > :v0')
    assert.is(r.right.UpdateExpression, 'SET #n2 = :v1')
    assert.is(r.right.ReturnValues, 'ALL_NEW')
    assert.is(r.right.ReturnValuesOnConditionCheckFailure, 'ALL_OLD')
  }
  const plain = Command.updateItem(User, 'users', strategy(User, 'a'), [U.set(u.name, 'B')], NOW)
  assert.ok(E.isRight(plain) && plain.right.ConditionExpression === 'attribute_exists(#n0)' && plain.right.ReturnValuesOnConditionCheckFailure === 'ALL_OLD')
})

cmd('updateItem of a key attribute: ExpressionError; removing a required field: ValidationError', () => {
  const k = Command.updateItem(Orders, 'orders', strategy(Orders, ['a', 'b']), [U.set(o.name as A.Attr<string>, 'c')], NOW)
  assert.ok(E.isLeft(k) && k.left._tag === 'ExpressionError')
  const r = Command.updateItem(User, 'users', strategy(User, 'a'), [U.remove(u.name as A.Attr<string>)], NOW)
  assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError')
})

cmd('deleteItem: the old item back; with checks, attribute_not_exists(hashKey) OR (checks)', () => {
  assert.equal(Command.deleteItem(User, 'users', strategy(User, 'a'), NOW), E.right({ TableName: 'users', Key: { email: { S: 'a' } }, ReturnValues: 'ALL_OLD' }))
  const r = Command.deleteItem(User, 'users', strategy(User, C.and(C.eq(u.email, 'a'), C.gt(u.age, 1))), NOW)
  assert.ok(E.isRight(r))
  if (E.isRight(r)) {
    assert.is(r.right.ConditionExpression, 'attribute_not_exists(#n0) OR #n1 > :v0')
    assert.is(r.right.ReturnValues, 'ALL_OLD')
    assert.is(r.right.ReturnValuesOnConditionCheckFailure, 'ALL_OLD')
  }
})

cmd('deleteIf: deleted only if the condition holds (no item fails it); the old item asked for only when the check fails (deleteMany reads nothing of a delete that succeeds)', () => {
  assert.equal(Command.deleteIf(User, 'users', { email: { S: 'a' } }, C.gt(u.age, 1), NOW), E.right({
    TableName: 'users',
    Key: { email: { S: 'a' } },
    ConditionExpression: '#n0 > :v0',
    ExpressionAttributeNames: { '#n0': 'age' },
    ExpressionAttributeValues: { ':v0': { N: '1' } },
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  }))
  assert.equal(Command.deleteIf(User, 'users', { email: { S: 'a' } }, undefined, NOW), E.right({ TableName: 'users', Key: { email: { S: 'a' } } }))
})

cmd('a query shares one placeholder state across key condition, filter and projection', () => {
  const p = plan(Dynamo.explain(Orders, C.and(C.eq(o.email, 'a'), C.beginsWith(o.name, 'ORDER#'), C.gt(o.year_of_birth, 3))))
  if (p._tag !== 'Query') return assert.unreachable()
  const r = Command.query('orders', p, { descending: true, pageSize: 50, projection: ['name', 'email'] })
  assert.ok(E.isRight(r))
  if (E.isRight(r)) {
    assert.is(r.right.KeyConditionExpression, '#n0 = :v0 AND begins_with(#n1, :v1)')
    assert.is(r.right.FilterExpression, '#n2 > :v2')
    assert.is(r.right.ProjectionExpression, '#n1, #n0')
    assert.is(r.right.ScanIndexForward, false)
    assert.is(r.right.Limit, 50)
  }
})

cmd.run()
