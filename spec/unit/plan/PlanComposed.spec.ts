/**
 * Golden specs of the plans of conditions on a model with composed keys (DESIGN §5.4): which
 * call, which key condition, which filter, and `explain`'s account of where each conjunct
 * went and why.
 */
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as A from '../../../lib/ast/Attr.js'
import * as C from '../../../lib/ast/Condition.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Expression from '../../../lib/compile/Expression.js'
import * as Model from '../../../lib/model/Model.js'
import * as Plan from '../../../lib/plan/Plan.js'
import * as Composed from '../../../lib/plan/composed.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import { left, right as plan } from '../../harness/either.js'
import * as DE from '../../../lib/DynamoError.js'

const Order = Model.make({
  table: 'shop',
  entity: 'order',
  codec: t.intersection([
    t.type({ customerId: t.string, orderId: t.string, createdAt: Field.dateTime, status: t.string, total: Field.int({ min: 0 }) }),
    t.partial({ note: t.string, region: t.string }),
  ]),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'ORDER#{createdAt}#{orderId}'),
  indexes: {
    byStatus: Model.globalIndex({ hashKey: Model.key('gsi1pk', 'STATUS#{status}'), rangeKey: Model.key('gsi1sk', '{createdAt}#{orderId}') }),
    byTotal: Model.globalIndex({ hashKey: Model.key('gsi2pk', 'C#{customerId}'), rangeKey: Model.key('gsi2sk', 'T#{total}#{orderId}', { pad: { total: 10 } }) }),
    // its items hold the key attributes only: no field to decode
    byKeys: Model.globalIndex({ hashKey: Model.key('gsi4pk', 'K#{customerId}'), projection: 'keys' }),
    // sparse: region is optional
    byRegion: Model.globalIndex({ hashKey: Model.key('gsi3pk', 'REGION#{region}'), rangeKey: Model.key('gsi3sk', '{createdAt}') }),
    byNote: Model.localIndex({ rangeKey: Model.key('lsi1sk', 'NOTE#{note}') }),
  },
})
const o = Order.attrs
const d1 = new Date('2024-03-01T00:00:00.000Z')
const d2 = new Date('2024-04-01T00:00:00.000Z')
const pk = A.path<string>('pk')
const sk = A.path<string>('sk')
const top = (p: string) => Composed.top(p) as string
// every read of an entity keeps only its items (Entity.ts): its filter starts with the entity
const entity = C.eq(A.path<string>('_et'), 'order')
const et = '_et = "order"'

const explain = (c: C.Condition, options?: Parameters<typeof Dynamo.explain<typeof Order>>[2]) => plan(Dynamo.explain(Order, c, options))
const summary = (p: Plan.Plan) =>
  p._tag === 'Query'
    ? { _tag: p._tag, index: p.index, key: Expression.show(p.keyCondition), filter: p.filter === undefined ? undefined : Expression.show(p.filter) }
    : p._tag === 'Scan'
      ? { _tag: p._tag, index: p.index, filter: p.filter === undefined ? undefined : Expression.show(p.filter) }
      : { _tag: p._tag }
const went = (p: Plan.Plan) => (p._tag === 'BatchGetItem' ? [] : (p.explanation?.placements ?? []).map((x) => `${x.fields.join(',')} → ${x.keys.length === 0 ? 'filter' : x.keys.join(',') + (x.filter ? '+filter' : '')}`))
const passed = (p: Plan.Plan) => (p._tag === 'BatchGetItem' ? [] : (p.explanation?.passed ?? []).map((x) => `${x.index ?? 'table'}: ${x.why}`))

const golden = suite('Dynamo.explain on composed keys (golden)')

golden('begins_with with an empty prefix on a template that starts with its field: the filter, said so (not a prefix over 1,024 bytes)', () => {
  const p = explain(C.and(C.eq(o.region, 'eu'), C.beginsWith(o.createdAt, '')))
  assert.equal(summary(p), { _tag: 'Query', index: 'byRegion', key: 'gsi3pk = "REGION#eu"', filter: `${et} AND begins_with(createdAt, "")` })
  if (p._tag !== 'Query') return assert.unreachable()
  assert.is(p.explanation?.placements[1]?.why, 'as a key condition the prefix would be empty, which DynamoDB refuses (every key of the template begins with it)')
})

golden('equality on the hash fields: a Query of the partition, kept within the entity by the range prefix', () => {
  const p = explain(C.eq(o.customerId, 'c1'))
  assert.equal(p, {
    _tag: 'Query',
    table: 'shop',
    keyCondition: C.and(C.eq(pk, 'CUSTOMER#c1'), C.beginsWith(sk, 'ORDER#')),
    filter: entity,
    explanation: {
      placements: [{ condition: C.eq(o.customerId, 'c1'), fields: ['customerId'], keys: ['pk'], filter: false, why: 'an equality on a field of the hash key pk = CUSTOMER#{customerId}' }],
      passed: [
        { index: 'byStatus', why: 'no equality on status, a field of the hash key gsi1pk = STATUS#{status}' },
        { index: 'byTotal', why: 'an earlier key serves as well' },
        { index: 'byKeys', why: 'it does not project every field the read asks for or tests' },
        { index: 'byRegion', why: 'no equality on region, a field of the hash key gsi3pk = REGION#{region}' },
        { index: 'byNote', why: 'it holds no item without note (not required, or nullable, and not tested by its key condition)' },
      ],
    },
  })
})

golden('equality on a leading run of the range fields: begins_with of the prefix; every field: a GetItem', () => {
  assert.equal(summary(explain(C.and(C.eq(o.customerId, 'c1'), C.eq(o.createdAt, d1)))), {
    _tag: 'Query',
    index: undefined,
    key: 'pk = "CUSTOMER#c1" AND begins_with(sk, "ORDER#2024-03-01T00:00:00.000Z#")',
    filter: et,
  })
  const get = explain(C.and(C.eq(o.customerId, 'c1'), C.eq(o.createdAt, d1), C.eq(o.orderId, 'o9'), C.gt(o.total, 3)))
  assert.equal({ ...get, explanation: undefined }, {
    _tag: 'GetItem',
    table: 'shop',
    key: { pk: { S: 'CUSTOMER#c1' }, sk: { S: 'ORDER#2024-03-01T00:00:00.000Z#o9' } },
    filter: C.and(entity, C.gt(o.total, 3)),
    explanation: undefined,
  })
  assert.equal(went(get), ['customerId → pk', 'createdAt → sk', 'orderId → sk', 'total → filter'])
})

golden('a range condition or beginsWith on the next field: one BETWEEN or begins_with carrying the prefix', () => {
  const gt = explain(C.and(C.eq(o.customerId, 'c1'), C.gt(o.createdAt, d1), C.gt(o.total, 100)))
  assert.equal(gt._tag === 'Query' && gt.keyCondition, C.and(C.eq(pk, 'CUSTOMER#c1'), C.between(sk, 'ORDER#2024-03-01T00:00:00.000Z$', top('ORDER#'))))
  assert.equal(gt._tag === 'Query' && gt.filter, C.and(entity, C.gt(o.total, 100)))
  assert.equal(went(gt), ['customerId → pk', 'createdAt → sk', 'total → filter'])
  assert.equal(summary(explain(C.and(C.eq(o.customerId, 'c1'), C.lt(o.createdAt, d1)))).key, 'pk = "CUSTOMER#c1" AND sk BETWEEN "ORDER#" AND "ORDER#2024-03-01T00:00:00.000Z"')
  assert.equal(summary(explain(C.and(C.eq(o.customerId, 'c1'), C.between(o.createdAt, d1, d2)))).key, 'pk = "CUSTOMER#c1" AND sk BETWEEN "ORDER#2024-03-01T00:00:00.000Z" AND "ORDER#2024-04-01T00:00:00.000Z$"')
  assert.equal(summary(explain(C.and(C.eq(o.customerId, 'c1'), C.beginsWith(o.createdAt, '2024-03')))).key, 'pk = "CUSTOMER#c1" AND begins_with(sk, "ORDER#2024-03")')
})

golden('a condition on a later field goes to the filter', () => {
  const p = explain(C.and(C.eq(o.customerId, 'c1'), C.eq(o.orderId, 'o9')))
  assert.equal(summary(p), { _tag: 'Query', index: undefined, key: 'pk = "CUSTOMER#c1" AND begins_with(sk, "ORDER#")', filter: `${et} AND orderId = "o9"` })
  assert.equal(went(p), ['customerId → pk', 'orderId → filter'])
})

golden('the same through an index: chosen when it serves, or named', () => {
  const s = explain(C.and(C.eq(o.status, 'open'), C.gte(o.createdAt, d1), C.ne(o.customerId, 'c1')))
  assert.equal(summary(s), { _tag: 'Query', index: 'byStatus', key: 'gsi1pk = "STATUS#open" AND gsi1sk >= "2024-03-01T00:00:00.000Z"', filter: `${et} AND customerId <> "c1"` })
  assert.equal(passed(s), ['table: no equality on customerId, a field of the hash key pk = CUSTOMER#{customerId}', 'byTotal: no equality on customerId, a field of the hash key gsi2pk = C#{customerId}', 'byKeys: it does not project every field the read asks for or tests', 'byRegion: no equality on region, a field of the hash key gsi3pk = REGION#{region}', 'byNote: no equality on customerId, a field of the hash key pk = CUSTOMER#{customerId}'])
  // a key that narrows its range side wins over one that only holds the partition
  const t = explain(C.and(C.eq(o.customerId, 'c1'), C.gte(o.total, 100)))
  assert.equal(t._tag === 'Query' && t.index, 'byTotal')
  assert.equal(t._tag === 'Query' && t.keyCondition, C.and(C.eq(A.path<string>('gsi2pk'), 'C#c1'), C.between(A.path<string>('gsi2sk'), 'T#0000000100', top('T#'))))
  assert.equal(t._tag === 'Query' && t.filter, entity)
  assert.equal(passed(t)[0], 'table: another key narrows its range side')
  // the local index: its hash key is the table's
  const n = explain(C.and(C.eq(o.customerId, 'c1'), C.beginsWith(o.note, 'gift')))
  assert.equal(summary(n), { _tag: 'Query', index: 'byNote', key: 'pk = "CUSTOMER#c1" AND begins_with(lsi1sk, "NOTE#gift")', filter: et })
  // named: read through it, whatever else would serve
  const named = explain(C.and(C.eq(o.status, 'open'), C.eq(o.customerId, 'c1')), { index: 'byStatus' })
  assert.equal(summary(named), { _tag: 'Query', index: 'byStatus', key: 'gsi1pk = "STATUS#open"', filter: `${et} AND customerId = "c1"` })
  const scanOfIndex = explain(C.eq(o.customerId, 'c1'), { index: 'byStatus' })
  assert.equal(summary(scanOfIndex), { _tag: 'Scan', index: 'byStatus', filter: `${et} AND customerId = "c1"` })
  assert.equal(passed(scanOfIndex), ['byStatus: no equality on status, a field of the hash key gsi1pk = STATUS#{status}'])
})

golden('a sparse index is picked only when the condition says its items have every field of its keys', () => {
  // region is optional: eq(region) tests it; createdAt is required
  assert.equal(summary(explain(C.eq(o.region, 'eu'))), { _tag: 'Query', index: 'byRegion', key: 'gsi3pk = "REGION#eu"', filter: et })
  // note is optional: a Query of byNote without a condition on note would miss the orders without one
  const p = explain(C.and(C.eq(o.customerId, 'c1'), C.ne(o.note, 'x')))
  assert.equal(summary(p), { _tag: 'Query', index: undefined, key: 'pk = "CUSTOMER#c1" AND begins_with(sk, "ORDER#")', filter: `${et} AND note <> "x"` })
})

golden('the cases that fall back to a Scan, each key saying why', () => {
  const noHash = explain(C.and(C.gt(o.createdAt, d1), C.eq(o.orderId, 'o1')))
  assert.equal(summary(noHash), { _tag: 'Scan', index: undefined, filter: `${et} AND createdAt > "2024-03-01T00:00:00.000Z" AND orderId = "o1"` })
  assert.equal(passed(noHash)[0], 'table: no equality on customerId, a field of the hash key pk = CUSTOMER#{customerId}')
  // OR of two partitions: no single key
  assert.is(explain(C.or(C.eq(o.customerId, 'c1'), C.eq(o.customerId, 'c2')))._tag, 'Scan')
  // a hash value the writes refuse can be in no key
  const refused = Model.make({
    table: 'shop',
    entity: 'pair',
    codec: t.type({ a: t.string, b: t.string }),
    hashKey: Model.key('pk', 'PAIR#{a}#{b}'),
  })
  const r = plan(Dynamo.explain(refused, C.eq(refused.attrs.a, 'x#y')))
  assert.is(r._tag, 'Scan')
  assert.match(passed(r)[0] ?? '', /the equality on a has no key text \(it contains "#"/)
  // a full key of such a value is getOne's ValidationError (spec/unit/plan/KeysIn.spec.ts)
  const full = Dynamo.explain(refused, C.and(C.eq(refused.attrs.a, 'x#y'), C.eq(refused.attrs.b, 'z')))
  assert.ok(E.isLeft(full) && full.left._tag === 'ValidationError' && full.left.message.startsWith('a: it contains "#"'))
  // consistentRead: no global index
  const c = explain(C.eq(o.status, 'open'), { consistentRead: true })
  assert.is(c._tag, 'Scan')
  assert.match(passed(c).join('\n'), /byStatus: a global index cannot be read with consistentRead/)
})

golden('Plan.show draws where each conjunct went, and the keys passed over', () => {
  const s = Plan.show(explain(C.and(C.eq(o.customerId, 'c1'), C.gt(o.createdAt, d1), C.gt(o.total, 100))))
  assert.is(
    s,
    [
      'Query shop',
      '  key condition: pk = "CUSTOMER#c1" AND sk BETWEEN "ORDER#2024-03-01T00:00:00.000Z$" AND top("ORDER#")',
      '  filter: _et = "order" AND total > 100',
      '  customerId = "c1" → pk: an equality on a field of the hash key pk = CUSTOMER#{customerId}',
      '  createdAt > "2024-03-01T00:00:00.000Z" → sk: > on createdAt, the field after the leading equalities of the range key sk = ORDER#{createdAt}#{orderId} (the exclusive bound moved past the separator "#")',
      '  total > 100 → filter: total is no field of the key (pk = CUSTOMER#{customerId}, sk = ORDER#{createdAt}#{orderId})',
      '  not index byStatus: no equality on status, a field of the hash key gsi1pk = STATUS#{status}',
      '  not index byTotal: an earlier key serves as well',
      '  not index byKeys: it does not project every field the read asks for or tests',
      '  not index byRegion: no equality on region, a field of the hash key gsi3pk = REGION#{region}',
      '  not index byNote: it holds no item without note (not required, or nullable, and not tested by its key condition)',
    ].join('\n'),
  )
})

golden('keys of a model with composed keys: keysIn (and isIn on the one key field) a BatchGetItem, as on a plain model', () => {
  const key = (pk: string, sk: string) => ({ pk: { S: pk }, sk: { S: sk } })
  // keysIn on the fields of composed table keys: the composed keys
  const codec = t.type({ customerId: t.string, orderId: t.string, status: t.string })
  const Line = Model.make({ table: 'shop', entity: 'line', codec, hashKey: Model.key('pk', 'C#{customerId}'), rangeKey: Model.key('sk', 'L#{orderId}') })
  assert.equal(plan(Dynamo.explain(Line, Model.keysIn(Line, [['c1', 'o1'], ['c2', 'o2']]))), {
    _tag: 'BatchGetItem',
    table: 'shop',
    keys: [
      { _tag: 'Key', key: key('C#c1', 'L#o1'), values: { customerId: 'c1', orderId: 'o1' } },
      { _tag: 'Key', key: key('C#c2', 'L#o2'), values: { customerId: 'c2', orderId: 'o2' } },
    ],
    filter: C.eq(A.path<string>('_et'), 'line'),
  })
  // isIn on the one field of a hash-only composed key, the rest checked on the items read
  const Customer = Model.make({ table: 'shop', entity: 'customer', codec, hashKey: Model.key('pk', 'C#{customerId}') })
  const c = Customer.attrs
  assert.equal(plan(Dynamo.explain(Customer, C.and(C.isIn(c.customerId, ['c1', 'c2']), C.eq(c.status, 'open')))), {
    _tag: 'BatchGetItem',
    table: 'shop',
    keys: [
      { _tag: 'Key', key: { pk: { S: 'C#c1' } }, values: { customerId: 'c1' } },
      { _tag: 'Key', key: { pk: { S: 'C#c2' } }, values: { customerId: 'c2' } },
    ],
    filter: C.and(C.eq(A.path<string>('_et'), 'customer'), C.eq(c.status, 'open')),
  })
})

golden('a plain table key beside composed index keys: its keys planned as a plain model plans them (GetItem, BatchGetItem)', () => {
  const codec = t.type({ customerId: t.string, orderId: t.string, status: t.string })
  const composedIndex = { byStatus: Model.globalIndex({ hashKey: Model.key('gsi1pk', 'STATUS#{status}') }) }
  const plainIndex = { byStatus: Model.globalIndex({ hashKey: 'status' }) }
  const Mixed = Model.make({ table: 'shop', entity: 'line', codec, hashKey: 'customerId', rangeKey: 'orderId', indexes: composedIndex })
  const Plain = Model.make({ table: 'shop', entity: 'line', codec, hashKey: 'customerId', rangeKey: 'orderId', indexes: plainIndex })
  const MixedHash = Model.make({ table: 'shop', entity: 'customer', codec, hashKey: 'customerId', indexes: composedIndex })
  const PlainHash = Model.make({ table: 'shop', entity: 'customer', codec, hashKey: 'customerId', indexes: plainIndex })
  const m = Mixed.attrs
  const h = MixedHash.attrs
  const same = (a: Plan.Plan, b: Plan.Plan) => assert.equal(a._tag === 'BatchGetItem' ? a : { ...a, explanation: undefined }, b._tag === 'BatchGetItem' ? b : { ...b, explanation: undefined })
  const keysIn = Model.keysIn(Mixed, [['c1', 'o1'], ['c2', 'o2']])
  assert.is(plan(Dynamo.explain(Mixed, keysIn))._tag, 'BatchGetItem')
  same(plan(Dynamo.explain(Mixed, keysIn)), plan(Dynamo.explain(Plain, keysIn as never)))
  const one = C.and(C.eq(m.customerId, 'c1'), C.eq(m.orderId, 'o1'), C.eq(m.status, 'open'))
  same(plan(Dynamo.explain(Mixed, one)), plan(Dynamo.explain(Plain, one as never)))
  const isIn = C.and(C.isIn(h.customerId, ['c1', 'c2']), C.eq(h.status, 'open'))
  assert.is(plan(Dynamo.explain(MixedHash, isIn))._tag, 'BatchGetItem')
  same(plan(Dynamo.explain(MixedHash, isIn)), plan(Dynamo.explain(PlainHash, isIn as never)))
  same(plan(Dynamo.explain(MixedHash, Model.keysIn(MixedHash, ['c1', 'c2']))), plan(Dynamo.explain(PlainHash, Model.keysIn(PlainHash, ['c1', 'c2']))))
  // no values: an ExpressionError before any network call, as on a plain model
  const none = Dynamo.explain(MixedHash, C.isIn(h.customerId, []))
  assert.equal(none, Dynamo.explain(PlainHash, C.isIn(PlainHash.attrs.customerId, [])))
  assert.ok(E.isLeft(none))
})

golden('a number of every form in a composed key: equality on every field is a GetItem of its canonical text (as Key.compose writes it)', () => {
  const Scored = Model.make({
    table: 'shop',
    entity: 'score',
    codec: t.type({ customerId: t.string, n: t.number, orderId: t.string }),
    hashKey: Model.key('pk', 'C#{customerId}'),
    rangeKey: Model.key('sk', 'N#{n}#{orderId}'),
  })
  const s = Scored.attrs
  const got = (n: number) => {
    const p = plan(Dynamo.explain(Scored, C.and(C.eq(s.customerId, 'x'), C.eq(s.n, n), C.eq(s.orderId, 'o'))))
    return p._tag === 'GetItem' ? { _tag: p._tag, key: p.key } : { _tag: p._tag }
  }
  const getItem = (sk: string) => ({ _tag: 'GetItem', key: { pk: { S: 'C#x' }, sk: { S: sk } } })
  assert.equal(got(1e21), getItem('N#1000000000000000000000#o'))
  assert.equal(got(1.5e-7), getItem('N#0.00000015#o'))
  assert.equal(got(12.5), getItem('N#12.5#o'))
  assert.equal(got(-0), getItem('N#0#o'))
  // and each is the key the item is written under
  for (const n of [1e21, 1.5e-7, 12.5, -0]) {
    const stored = Model.encode(Scored, { customerId: 'x', n, orderId: 'o' })
    assert.equal(E.isRight(stored) && stored.right.stored.sk, got(n).key?.sk)
  }
})

golden('an index projecting a list of fields: a condition its key condition takes tests its key attribute, not the field, so a read that asks for no field (count) goes through it; a field left to the filter must be projected', () => {
  const Priced = Model.make({
    table: 'shop',
    entity: 'priced',
    codec: t.type({ customerId: t.string, orderId: t.string, status: t.string, total: Field.int() }),
    hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
    rangeKey: Model.key('sk', 'PRICED#{orderId}'),
    indexes: { byTotal: Model.globalIndex({ hashKey: Model.key('gsi2pk', 'TOTAL#{total}'), projection: ['status'] }) },
  })
  const p = Priced.attrs
  // what count asks of the planner: no field
  const counted = (c: C.Condition, index?: 'byTotal') => summary(plan(Plan.make(Priced, c, { fields: [], ...(index === undefined ? {} : { index }) })))
  const et = '_et = "priced"'
  assert.equal(counted(C.eq(p.total, 1), 'byTotal'), { _tag: 'Query', index: 'byTotal', key: 'gsi2pk = "TOTAL#1"', filter: et })
  // a filter on a field it projects, with the key condition
  assert.equal(counted(C.and(C.eq(p.total, 1), C.eq(p.status, 'open')), 'byTotal'), { _tag: 'Query', index: 'byTotal', key: 'gsi2pk = "TOTAL#1"', filter: `${et} AND status = "open"` })
  // chosen by the planner too
  assert.equal(counted(C.and(C.eq(p.total, 1), C.eq(p.status, 'open'))), { _tag: 'Query', index: 'byTotal', key: 'gsi2pk = "TOTAL#1"', filter: `${et} AND status = "open"` })
  // a filter on a field it does not project (customerId: the table's pk holds it, the index does not): refused named, passed over unnamed
  const notHeld = C.and(C.eq(p.total, 1), C.eq(p.orderId, 'o1'))
  assert.match(DE.show(left(Plan.make(Priced, notHeld, { fields: [], index: 'byTotal' }))), 'the index byTotal does not project every field the read asks for or tests')
  const scan = plan(Plan.make(Priced, notHeld, { fields: [] }))
  assert.equal(summary(scan)._tag, 'Scan')
  assert.equal(passed(scan).at(-1), 'byTotal: it does not project every field the read asks for or tests')
  // nor the field of its key when a conjunct on it is left to the filter
  assert.ok(E.isLeft(Plan.make(Priced, C.and(C.eq(p.total, 1), C.ne(p.total, 2)), { fields: [], index: 'byTotal' })))
  // a read that gives the fields of the table's keys, which the index does not hold, is refused (as its type)
  assert.ok(E.isLeft(Plan.make(Priced, C.eq(p.total, 1), { index: 'byTotal', fields: ['customerId', 'orderId', 'status'] })))
})

golden.run()
