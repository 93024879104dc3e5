/**
 * A key named `__proto__` through every codec shape: io-ts builds the objects it returns by
 * assignment, which makes such a key the new object's prototype (or drops it). DynamoDB stores
 * a nested one, and the SDK reads it back (spec/integration/Item.spec.ts), so encode then
 * decode must give the item back, key included, and never change a prototype.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as fc from 'fast-check'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import { DateFromISOString } from 'io-ts-types'
import * as F from '../../../lib/codec/Field.js'
import * as Item from '../../../lib/codec/Item.js'
import * as Model from '../../../lib/model/Model.js'
import * as U from '../../../lib/ast/Update.js'
import * as Expression from '../../../lib/compile/Expression.js'
import { same } from '../../arb/fields.js'
import { right } from '../../harness/either.js'

/** An object with an own `__proto__` key holding `v`, then the other entries. */
const withProto = (v: unknown, rest: Record<string, unknown> = {}): Record<string, unknown> => {
  const o: Record<string, unknown> = {}
  Object.defineProperty(o, '__proto__', { value: v, enumerable: true, writable: true, configurable: true })
  for (const [k, x] of Object.entries(rest)) o[k] = x
  return o
}

const d = new Date('2020-01-01T00:00:00.000Z')
const Inner = t.intersection([t.type({ a: t.string }), t.partial({ d: F.dateTime })])

/** Codec shapes io-ts copies (and one it does not), each with an item holding a nested `__proto__` key. */
const shapes: ReadonlyArray<readonly [string, t.Mixed, Record<string, unknown>]> = [
  ['type without a transform', t.type({ id: t.string, m: t.UnknownRecord }), { id: 'k', m: withProto({ z: 1 }, { a: 'q' }) }],
  ['type with a transform', t.type({ id: t.string, d: F.dateTime, m: t.UnknownRecord }), { id: 'k', d, m: withProto({ z: 1 }, { a: 'q' }) }],
  ['intersection with a transforming part', t.intersection([t.type({ id: t.string, m: t.UnknownRecord }), t.partial({ d: DateFromISOString })]), { id: 'k', d, m: withProto('x') }],
  ['nested type with a transform', t.type({ id: t.string, m: t.type({ d: F.dateTime }) }), { id: 'k', m: withProto({ z: 1 }, { d }) }],
  ['nested intersection', t.type({ id: t.string, m: Inner }), { id: 'k', m: withProto('w', { a: 'q', d }) }],
  ['record of dates', t.type({ id: t.string, m: t.record(t.string, F.dateTime) }), { id: 'k', m: withProto(d, { other: d }) }],
  ['list of nested types', t.type({ id: t.string, l: F.list(t.type({ d: F.dateTime })) }), { id: 'k', l: [withProto(1, { d }), { d }] }],
  ['tuple and union', t.type({ id: t.string, u: t.union([t.tuple([t.type({ d: F.dateTime })]), t.string]) }), { id: 'k', u: [withProto(null, { d })] }],
  ['readonly and refinement', t.type({ id: t.string, r: t.readonly(t.refinement(t.type({ d: F.dateTime }), () => true)) }), { id: 'k', r: withProto(true, { d }) }],
  ['Field.json (opaque: the codec sees the key itself)', t.type({ id: t.string, d: F.dateTime, j: F.json }), { id: 'k', d, j: withProto({ y: [1] }) }],
]

const prototypesPlain = (u: unknown): boolean => {
  if (typeof u !== 'object' || u === null || u instanceof Date) return true
  if (Array.isArray(u)) return u.every(prototypesPlain)
  return Object.getPrototypeOf(u) === Object.prototype && Object.keys(u).every((k) => prototypesPlain(Object.getOwnPropertyDescriptor(u, k)?.value))
}

for (const [name, codec, item] of shapes) {
  test(`a nested __proto__ key round-trips through encode and decode: ${name}`, () => {
    const stored = right(Item.encode(codec, item))
    const back = right(Item.decode(codec, stored))
    assert.ok(same(back, item), `${JSON.stringify(stored)} read back as ${JSON.stringify(back)}`)
    assert.ok(prototypesPlain(back), 'no prototype was changed')
  })
}

test('a union with a member that sees the value itself (Field.json): the __proto__ key reaches it as it is, never the stand-in name', () => {
  const codec = t.type({ id: t.string, data: t.union([t.type({ kind: t.literal('a') }), F.json]) })
  const item = { id: 'x', data: withProto({ x: 1 }) } as t.TypeOf<typeof codec>
  const stored = right(Item.encode(codec, item))
  assert.equal(stored['data'], { S: '{"__proto__":{"x":1}}' })
  const back = right(Item.decode(codec, stored))
  assert.ok(same(back, item), JSON.stringify(back))
})

test('a stored attribute named __proto__ is kept as an own attribute by Model.decode, whatever the codec shape (an intersection with a transforming part dropped it)', () => {
  const codecs = [
    t.type({ id: t.string }),
    t.type({ id: t.string, d: F.dateTime }),
    t.intersection([t.type({ id: t.string }), t.partial({ d: DateFromISOString })]),
    t.intersection([t.type({ id: t.string }), t.partial({ d: F.dateTime, n: t.number })]),
  ]
  for (const codec of codecs) {
    const M = Model.make({ table: 'protos', hashKey: 'id', codec: codec as t.Type<{ id: string }, unknown, unknown> })
    const stored = withProto({ S: 'kept' }, { id: { S: 'k' }, d: { S: d.toISOString() } }) as Item.AttributeMap
    const read = right(Model.decode(M, stored)) as Record<string, unknown>
    assert.is(Object.getOwnPropertyDescriptor(read, '__proto__')?.value, 'kept', codec.name)
    assert.is(Object.getPrototypeOf(read), Object.prototype, codec.name)
  }
})

test('a value under a __proto__ key that fails its codec is named by that path (not the stand-in name)', () => {
  const codec = t.type({ id: t.string, m: t.record(t.string, F.dateTime) })
  const r = Item.decode(codec, { id: { S: 'k' }, m: { M: withProto({ S: 'not a date' }) as never } })
  assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', JSON.stringify(r))
  if (E.isLeft(r) && r.left._tag === 'ValidationError') assert.equal(r.left.issues.map((i) => i.path), ['m.__proto__'])
})

test("an update's value keeps its __proto__ key (U.set of a record of dates)", () => {
  const M = Model.make({ table: 'protos', hashKey: 'id', codec: t.type({ id: t.string, m: t.record(t.string, F.dateTime) }) })
  const c = right(Expression.update([U.set(M.attrs.m, withProto(d, { other: d }) as Record<string, Date>)]))
  const M_ = (c.values[':v0'] as { M: Record<string, unknown> }).M
  assert.equal(Object.getOwnPropertyDescriptor(M_, '__proto__')?.value, { S: d.toISOString() })
  assert.equal(Object.keys(M_), ['__proto__', 'other'])
})

test('property: a record of dates and nested types with keys drawn among __proto__, constructor, toString and any text round-trips', () => {
  const codec = t.type({ id: t.string, m: t.record(t.string, t.type({ d: F.dateTime, n: t.number })) })
  const key = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'toString', 'prototype'), fc.string({ minLength: 1, maxLength: 4 }))
  const value = fc.record({ d: fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }), n: fc.integer() }, { noNullPrototype: true })
  fc.assert(
    fc.property(fc.uniqueArray(fc.tuple(key, value), { selector: ([k]) => k, maxLength: 6 }), (entries) => {
      const m: Record<string, unknown> = {}
      for (const [k, v] of entries) Object.defineProperty(m, k, { value: v, enumerable: true, writable: true, configurable: true })
      const item = { id: 'k', m: m as Record<string, { d: Date; n: number }> }
      const back = right(Item.decode(codec, right(Item.encode(codec, item))))
      return same(back, item) && prototypesPlain(back)
    }),
    { seed: 4242, numRuns: 500 },
  )
})

test('restore renames only where hide hid: a stored key "\\u0000__proto__" stays itself, under an opaque codec and beside a __proto__ key in a record', () => {
  const codec = t.type({ id: t.string, dict: t.record(t.string, F.dateTime), blob: t.unknown })
  const item = { id: 'k', dict: withProto(d, { ['\u0000__proto__']: d, ['\u0000\u0000__proto__']: d, x: d }), blob: { ['\u0000__proto__']: 'z' } }
  const stored = right(Item.encode(codec, item as t.TypeOf<typeof codec>))
  assert.equal(Object.keys(stored['dict']?.M ?? {}).sort(), ['\u0000\u0000__proto__', '\u0000__proto__', '__proto__', 'x'])
  const back = right(Item.decode(codec, stored)) as typeof item
  assert.equal(Object.keys(back.blob), ['\u0000__proto__'])
  assert.equal(Object.keys(back.dict).sort(), ['\u0000\u0000__proto__', '\u0000__proto__', '__proto__', 'x'])
  assert.ok(prototypesPlain(back))
})

test("what a save returns for a field that stores less (a record of epochSeconds) keeps a __proto__ key a key: the model's read back", () => {
  const M = Model.make({ table: 'protos', hashKey: 'id', codec: t.type({ id: t.string, at: t.record(t.string, F.epochSeconds) }) })
  const given = { id: 'k', at: withProto(new Date(7500), { x: new Date(5250) }) } as Model.InputOf<typeof M>
  const saved = right(Model.encode(M, given)).item
  assert.ok(prototypesPlain(saved))
  assert.ok(Object.hasOwn(saved.at, '__proto__'))
  assert.equal(saved.at['__proto__'], new Date(7000))
  assert.equal(saved, right(Model.decode(M, right(Model.encode(M, given)).stored)))
})

test.run()
