/**
 * DynamoDB's multi-attribute index keys (DESIGN §5.4): golden specs of the plans through such
 * an index (the exact key condition, filter and request), its fallbacks, the positions of its
 * reads, and the model's checks at definition time.
 */
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as A from '../../../lib/ast/Attr.js'
import * as C from '../../../lib/ast/Condition.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Command from '../../../lib/compile/Command.js'
import * as Expression from '../../../lib/compile/Expression.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Model from '../../../lib/model/Model.js'
import * as Plan from '../../../lib/plan/Plan.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import { keyNamesOf } from '../../../lib/run/pages.js'
import { right as plan } from '../../harness/either.js'
import { throwsSchema } from '../../harness/schema.js'

const codec = t.intersection([
  t.type({ orderId: t.string, customerId: t.string, status: t.string, region: t.string, createdAt: Field.dateTime, total: Field.int({ min: 0 }) }),
  t.partial({ note: t.string, shippedAt: Field.dateTime }),
])

// a plain model (a table of its own): the index attributes are its fields
const Order = Model.make({
  table: 'orders',
  codec,
  hashKey: 'orderId',
  indexes: {
    byStatus: Model.globalIndex({ hashKey: ['status', 'region'], rangeKey: ['createdAt', 'total', 'customerId'] }),
    // sparse: shippedAt is optional
    byShipped: Model.globalIndex({ hashKey: ['region'], rangeKey: ['shippedAt'] }),
  },
})
const o = Order.attrs
const d1 = new Date('2024-03-01T00:00:00.000Z')
const d2 = new Date('2024-04-01T00:00:00.000Z')

// an entity model (a shared table with composed table keys), with a multi-attribute index
const Shipment = Model.make({
  table: 'shop',
  entity: 'shipment',
  codec,
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'SHIPMENT#{orderId}'),
  indexes: {
    byStatus: Model.globalIndex({ hashKey: ['status'], rangeKey: ['createdAt', 'orderId'] }),
  },
})
const s = Shipment.attrs
const entity = C.eq(A.path<string>('_et'), 'shipment')

const summary = (p: Plan.Plan) =>
  p._tag === 'Query'
    ? { _tag: p._tag, index: p.index, key: Expression.show(p.keyCondition), filter: p.filter === undefined ? undefined : Expression.show(p.filter) }
    : p._tag === 'Scan'
      ? { _tag: p._tag, index: p.index, filter: p.filter === undefined ? undefined : Expression.show(p.filter) }
      : { _tag: p._tag }

const golden = suite('plans through a multi-attribute index (golden)')

golden('equalities on every hash attribute: a Query of the index, the rest the filter', () => {
  const p = plan(Dynamo.explain(Order, C.and(C.eq(o.region, 'eu'), C.gt(o.note, 'a'), C.eq(o.status, 'paid'))))
  assert.equal(p, { _tag: 'Query', table: 'orders', index: 'byStatus', keyCondition: C.and(C.eq(o.status, 'paid'), C.eq(o.region, 'eu')), filter: C.gt(o.note, 'a') })
})

golden('the exact request: the key condition in the key order, one placeholder state with the filter', () => {
  const p = plan(Dynamo.explain(Order, C.and(C.gt(o.total, 10), C.eq(o.createdAt, d1), C.eq(o.region, 'eu'), C.eq(o.status, 'paid'), C.eq(o.note, 'x'))))
  assert.equal(summary(p), {
    _tag: 'Query',
    index: 'byStatus',
    key: 'status = "paid" AND region = "eu" AND createdAt = "2024-03-01T00:00:00.000Z" AND total > 10',
    filter: 'note = "x"',
  })
  if (p._tag !== 'Query') return assert.unreachable()
  const r = Command.query('orders', p, { pageSize: 20 })
  if (E.isLeft(r)) return assert.unreachable(JSON.stringify(r.left))
  assert.equal(
    { ...r.right },
    {
      TableName: 'orders',
      IndexName: 'byStatus',
      KeyConditionExpression: '#n0 = :v0 AND #n1 = :v1 AND #n2 = :v2 AND #n3 > :v3',
      FilterExpression: '#n4 = :v4',
      ExpressionAttributeNames: { '#n0': 'status', '#n1': 'region', '#n2': 'createdAt', '#n3': 'total', '#n4': 'note' },
      ExpressionAttributeValues: { ':v0': { S: 'paid' }, ':v1': { S: 'eu' }, ':v2': { S: '2024-03-01T00:00:00.000Z' }, ':v3': { N: '10' }, ':v4': { S: 'x' } },
      Limit: 20,
    },
  )
})

golden('every range attribute by equality, and BETWEEN or begins_with on the attribute after the leading run', () => {
  const all = plan(Dynamo.explain(Order, C.and(C.eq(o.status, 'paid'), C.eq(o.region, 'eu'), C.eq(o.createdAt, d1), C.eq(o.total, 3), C.eq(o.customerId, 'c1'))))
  assert.equal(summary(all), { _tag: 'Query', index: 'byStatus', key: 'status = "paid" AND region = "eu" AND createdAt = "2024-03-01T00:00:00.000Z" AND total = 3 AND customerId = "c1"', filter: undefined })
  const between = plan(Dynamo.explain(Order, C.and(C.eq(o.status, 'paid'), C.eq(o.region, 'eu'), C.between(o.createdAt, d1, d2))))
  assert.equal(summary(between), { _tag: 'Query', index: 'byStatus', key: 'status = "paid" AND region = "eu" AND createdAt BETWEEN "2024-03-01T00:00:00.000Z" AND "2024-04-01T00:00:00.000Z"', filter: undefined })
  const prefix = plan(Dynamo.explain(Order, C.and(C.eq(o.status, 'paid'), C.eq(o.region, 'eu'), C.eq(o.createdAt, d1), C.eq(o.total, 3), C.beginsWith(o.customerId, 'c'))))
  assert.equal(summary(prefix), { _tag: 'Query', index: 'byStatus', key: 'status = "paid" AND region = "eu" AND createdAt = "2024-03-01T00:00:00.000Z" AND total = 3 AND begins_with(customerId, "c")', filter: undefined })
})

golden('a hash attribute without an equality: not the index (a Scan here)', () => {
  const p = plan(Dynamo.explain(Order, C.and(C.eq(o.status, 'paid'), C.gt(o.createdAt, d1))))
  assert.equal(summary(p), { _tag: 'Scan', index: undefined, filter: 'status = "paid" AND createdAt > "2024-03-01T00:00:00.000Z"' })
})

golden('a range condition that skips an attribute: DynamoDB takes it neither as key condition nor as filter (a key attribute): not the index', () => {
  // total is the second range attribute; createdAt has no equality
  const skip = plan(Dynamo.explain(Order, C.and(C.eq(o.status, 'paid'), C.eq(o.region, 'eu'), C.gt(o.total, 3))))
  assert.equal(summary(skip), { _tag: 'Scan', index: undefined, filter: 'status = "paid" AND region = "eu" AND total > 3' })
  // a range condition on createdAt, then an equality on total: the equality cannot follow it
  const after = plan(Dynamo.explain(Order, C.and(C.eq(o.status, 'paid'), C.eq(o.region, 'eu'), C.gt(o.createdAt, d1), C.eq(o.total, 3))))
  assert.equal(summary(after), { _tag: 'Scan', index: undefined, filter: 'status = "paid" AND region = "eu" AND createdAt > "2024-03-01T00:00:00.000Z" AND total = 3' })
  // two range conditions on one attribute: one key condition, the other would be a filter on a key attribute
  const two = plan(Dynamo.explain(Order, C.and(C.eq(o.status, 'paid'), C.eq(o.region, 'eu'), C.gt(o.createdAt, d1), C.lt(o.createdAt, d2))))
  assert.equal(two._tag, 'Scan')
})

golden('a lower and an upper bound on the attribute after the leading run: one BETWEEN (DynamoDB takes one condition per key attribute)', () => {
  const base = [C.eq(o.status, 'paid'), C.eq(o.region, 'eu')]
  const key = 'status = "paid" AND region = "eu" AND createdAt BETWEEN'
  // inclusive bounds: BETWEEN holds exactly what they select, in either order of the conjuncts
  const both = plan(Dynamo.explain(Order, C.and(...base, C.lte(o.createdAt, d2), C.gte(o.createdAt, d1))))
  assert.equal(summary(both), { _tag: 'Query', index: 'byStatus', key: `${key} "2024-03-01T00:00:00.000Z" AND "2024-04-01T00:00:00.000Z"`, filter: undefined })
  // an exclusive lower bound on a string: the least string above it is the value then U+0000
  const gt = plan(Dynamo.explain(Order, C.and(...base, C.gt(o.createdAt, d1), C.lte(o.createdAt, d2), C.eq(o.note, 'x'))))
  assert.equal(summary(gt), { _tag: 'Query', index: 'byStatus', key: `${key} "2024-03-01T00:00:00.000Z\\u0000" AND "2024-04-01T00:00:00.000Z"`, filter: 'note = "x"' })
  // explain places both bounds in the key (an entity model's plan explains itself)
  const e = plan(Dynamo.explain(Shipment, C.and(C.eq(s.status, 'paid'), C.lte(s.createdAt, d2), C.gte(s.createdAt, d1), C.eq(s.note, 'x'))))
  assert.equal(summary(e), { _tag: 'Query', index: 'byStatus', key: `status = "paid" AND createdAt BETWEEN "2024-03-01T00:00:00.000Z" AND "2024-04-01T00:00:00.000Z"`, filter: '_et = "shipment" AND note = "x"' })
  if (e._tag !== 'Query') return assert.unreachable()
  assert.equal(
    e.explanation?.placements.map((x) => `${x.fields.join(',')} → ${x.keys.length === 0 ? 'filter' : x.keys.join(',')}`),
    ['status → status', 'createdAt → createdAt', 'createdAt → createdAt', 'note → filter'],
  )
  // after equalities on every range attribute before it
  const last = plan(Dynamo.explain(Order, C.and(...base, C.eq(o.createdAt, d1), C.eq(o.total, 3), C.gte(o.customerId, 'a'), C.lte(o.customerId, 'c'))))
  assert.equal(summary(last), { _tag: 'Query', index: 'byStatus', key: 'status = "paid" AND region = "eu" AND createdAt = "2024-03-01T00:00:00.000Z" AND total = 3 AND customerId BETWEEN "a" AND "c"', filter: undefined })
  // a number's bounds, inclusive
  const n = plan(Dynamo.explain(Order, C.and(...base, C.eq(o.createdAt, d1), C.gte(o.total, 3), C.lte(o.total, 9))))
  assert.equal(summary(n), { _tag: 'Query', index: 'byStatus', key: 'status = "paid" AND region = "eu" AND createdAt = "2024-03-01T00:00:00.000Z" AND total BETWEEN 3 AND 9', filter: undefined })
  // what no BETWEEN holds exactly (a filter may not test a key attribute): not the index
  // an exclusive upper bound (no text is the greatest below a value), an exclusive lower bound on a number
  assert.is(plan(Dynamo.explain(Order, C.and(...base, C.gte(o.createdAt, d1), C.lt(o.createdAt, d2))))._tag, 'Scan')
  assert.is(plan(Dynamo.explain(Order, C.and(...base, C.eq(o.createdAt, d1), C.gt(o.total, 3), C.lte(o.total, 9))))._tag, 'Scan')
  // the value then U+0000 over the 1,024 bytes of a sort key (DynamoDB refuses it): not the index
  const big = 'x'.repeat(1024)
  const over = Dynamo.explain(Order, C.and(...base, C.eq(o.createdAt, d1), C.eq(o.total, 3), C.gt(o.customerId, big), C.lte(o.customerId, 'y')))
  assert.is(E.isRight(over) ? over.right._tag : DE.show(over.left), 'Scan')
  // and explain says why the index was passed over
  const overWhy = plan(Dynamo.explain(Shipment, C.and(C.eq(s.status, 'paid'), C.eq(s.createdAt, d1), C.gt(s.orderId, big), C.lte(s.orderId, 'y'))))
  const passed = overWhy._tag === 'Scan' ? overWhy.explanation?.passed.find((x) => x.index === 'byStatus')?.why : overWhy._tag
  assert.match(passed ?? '', 'the filter would test orderId')
  assert.match(passed ?? '', 'the least value above the exclusive lower bound on orderId (it then U+0000 or the byte 0) would be over the 1024 bytes of a sort key')
  // bounds out of order (DynamoDB refuses such a BETWEEN; the filter selects nothing)
  assert.is(plan(Dynamo.explain(Order, C.and(...base, C.gte(o.createdAt, d2), C.lte(o.createdAt, d1))))._tag, 'Scan')
  assert.is(plan(Dynamo.explain(Order, C.and(...base, C.eq(o.createdAt, d1), C.gte(o.total, 9), C.lte(o.total, 3))))._tag, 'Scan')
})

golden('begins_with on a number attribute is no key condition', () => {
  const N = Model.make({ table: 'nums', codec: t.type({ id: t.string, a: t.string, n: Field.int() }), hashKey: 'id', indexes: { byA: Model.globalIndex({ hashKey: ['a'], rangeKey: ['n'] }) } })
  // planned, a Scan (Plan.make); read or explained, refused before any request as the handle's begins_with is (RawPathTypes.spec)
  const c = C.and(C.eq(N.attrs.a, 'x'), C.beginsWith(A.path<string>('n'), '1'))
  assert.is(plan(Plan.make(N, c))._tag, 'Scan')
  const explained = Dynamo.explain(N, c)
  assert.ok(E.isLeft(explained) && explained.left._tag === 'ValidationError', JSON.stringify(explained))
})

golden('a sparse multi-attribute index: only when the condition tests its optional attribute', () => {
  // items without shippedAt are not in byShipped: a condition that does not test it must not read it
  const none = plan(Dynamo.explain(Order, C.eq(o.region, 'eu')))
  assert.equal(summary(none), { _tag: 'Scan', index: undefined, filter: 'region = "eu"' })
  const tested = plan(Dynamo.explain(Order, C.and(C.eq(o.region, 'eu'), C.gte(o.shippedAt, d1))))
  assert.equal(summary(tested), { _tag: 'Query', index: 'byShipped', key: 'region = "eu" AND shippedAt >= "2024-03-01T00:00:00.000Z"', filter: undefined })
})

golden('a plain index on an optional range key is sparse too: read only when the key condition tests that key', () => {
  const M = Model.make({ table: 'things', codec: t.intersection([t.type({ id: t.string, g: t.string }), t.partial({ r: t.number })]), hashKey: 'id', indexes: { byG: Model.globalIndex({ hashKey: 'g', rangeKey: 'r' }) } })
  assert.equal(summary(plan(Dynamo.explain(M, C.eq(M.attrs.g, 'x')))), { _tag: 'Scan', index: undefined, filter: 'g = "x"' })
  assert.equal(summary(plan(Dynamo.explain(M, C.and(C.eq(M.attrs.g, 'x'), C.gt(M.attrs.r, 1))))), { _tag: 'Query', index: 'byG', key: 'g = "x" AND r > 1', filter: undefined })
})

golden('the table key first: a full key stays a GetItem, and a multi-attribute index with a range condition wins over one without', () => {
  assert.is(plan(Dynamo.explain(Order, C.and(C.eq(o.orderId, 'o1'), C.eq(o.status, 'paid'), C.eq(o.region, 'eu')))) ._tag, 'GetItem')
  const M2 = Model.make({
    table: 'two',
    codec,
    hashKey: 'orderId',
    indexes: {
      byStatus: Model.globalIndex({ hashKey: ['status'] }),
      byStatusDate: Model.globalIndex({ hashKey: ['status'], rangeKey: ['createdAt'] }),
    },
  })
  const p = plan(Dynamo.explain(M2, C.and(C.eq(M2.attrs.status, 'paid'), C.lt(M2.attrs.createdAt, d1))))
  assert.equal(summary(p), { _tag: 'Query', index: 'byStatusDate', key: 'status = "paid" AND createdAt < "2024-03-01T00:00:00.000Z"', filter: undefined })
})

golden('a named multi-attribute index: a Query when the condition keys it, else a Scan of the index', () => {
  const q = plan(Dynamo.explain(Order, C.and(C.eq(o.status, 'paid'), C.eq(o.region, 'eu')), { index: 'byStatus' }))
  assert.equal(summary(q), { _tag: 'Query', index: 'byStatus', key: 'status = "paid" AND region = "eu"', filter: undefined })
  const scan = plan(Dynamo.explain(Order, C.eq(o.status, 'paid'), { index: 'byStatus' }))
  assert.equal(summary(scan), { _tag: 'Scan', index: 'byStatus', filter: 'status = "paid"' })
})

golden('explain draws the Query of the index', () => {
  const shown = Plan.show(plan(Dynamo.explain(Order, C.and(C.eq(o.status, 'paid'), C.eq(o.region, 'eu'), C.gte(o.createdAt, d1), C.eq(o.note, 'x')))))
  assert.is(shown, ['Query orders index byStatus', '  key condition: status = "paid" AND region = "eu" AND createdAt >= "2024-03-01T00:00:00.000Z"', '  filter: note = "x"'].join('\n'))
})

golden('an entity model: the Query of its multi-attribute index, the entity in the filter, explain placing each conjunct', () => {
  const p = plan(Dynamo.explain(Shipment, C.and(C.eq(s.status, 'paid'), C.gt(s.createdAt, d1), C.eq(s.note, 'x'))))
  assert.equal(summary(p), { _tag: 'Query', index: 'byStatus', key: 'status = "paid" AND createdAt > "2024-03-01T00:00:00.000Z"', filter: '_et = "shipment" AND note = "x"' })
  if (p._tag !== 'Query') return assert.unreachable()
  assert.equal(
    p.explanation?.placements.map((x) => `${x.fields.join(',')} → ${x.keys.length === 0 ? 'filter' : x.keys.join(',')}`),
    ['status → status', 'createdAt → createdAt', 'note → filter'],
  )
  assert.equal(p.explanation?.passed, [{ why: 'no equality on customerId, a field of the hash key pk = CUSTOMER#{customerId}' }])
  assert.ok(Plan.show(p).includes('not the table: no equality on customerId'))
  // the table's key wins when the condition gives it
  const q = plan(Dynamo.explain(Shipment, C.and(C.eq(s.customerId, 'c1'), C.eq(s.status, 'paid'))))
  assert.equal(summary(q), { _tag: 'Query', index: undefined, key: 'pk = "CUSTOMER#c1" AND begins_with(sk, "SHIPMENT#")', filter: '_et = "shipment" AND status = "paid"' })
  // a range condition skipping createdAt: the index passed over, with why
  const skip = plan(Dynamo.explain(Shipment, C.and(C.eq(s.status, 'paid'), C.eq(s.orderId, 'o1'))))
  assert.is(skip._tag, 'Scan')
  assert.ok(skip._tag === 'Scan' && skip.explanation?.passed.some((x) => x.index === 'byStatus' && x.why.startsWith('the filter would test orderId')))
  assert.equal(entity, C.eq(A.path<string>('_et'), 'shipment'))
})

golden.run()

const positions = suite('positions of reads through a multi-attribute index')

positions('a cursor holds every attribute of the index and the table key', () => {
  const p = plan(Dynamo.explain(Order, C.and(C.eq(o.status, 'paid'), C.eq(o.region, 'eu'))))
  assert.equal(keyNamesOf(Order, p), ['orderId', 'status', 'region', 'createdAt', 'total', 'customerId'])
  const q = plan(Dynamo.explain(Shipment, C.eq(s.status, 'paid')))
  assert.equal(keyNamesOf(Shipment, q), ['pk', 'sk', 'status', 'createdAt', 'orderId'])
})

positions.run()

const schema = suite('Model.make: multi-attribute index keys, checked at definition time')

// (the lists the types refuse, cast through: what a caller without types could pass)
const mk = (indexes: Record<string, unknown>, c: t.Mixed = codec): Model.Model<any> =>
  Model.make({ table: 'orders', codec: c as typeof codec, hashKey: 'orderId', indexes: indexes as never })

schema('the model holds the lists as declared, and each field keeps its stored type', () => {
  assert.equal(Order.indexes.byStatus.hashKey, ['status', 'region'])
  assert.equal(Order.indexes.byStatus.rangeKey, ['createdAt', 'total', 'customerId'])
  assert.equal(Order.indexes.byShipped.rangeKey, ['shippedAt'])
  assert.equal([Order.keyTypes.status, Order.keyTypes.total, Order.keyTypes.createdAt], ['S', 'N', 'S'])
  // nothing composed: no template, no computed attribute
  assert.equal(Shipment.templates.status, undefined)
})

schema('list lengths: 1 to 4 hash fields, 1 to 4 range fields (rangeKey left out for none)', () => {
  throwsSchema(() => mk({ byX: Model.globalIndex({ hashKey: [] as unknown as ['status'] }) }), /a multi-attribute hash key lists 1 to 4 fields, not 0/)
  throwsSchema(() => mk({ byX: Model.globalIndex({ hashKey: ['status', 'region', 'orderId', 'customerId', 'note'] as unknown as ['status'] }) }), /hash key lists 1 to 4 fields, not 5/)
  throwsSchema(() => mk({ byX: Model.globalIndex({ hashKey: ['status'], rangeKey: [] as unknown as ['region'] }) }), /range key lists 1 to 4 fields, not 0 \(leave rangeKey out for none\)/)
  throwsSchema(
    () => mk({ byX: Model.globalIndex({ hashKey: ['status'], rangeKey: ['region', 'createdAt', 'total', 'customerId', 'note'] as unknown as ['region'] }) }),
    /range key lists 1 to 4 fields, not 5/,
  )
  // 4 and 4 are fine
  const m = mk({ byX: Model.globalIndex({ hashKey: ['status', 'region', 'customerId', 'note'], rangeKey: ['createdAt', 'total', 'orderId', 'shippedAt'] }) })
  assert.equal((m.indexes.byX as Model.GlobalIndex).hashKey, ['status', 'region', 'customerId', 'note'])
})

schema('each field a field of the codec, of a key type, once', () => {
  throwsSchema(() => mk({ byX: Model.globalIndex({ hashKey: ['nope' as 'status'] }) }), /the hash key field of index byX "nope" is not a field of the codec/)
  const tagged = t.type({ orderId: t.string, status: t.string, tags: t.array(t.string), ok: t.boolean })
  throwsSchema(() => mk({ byX: Model.globalIndex({ hashKey: ['status'], rangeKey: ['tags' as 'status'] }) }, tagged), /the range key field of index byX "tags" must be stored as a string, a number or binary/)
  throwsSchema(() => mk({ byX: Model.globalIndex({ hashKey: ['ok' as 'status'] }) }, tagged), /"ok" must be stored as a string, a number or binary/)
  throwsSchema(() => mk({ byX: Model.globalIndex({ hashKey: ['status', 'status'] }) }), /the field "status" appears twice in its multi-attribute key/)
  throwsSchema(() => mk({ byX: Model.globalIndex({ hashKey: ['status'], rangeKey: ['createdAt', 'status'] }) }), /the field "status" appears twice/)
})

schema('a list on both sides or none; never on a local index', () => {
  throwsSchema(() => mk({ byX: Model.globalIndex({ hashKey: ['status'], rangeKey: 'createdAt' as unknown as ['createdAt'] }) }), /lists its fields on both sides \(its range key is no list: "createdAt"\)/)
  throwsSchema(() => mk({ byX: Model.globalIndex({ hashKey: 'status', rangeKey: ['createdAt'] as unknown as 'createdAt' }) }), /lists its fields on both sides \(its hash key is no list: "status"\)/)
  throwsSchema(
    () => Model.make({ table: 'orders', codec, hashKey: 'orderId', rangeKey: 'customerId', indexes: { byX: Model.localIndex({ rangeKey: ['createdAt', 'total'] as unknown as 'createdAt' }) } }),
    /a local index has one range key attribute \(DynamoDB takes multi-attribute keys on global indexes only\)/,
  )
})

schema('an entity model: the multi-attribute fields are fields, so no entity is needed for them', () => {
  const Plain = Model.make({ table: 'plain', codec, hashKey: 'orderId', indexes: { byX: Model.globalIndex({ hashKey: ['status'], rangeKey: ['createdAt'] }) } })
  assert.is(Plain.entity, undefined)
})

schema.run()
