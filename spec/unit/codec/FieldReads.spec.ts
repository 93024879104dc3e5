/**
 * `fieldReads` (lib/codec/asIs.ts) and the one-pass read of `Item.decode` built on them, which
 * reads the items of a `type` of as-is and parsed fields without io-ts's `decode`: wherever a
 * field's read gives a value, `codec.decode` gives the same; it gives up (`MISS`) on every value
 * decode refuses, so every message still comes from decode. And `Item.decode` (and
 * `Model.decode` of models with computed attributes) gives exactly what its general path gives
 * (unmarshall, then the codec's `decode`, a `__proto__` key under a stand-in name): the same
 * values, keys in the same order, the same `ValidationError`s, the same exceptions, over
 * generated codecs and items, hostile ones included.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as DE from '../../../lib/DynamoError.js'
import * as F from '../../../lib/codec/Field.js'
import * as Item from '../../../lib/codec/Item.js'
import * as Model from '../../../lib/model/Model.js'
import * as Proto from '../../../lib/codec/proto.js'
import { computedNames } from '../../../lib/model/computed.js'
import { fieldReads, MISS } from '../../../lib/codec/asIs.js'
import { FieldType, fromParse, invalid } from '../../../lib/codec/fieldType.js'
import { issuesOf } from '../../../lib/codec/issues.js'
import { thrown } from '../../../lib/internal/show.js'
import { fieldCases, objectOf, same } from '../../arb/fields.js'
import { attributeValue } from '../../arb/items.js'

type AttributeMap = Record<string, AttributeValue>

const readable = fieldCases.filter((c) => fieldReads(t.type({ f: c.codec })) !== null)
const junk = fc.constantFrom<unknown>(undefined, null, 'x', '2024-02-30T00:00Z', 1.5, -1, {}, [], true, new F.NumberValue('1e200'), new Date(NaN))

test('the readable fields are those of every kind but lists of maps and maps; only a `type` of them all is read', () => {
  assert.equal(
    fieldCases.filter((c) => !readable.includes(c)).map((c) => c.name),
    ['list of maps', 'map'],
  )
  assert.is(fieldReads(t.type({ a: F.dateTime, m: F.map({ x: t.string }) })), null)
  assert.is(fieldReads(t.partial({ a: F.dateTime })), null)
  assert.is(fieldReads(t.exact(t.type({ a: F.dateTime }))), null)
  assert.is(fieldReads(t.intersection([t.type({ a: F.dateTime }), t.partial({ b: t.string })])), null)
  assert.is(fieldReads(t.type({})), null)
  assert.equal([...(fieldReads(t.type({ a: F.dateTime, s: t.string })) ?? new Map()).keys()], ['a', 's'])
})

// a `type` of 1–5 readable fields, and objects with each field valid (in memory or stored), junk or absent
const cases = fc
  .uniqueArray(fc.integer({ min: 0, max: readable.length - 1 }), { minLength: 1, maxLength: 5 })
  .chain((picks) => {
    const fields = picks.map((i, j) => [`f${j}`, readable[i] as (typeof readable)[number]] as const)
    const codec = t.type(Object.fromEntries(fields.map(([k, c]) => [k, c.codec])))
    const value = fc.tuple(
      fc.tuple(...fields.map(([, c]) =>
        fc.oneof(
          { weight: 4, arbitrary: c.arb.map((v) => ({ v: c.codec.encode(v) })) },
          { weight: 2, arbitrary: c.arb.map((v) => ({ v })) },
          { weight: 1, arbitrary: junk.map((v) => ({ v })) },
          { weight: 1, arbitrary: fc.constant(null) },
        ),
      )),
      fc.option(fc.constantFrom<unknown>('extra', 1, { M: 1 })),
    ).map(([vs, extra]) => {
      const o: Record<string, unknown> = {}
      vs.forEach((x, j) => {
        if (x !== null) o[`f${j}`] = x.v
      })
      if (extra !== null) o.extra = extra
      return o
    })
    return fc.tuple(fc.constant(codec), value)
  })

/** What the field reads make of `u`: each field read, the other keys kept; `MISS` as soon as a field is absent or missed. */
const readAll = (reads: ReadonlyMap<string, (u: unknown) => unknown>, u: Record<string, unknown>): unknown => {
  for (const k of reads.keys()) if (u[k] === undefined) return MISS
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(u)) {
    const read = reads.get(k)
    const v = read === undefined ? u[k] : read(u[k])
    if (v === MISS) return MISS
    out[k] = v
  }
  return out
}

test('the field reads give what decode gives, or give up where decode refuses (4,000 cases)', () => {
  let read = 0
  fc.assert(
    fc.property(cases, ([codec, u]) => {
      const q = readAll(fieldReads(codec) as ReadonlyMap<string, (u: unknown) => unknown>, u)
      const r = codec.decode(u)
      if (q === MISS) {
        // gives up only where decode refuses, or on an absent field
        const absent = Object.keys(codec.props).some((k) => u[k] === undefined)
        assert.ok(E.isLeft(r) || absent)
        return
      }
      read++
      assert.ok(E.isRight(r))
      assert.ok(same(q, r.right))
    }),
    { seed: 21, numRuns: 4_000 },
  )
  assert.ok(read > 800, `only ${read} read`)
})

// -------------------------------------------------------------------------------------
// Item.decode against its general path
// -------------------------------------------------------------------------------------

/** `Item.decode`'s general path, as its doc says: unmarshall, then the codec's decode (`__proto__` keys under a stand-in name). */
const general = (codec: t.Mixed, av: AttributeMap, skip?: ReadonlySet<string>): E.Either<DE.DynamoError, unknown> => {
  const u = Item.unmarshall(av, skip)
  if (E.isLeft(u)) return u
  try {
    const r = codec.decode(Proto.hide(codec, u.right))
    return E.isRight(r)
      ? E.right(Proto.restore(codec, r.right))
      : E.left(DE.validationError(issuesOf(r.left).map((i) => ({ path: Proto.restorePath(i.path), message: i.message }))))
  } catch (e) {
    return E.left(DE.validationError([{ path: '', message: `the codec threw: ${thrown(e)}` }]))
  }
}

type Outcome = { readonly threw: string } | { readonly got: E.Either<DE.DynamoError, unknown> }
const outcome = (f: () => E.Either<DE.DynamoError, unknown>): Outcome => {
  try {
    return { got: f() }
  } catch (e) {
    return { threw: String(e) }
  }
}

/** The same outcome: the same exception, the same Left, or Rights of the same values with their keys in the same order. */
const assertSame = (a: Outcome, b: Outcome): void => {
  if ('threw' in a || 'threw' in b) return assert.equal(a, b)
  if (E.isLeft(a.got) || E.isLeft(b.got)) return assert.equal(a.got, b.got)
  assert.ok(same(a.got.right, b.got.right), 'the same values')
  const keys = (u: unknown) => (typeof u === 'object' && u !== null ? Object.keys(u) : [])
  assert.equal(keys(a.got.right), keys(b.got.right))
}

// a field whose parse throws on one value (the application's own code)
const touchy = fromParse<string, string>('touchy', (u) => (typeof u === 'string' ? undefined : 'expected a string'), (u) => {
  if (u === 'boom') throw new Error('boom')
  return typeof u === 'string' ? u : invalid('expected a string')
}, (s) => s)

const fieldKinds: ReadonlyArray<{ readonly codec: t.Mixed; readonly arb: fc.Arbitrary<unknown> }> = [
  ...fieldCases,
  { codec: t.string, arb: fc.string() },
  { codec: t.number, arb: fc.integer() },
  { codec: t.type({ x: t.string, n: t.number }), arb: fc.record({ x: fc.string(), n: fc.integer() }) },
  { codec: touchy, arb: fc.constantFrom('a', 'boom') },
]

/** Attribute values no codec wants, or that cannot be read at all. */
const hostileAv: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  { S: '\ud800' },
  { S: 'a\udc00b' },
  { N: '9007199254740993' },
  { N: '1e400' },
  { N: 'abc' },
  { N: '' },
  { S: 5 },
  { S: 'x', N: '1' },
  {},
  null,
  undefined,
  'x',
  { NULL: true },
  { BOOL: false },
  { SS: ['a', 'b'] },
  { NS: ['1', '1.0'] },
  { L: [{ S: 'a' }, {}] },
  { M: objectOf([['__proto__', { S: 'x' }]]) },
  { L: [{ M: objectOf([['__proto__', { M: {} }], ['a', { N: '1' }]]) }] },
  { M: { constructor: { S: 'c' }, toString: { N: '2' } } },
)

type Entries = ReadonlyArray<readonly [string, unknown]>

const attributeNames = ['a', 'b', 'c', 'd', 'constructor', 'toString', 'pk', 'x', 'hasOwnProperty']

// a `type` (mostly) of 1–5 fields of any kind, an item of their stored values (or wrong ones,
// or none) and other attributes in any order, and the attributes to skip
const itemCases = fc
  .tuple(
    fc.uniqueArray(fc.constantFrom(...attributeNames), { minLength: 1, maxLength: 5 }),
    fc.array(fc.integer({ min: 0, max: fieldKinds.length - 1 }), { minLength: 5, maxLength: 5 }),
    fc.nat(9),
  )
  .chain(([names, kinds, shape]) => {
    const fields = names.map((n, i) => [n, fieldKinds[kinds[i] as number] as (typeof fieldKinds)[number]] as const)
    const props = Object.fromEntries(fields.map(([n, k]) => [n, k.codec]))
    // mostly a `type` (the codecs read in one pass); sometimes what the general path alone reads
    const codec: t.Mixed = shape === 0 ? t.partial(props) : shape === 1 ? t.intersection([t.type(props), t.partial({ zz: t.string })]) : t.type(props)
    const stored = (k: (typeof fieldKinds)[number]): fc.Arbitrary<unknown> =>
      k.arb.map((v) => {
        const av = Item.marshallValue(k.codec.encode(v))
        return E.isRight(av) ? av.right : { NULL: true }
      })
    const fieldAv = fields.map(([n, k]) =>
      fc.oneof(
        { weight: 8, arbitrary: stored(k).map((av): Entries => [[n, av]]) },
        { weight: 1, arbitrary: fc.oneof(attributeValue(1), hostileAv).map((av): Entries => [[n, av]]) },
        { weight: 1, arbitrary: fc.constant<Entries>([]) },
      ),
    )
    const others = fc.array(fc.tuple(fc.constantFrom(...attributeNames.filter((n) => !names.includes(n))), fc.oneof({ weight: 4, arbitrary: attributeValue(2) }, { weight: 1, arbitrary: hostileAv })), { maxLength: 3 })
    const proto = fc.oneof({ weight: 9, arbitrary: fc.constant<Entries>([]) }, { weight: 1, arbitrary: fc.constantFrom<unknown>({ S: 'p' }, undefined, { M: {} }).map((av): Entries => [['__proto__', av]]) })
    const entries = fc.tuple(fc.tuple(...fieldAv), others, proto).chain(([fs, os, ps]) => {
      const all: Entries = [...fs.flat(), ...os, ...ps]
      const unique = all.filter(([k], i) => all.findIndex(([j]) => j === k) === i)
      return fc.shuffledSubarray(unique, { minLength: unique.length, maxLength: unique.length })
    })
    const skip = fc.option(fc.uniqueArray(fc.constantFrom(...attributeNames, '__proto__'), { maxLength: 3 }).map((ns) => new Set(ns)), { nil: undefined })
    return fc.tuple(fc.constant(codec), entries.map((es) => objectOf(es) as AttributeMap), skip)
  })

test('Item.decode gives what its general path gives: values, key order, errors and exceptions (6,000 cases)', () => {
  let rights = 0
  fc.assert(
    fc.property(itemCases, ([codec, av, skip]) => {
      const fast = outcome(() => Item.decode(codec, av, skip))
      assertSame(fast, outcome(() => general(codec, av, skip)))
      if ('got' in fast && E.isRight(fast.got)) rights++
    }),
    { seed: 31, numRuns: 6_000 },
  )
  assert.ok(rights > 1_500, `only ${rights} decoded`)
})

// -------------------------------------------------------------------------------------
// Model.decode of a model with computed attributes
// -------------------------------------------------------------------------------------

const Order = Model.make({
  table: 'orders',
  entity: 'order',
  codec: t.type({ customerId: t.string, orderId: t.string, createdAt: F.dateTime, status: t.string, total: F.int({ min: 0 }) }),
  hashKey: Model.key('pk', 'CUSTOMER#{customerId}'),
  rangeKey: Model.key('sk', 'ORDER#{createdAt}#{orderId}'),
})

const order = fc.record({
  customerId: fc.string({ minLength: 1, maxLength: 4 }).filter((s) => !s.includes('#')),
  orderId: fc.string({ minLength: 1, maxLength: 4 }).filter((s) => s > '#'),
  createdAt: fc.date({ min: new Date('2000-01-01T00:00:00.000Z'), max: new Date('2100-01-01T00:00:00.000Z'), noInvalidDate: true }),
  status: fc.constantFrom('open', 'paid'),
  total: fc.nat(1000),
})

// an order as stored (its composed keys and entity written by Model.encode), then changed or not
const stored = fc
  .tuple(
    order,
    fc.constantFrom('none', 'drop', 'wrong', 'extra', 'entity', 'proto', 'big', 'surrogate', 'offset'),
    fc.constantFrom('customerId', 'orderId', 'createdAt', 'status', 'total'),
    fc.oneof(attributeValue(2), hostileAv),
  )
  .map(([o, change, field, av]) => {
    // (the offset item: the instant of its createdAt's other text, so its keys agree with the field and its values are compared)
    const enc = Model.encode(Order, change === 'offset' ? { ...o, createdAt: new Date('2024-05-01T12:00:00.000Z') } : o)
    if (E.isLeft(enc)) throw new Error(enc.left._tag)
    const item: Record<string, unknown> = { ...enc.right.stored }
    if (change === 'drop') delete item[field]
    if (change === 'wrong') item[field] = av
    if (change === 'extra') item.note = av
    if (change === 'entity') item._et = { S: 'customer' }
    if (change === 'proto') Object.defineProperty(item, '__proto__', { value: av, enumerable: true, writable: true, configurable: true })
    if (change === 'big') item.total = { N: '9007199254740993' }
    if (change === 'surrogate') item.status = { S: 'x\ud800' }
    if (change === 'offset') item.createdAt = { S: '2024-05-01T14:00:00+02:00' }
    return item as AttributeMap
  })

/** The fields of an order its keys are composed of (and those the codec requires), without what else the item holds. */
const keyFieldsOf = (u: unknown): never => {
  const o = u as Record<string, unknown>
  return { customerId: o['customerId'], orderId: o['orderId'], createdAt: o['createdAt'], status: 'open', total: 0 } as never
}

test('Model.decode of an entity model gives what the general path gives with the computed attributes left out, and refuses another entity\'s item (3,000 cases)', () => {
  let rights = 0
  let offsets = 0
  let stale = 0
  fc.assert(
    fc.property(stored, (av) => {
      const fast = outcome(() => Model.decode(Order, av))
      // another entity's item is none of the model's, whatever its fields
      if (av['_et']?.S !== 'order') return assertSame(fast, { got: E.left(DE.validationError([{ path: '_et', message: 'not an item of order: its _et is "customer"' }])) })
      const whole = outcome(() => general(Order.codec, av, computedNames(Order)))
      // the keys a save of the decoded order writes: an item holding others (a key field changed) is reported at the first
      const keys = 'got' in whole && E.isRight(whole.got) ? Model.encode(Order, keyFieldsOf(whole.got.right)) : undefined
      const differs = keys === undefined ? undefined : E.isLeft(keys) ? 'pk|sk' : ['pk', 'sk'].find((k) => JSON.stringify(keys.right.stored[k]) !== JSON.stringify(av[k]))
      if (differs !== undefined) {
        stale++
        assert.ok('got' in fast && E.isLeft(fast.got) && fast.got.left._tag === 'ValidationError', 'a stale key is a ValidationError')
        const path = 'got' in fast && E.isLeft(fast.got) && fast.got.left._tag === 'ValidationError' ? fast.got.left.issues[0]?.path : undefined
        assert.ok(differs.split('|').includes(path as string), `at ${differs}, not ${path}`)
        return
      }
      assertSame(fast, whole)
      if ('got' in fast && E.isRight(fast.got)) {
        rights++
        if (av['createdAt']?.S === '2024-05-01T14:00:00+02:00') offsets++
        for (const k of ['pk', 'sk', '_et']) assert.not.ok(Object.hasOwn(fast.got.right as object, k))
      }
    }),
    { seed: 32, numRuns: 3_000 },
  )
  assert.ok(rights > 1_000, `only ${rights} decoded`)
  // the offset items decode, their values compared (the createdAt of the other text's instant)
  assert.ok(offsets > 200, `only ${offsets} offset items compared`)
  assert.ok(stale > 0 && stale < 600, `${stale} stale`)
})

test("the orders of a page are read without the codec's decode; a refused one through it, which says why", () => {
  const codec = t.type({ customerId: t.string, createdAt: F.dateTime, total: F.int({ min: 0 }) })
  let calls = 0
  const decode = codec.decode.bind(codec)
  codec.decode = (u) => {
    calls++
    return decode(u)
  }
  const ok = Item.decode(codec, { customerId: { S: 'c1' }, createdAt: { S: '2024-05-01T14:00:00+02:00' }, total: { N: '3' }, pk: { S: 'x' } })
  assert.equal(ok, E.right({ customerId: 'c1', createdAt: new Date('2024-05-01T12:00:00.000Z'), total: 3, pk: 'x' }))
  assert.is(calls, 0)
  const bad = Item.decode(codec, { customerId: { S: 'c1' }, createdAt: { S: '2024-02-30T00:00Z' }, total: { N: '-1' } })
  assert.is(calls, 1)
  if (E.isRight(bad) || bad.left._tag !== 'ValidationError') throw new Error('expected a ValidationError')
  assert.equal(
    bad.left.issues.map((i) => `${i.path}: ${i.message}`),
    [
      'createdAt: expected an ISO-8601 date-time with a time zone (2024-05-01T12:00:00.000Z), got "2024-02-30T00:00Z"',
      'total: expected an integer ≥ 0, got -1',
    ],
  )
})

test('Item.decode of a stored item whose parsed field reads before another fails: the codec reads the attributes as stored', () => {
  // a field whose parse refuses its own result: had the codec been given the partly read item, `n` would fail too
  const length = fromParse<number, string>('length', (u) => (typeof u === 'number' ? undefined : 'expected a number'), (u) => (typeof u === 'string' ? u.length : invalid('expected a string')), String)
  const codec = t.type({ n: length, s: t.string })
  const bad = Item.decode(codec, { n: { S: 'abc' }, s: { N: '1' } })
  if (E.isRight(bad) || bad.left._tag !== 'ValidationError') throw new Error('expected a ValidationError')
  assert.equal(bad.left.issues.map((i) => i.path), ['s'])
  assert.equal(Item.decode(codec, { n: { S: 'abc' }, s: { S: 'x' }, pk: { S: 'k' } }, new Set(['pk'])), E.right({ n: 3, s: 'x' }))
  assert.ok(codec.props.n instanceof FieldType)
})

test.run()
