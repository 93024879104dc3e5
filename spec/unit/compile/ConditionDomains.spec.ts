/**
 * A condition's value is encoded through its attribute's codec without the field's
 * refinements (`lt(n, -1)` on `Field.int({ min: 0 })` is a test that holds for no item), but
 * it must be within the domain whose stored form means the field's order and equality
 * (`Shape.domain`): a date-time text is fixed width in the years 0000–9999 only, and
 * `+010000-01-01T…` sorts before `2024-…`, so `gt(createdAt, year 10000)` held for every item
 * (DynamoDB and Evaluate alike). Such a value is a `ValidationError` naming the attribute and
 * what it takes, wherever it stands (comparisons, `between`, `isIn`, a key condition, a
 * composed key's bound, `explain`, Evaluate), before any request.
 */
import * as t from 'io-ts'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as E from 'fp-ts/lib/Either.js'
import * as C from '../../../lib/ast/Condition.js'
import * as X from '../../../lib/compile/Expression.js'
import * as Field from '../../../lib/codec/Field.js'
import * as Shape from '../../../lib/codec/Shape.js'
import * as DE from '../../../lib/DynamoError.js'
import * as Model from '../../../lib/model/Model.js'
import * as Evaluate from '../../../lib/evaluate/Evaluate.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import { Order } from '../../harness/shop.js'
import { counting } from '../../harness/counting.js'

const Thing = Model.make({
  table: 'things',
  hashKey: 'id',
  rangeKey: 'at',
  codec: t.intersection([
    t.type({ id: t.string, at: Field.dateTime, n: Field.int({ min: 0 }) }),
    t.partial({
      py: Field.pynamoDateTime,
      naive: Field.naiveDateTime,
      expires: Field.epochSeconds,
      later: t.refinement(Field.dateTime, (d) => d.getTime() > 0, 'later'),
      day: Field.date,
    }),
  ]),
})
const u = Thing.attrs

const y10k = new Date('+010000-01-01T00:00:00.000Z')
const yMinus1 = new Date('-000001-06-01T00:00:00.000Z')
const first = new Date('0000-01-01T00:00:00.000Z')
const last = new Date('9999-12-31T23:59:59.999Z')
const stored = { id: { S: 'a' }, at: { S: '2024-05-01T12:00:00.000Z' }, n: { N: '1' }, py: { S: '2024-05-01T12:00:00.000000+0000' }, naive: { S: '2024-05-01T12:00:00.000000' }, later: { S: '2024-05-01T12:00:00.000Z' } }

const years = 'expected a Date in the years 0000–9999 (stored with a fixed width), got '

/** `c` is refused by the compiler and Evaluate alike, with one issue at `path` saying `message`. */
const refused = (c: C.Condition, path: string, message: string): void => {
  const e = X.condition(c)
  if (E.isRight(e)) throw new Error(`expected a Left, got ${e.right.expression} ${JSON.stringify(e.right.values)}`)
  assert.equal(e.left, DE.validationError([{ path, message }]))
  assert.equal(Evaluate.condition(c), e)
}

test('a date-time outside the years its fixed-width text holds: refused in every place a value is compared, for the three date-time texts and a refinement of one', () => {
  for (const [h, path] of [[u.at, 'at'], [u.py, 'py'], [u.naive, 'naive'], [u.later, 'later']] as const) {
    for (const d of [y10k, yMinus1]) {
      const got = years + d.toISOString()
      refused(C.gt(h, d), path, `the value compared with it (>): ${got}`)
      refused(C.gte(h, d), path, `the value compared with it (>=): ${got}`)
      refused(C.lt(h, d), path, `the value compared with it (<): ${got}`)
      refused(C.lte(h, d), path, `the value compared with it (<=): ${got}`)
      refused(C.eq(h, d), path, `the value compared with it (=): ${got}`)
      refused(C.ne(h, d), path, `the value compared with it (<>): ${got}`)
      refused(C.between(h, first, d), path, `the high bound of BETWEEN: ${got}`)
      refused(C.isIn(h, [first, d]), path, `values[1] of IN (…): ${got}`)
      refused(C.not(C.gt(h, d)), path, `the value compared with it (>): ${got}`)
    }
  }
})

test('before, the year 10000 was compared as text that sorts before every stored year: gt held for an item of 2024', () => {
  const e = Evaluate.condition(C.gt(u.at, y10k))
  assert.ok(E.isLeft(e), E.isRight(e) ? `the predicate says ${e.right(stored)} of an item of 2024` : '')
})

test('within the domain, outside the refinements: compiled (a test that may hold for no item), the stored text compared', () => {
  const values = (c: C.Condition) => {
    const e = X.condition(c)
    if (E.isLeft(e)) throw new Error(DE.show(e.left))
    return Object.values(e.right.values)
  }
  assert.equal(values(C.between(u.at, first, last)), [{ S: '0000-01-01T00:00:00.000Z' }, { S: '9999-12-31T23:59:59.999Z' }])
  // Python's datetime holds no year 0000 (a write refuses it), yet it is before every stored value
  assert.equal(values(C.gt(u.py, first)), [{ S: '0000-01-01T00:00:00.000000+0000' }])
  assert.equal(values(C.gt(u.naive, last)), [{ S: '9999-12-31T23:59:59.999000' }])
  assert.equal(values(C.lt(u.later, new Date(-1))), [{ S: '1969-12-31T23:59:59.999Z' }])
  assert.equal(values(C.lt(u.n, -1)), [{ N: '-1' }])
  // a number of seconds holds any valid Date in order
  assert.equal(values(C.gt(u.expires, y10k)), [{ N: '253402300800' }])
  // a string stored as it is compares as itself (a prefix, a text past the dates)
  assert.equal(values(C.gt(u.day, '10000-01-01')), [{ S: '10000-01-01' }])
  const p = Evaluate.condition(C.gt(u.py, first))
  assert.ok(E.isRight(p) && p.right(stored))
})

test('an invalid Date: what the field takes, for seconds since the epoch too (not that NaN cannot be stored)', () => {
  refused(C.lt(u.expires, new Date(NaN)), 'expires', 'the value compared with it (<): expected a Date, got an invalid Date')
  refused(C.lt(u.at, new Date(NaN)), 'at', 'the value compared with it (<): expected a Date, got an invalid Date')
})

test('a key condition, a range isIn and a composed key\'s bound: explain refuses, and a read sends nothing', async () => {
  for (const c of [
    C.and(C.eq(u.id, 'a'), C.gt(u.at, y10k)),
    C.and(C.eq(u.id, 'a'), C.between(u.at, first, y10k)),
    C.and(C.eq(u.id, 'a'), C.isIn(u.at, [first, y10k])),
  ]) {
    const e = Dynamo.explain(Thing, c)
    assert.ok(E.isLeft(e) && e.left._tag === 'ValidationError' && e.left.issues[0]?.path === 'at' && e.left.issues[0].message.includes(years), JSON.stringify(e))
  }
  // the shop's orders: `sk` is ORDER#{createdAt}#{orderId}, `gsi1sk` {createdAt}#{orderId}
  const o = Order.attrs
  for (const c of [C.and(C.eq(o.customerId, 'c1'), C.gt(o.createdAt, y10k)), C.and(C.eq(o.status, 'open'), C.lt(o.createdAt, yMinus1))]) {
    const e = Dynamo.explain(Order, c)
    assert.ok(E.isLeft(e) && e.left._tag === 'ValidationError' && e.left.issues[0]?.path === 'createdAt', JSON.stringify(e))
  }
  const { env, sent } = counting()
  for (const run of [
    Dynamo.getMany(Thing, C.and(C.eq(u.id, 'a'), C.gt(u.at, y10k))),
    Dynamo.getMany(Thing, C.gt(u.py, y10k)),
    Dynamo.count(Order, C.and(C.eq(o.customerId, 'c1'), C.gte(o.createdAt, y10k))),
    Dynamo.deleteOne(Thing, C.and(C.eq(u.id, 'a'), C.eq(u.at, first), C.lt(u.naive, y10k))),
  ] as ReadonlyArray<Dynamo.Op<unknown>>) {
    const r = await run(env)()
    assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', JSON.stringify(r))
  }
  assert.is(sent.length, 0)
})

test('Shape.domain: declared by the date-time fields, read through refinements and readonly; none for codecs stored as they are', () => {
  assert.is(typeof Shape.domain(Field.dateTime), 'function')
  assert.is(Shape.domain(t.readonly(Field.dateTime)), Shape.domain(Field.dateTime))
  assert.is(Shape.domain(t.refinement(Field.pynamoDateTime, () => true)), Shape.domain(Field.pynamoDateTime))
  assert.is(Shape.domain(Field.epochSeconds)?.(y10k), undefined)
  for (const c of [t.string, Field.int(), Field.date, Field.decimal, Field.bigint, t.unknown]) assert.is(Shape.domain(c), undefined)
})

test('Shape.domain reads through an intersection (the first member that declares one): its year 10000 is refused, not sent as +010000-…', () => {
  assert.is(Shape.domain(t.intersection([Field.dateTime, Field.dateTime])), Shape.domain(Field.dateTime))
  assert.is(Shape.domain(t.intersection([t.unknown, Field.pynamoDateTime])), Shape.domain(Field.pynamoDateTime))
  const Both = Model.make({ table: 'both', hashKey: 'id', codec: t.type({ id: t.string, x: t.intersection([Field.dateTime, Field.dateTime]) }) })
  refused(C.gt(Both.attrs.x, y10k), 'x', `the value compared with it (>): ${years}${y10k.toISOString()}`)
})

test.run()
