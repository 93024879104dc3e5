/**
 * `quickRead` (lib/codec/asIs.ts), which lets `Item.decode` read a `type` of as-is and parsed
 * fields without io-ts's `decode`: wherever it gives a value, `codec.decode(u)` succeeds with
 * an equal value (the same object exactly when decode gives `u` back); it gives up (`MISS`)
 * on every value decode refuses, so every message still comes from decode.
 */
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as F from '../../../lib/codec/Field.js'
import * as Item from '../../../lib/codec/Item.js'
import { asIs, MISS, quickRead } from '../../../lib/codec/asIs.js'
import { FieldType, fromParse, invalid } from '../../../lib/codec/fieldType.js'
import { fieldCases, same } from '../../arb/fields.js'

const readable = fieldCases.filter((c) => asIs(c.codec) !== null || c.codec instanceof FieldType)
const junk = fc.constantFrom<unknown>(undefined, null, 'x', '2024-02-30T00:00Z', 1.5, -1, {}, [], true, new F.NumberValue('1e200'), new Date(NaN))

test('the readable fields are those of every kind but lists of maps and maps', () => {
  assert.equal(
    fieldCases.filter((c) => !readable.includes(c)).map((c) => c.name),
    ['list of maps', 'map'],
  )
  assert.is(quickRead(t.type({ a: F.dateTime, m: F.map({ x: t.string }) })), null)
  assert.is(quickRead(t.partial({ a: F.dateTime })), null)
  assert.is(quickRead(t.exact(t.type({ a: F.dateTime }))), null)
  assert.ok(quickRead(t.type({ a: F.dateTime, s: t.string })) !== null)
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
      fc.nat(9).map((n) => n === 0),
    ).map(([vs, extra, proto]) => {
      const o: Record<string, unknown> = {}
      vs.forEach((x, j) => {
        if (x !== null) o[`f${j}`] = x.v
      })
      if (extra !== null) o.extra = extra
      if (proto) Object.defineProperty(o, '__proto__', { value: { x: 1 }, enumerable: true, writable: true, configurable: true })
      return o
    })
    return fc.tuple(fc.constant(codec), value)
  })

test('quickRead gives what decode gives, or gives up where decode refuses (4,000 cases)', () => {
  let read = 0
  fc.assert(
    fc.property(cases, ([codec, u]) => {
      const q = (quickRead(codec) as (u: unknown) => unknown)(u)
      const r = codec.decode(u)
      if (q === MISS) {
        // gives up only where decode refuses, or on an absent field or an own __proto__
        const absent = Object.keys(codec.props).some((k) => u[k] === undefined)
        assert.ok(E.isLeft(r) || absent || Object.hasOwn(u, '__proto__'))
        return
      }
      read++
      assert.ok(E.isRight(r))
      assert.ok(same(q, r.right))
      assert.is(q === u, r.right === u)
    }),
    { seed: 21, numRuns: 4_000 },
  )
  assert.ok(read > 800, `only ${read} read`)
})

test('Item.decode through quickRead gives what the codec decodes, and decode’s messages when it fails', () => {
  const Order = t.type({ customerId: t.string, createdAt: F.dateTime, total: F.int({ min: 0 }) })
  const ok = Item.decode(Order, { customerId: { S: 'c1' }, createdAt: { S: '2024-05-01T14:00:00+02:00' }, total: { N: '3' }, pk: { S: 'x' } })
  assert.equal(ok, E.right({ customerId: 'c1', createdAt: new Date('2024-05-01T12:00:00.000Z'), total: 3, pk: 'x' }))
  const bad = Item.decode(Order, { customerId: { S: 'c1' }, createdAt: { S: '2024-02-30T00:00Z' }, total: { N: '-1' } })
  if (E.isRight(bad) || bad.left._tag !== 'ValidationError') throw new Error('expected a ValidationError')
  assert.equal(
    bad.left.issues.map((i) => `${i.path}: ${i.message}`),
    [
      'createdAt: expected an ISO-8601 date-time with a time zone (2024-05-01T12:00:00.000Z), got "2024-02-30T00:00Z"',
      'total: expected an integer ≥ 0, got -1',
    ],
  )
})

test('quickRead of an owned value writes the parsed fields into it, and gives what it gives a copy of', () => {
  fc.assert(
    fc.property(cases, ([codec, u]) => {
      const read = quickRead(codec) as (u: unknown, owned?: boolean) => unknown
      const q = read(u)
      const mine = Object.hasOwn(u, '__proto__') ? u : { ...u }
      const o = read(mine, true)
      if (q === MISS) return assert.is(o, MISS)
      assert.is(o, mine)
      assert.ok(same(o, q))
    }),
    { seed: 22, numRuns: 2_000 },
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
})

test.run()
