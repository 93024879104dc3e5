/**
 * The as-is test of a codec (`lib/internal/asIs.ts`), which lets `Item.decode` skip io-ts's
 * `decode`: wherever it holds, `codec.decode(u)` succeeds and gives `u` itself back (checked
 * on generated values, valid and not, for every structural codec it knows and every field);
 * codecs that transform, that drop properties (`exact`) or that it does not know (unions, recursion,
 * `unknown`, literals) get none; and `Item.decode` gives what the
 * codec's own `decode` gives.
 */
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as F from '../../../lib/codec/Field.js'
import * as Item from '../../../lib/codec/Item.js'
import { asIs } from '../../../lib/codec/asIs.js'
import { fieldCases } from '../../arb/fields.js'

const RUNS = 400
const keys = ['a', 'b', 'c', 'd', 'pk', 'x', 'y', 'city', 'zip', 'v', 'r', 'u', 'arr', 'extra'] as const

/** Values of many kinds, so that a field is sometimes what its codec wants and often not. */
const pool: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 3 }),
  fc.constantFrom('x', 'ab', 'a@b.io', '2024-01-02'),
  fc.integer({ min: -3, max: 12 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.oneof(fc.string({ maxLength: 2 }), fc.integer()), { maxLength: 3 }),
  fc.constantFrom(new Set(['a', 'b']), new Set([1, 2]), new Set<unknown>(), new Set([Uint8Array.of(1)])),
  fc.record({ q: fc.oneof(fc.integer(), fc.string()) }, { requiredKeys: [] }),
  fc.array(fc.record({ q: fc.oneof(fc.integer(), fc.string()) }), { maxLength: 2 }),
  fc.record({ city: fc.oneof(fc.string(), fc.integer()), zip: fc.oneof(fc.string(), fc.integer()), extra: fc.string() }, { requiredKeys: [] }),
)

const objects: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.record(Object.fromEntries(keys.map((k) => [k, pool])), { requiredKeys: [] }) },
  { weight: 1, arbitrary: fc.anything() },
)

/** Codecs, each with an arbitrary of values it takes as they are (mixed with `objects`). */
const structural: ReadonlyArray<readonly [string, t.Mixed, fc.Arbitrary<unknown>?]> = [
  ['type of string, number, boolean', t.type({ a: t.string, b: t.number, c: t.boolean }), fc.record({ a: fc.string(), b: fc.double(), c: fc.boolean() })],
  ['partial of int and list', t.partial({ a: F.int({ min: 0, max: 10 }), b: F.list(t.string) })],
  [
    'intersection with sets',
    t.intersection([t.type({ pk: t.string }), t.partial({ x: F.stringSet, y: F.numberSet })]),
    fc.record({ pk: fc.string(), x: fc.constantFrom(new Set(['a', 'b']), new Set(['é'])), y: fc.constant(new Set([1, 2])) }, { requiredKeys: ['pk'] }),
  ],
  ['readonly', t.readonly(t.type({ a: t.string }))],
  ['refinement', t.type({ r: t.refinement(t.number, (n) => n > 0) })],
  ['array of types', t.type({ arr: t.array(t.type({ q: t.number })) })],
  ['email, uuid, boolean, date fields', t.partial({ a: F.email, b: F.uuid, c: F.boolean, d: F.date })],
]

for (const [name, codec, valid] of structural) {
  const values = valid === undefined ? objects : fc.oneof(objects, valid)
  test(`as is only where decode gives the value itself back: ${name} (${RUNS} cases)`, () => {
    const check = asIs(codec)
    if (check === null) throw new Error(`${name}: no as-is test`)
    let held = 0
    fc.assert(
      fc.property(values, (u) => {
        if (!check(u)) return true
        held++
        const r = codec.decode(u)
        return E.isRight(r) && r.right === u
      }),
      { seed: 7, numRuns: RUNS },
    )
    // not vacuous: valid values do take the fast path
    assert.ok(held > 0, `${name}: the test never held`)
  })
}

test('every field: the as-is ones get a test that agrees with decode; the transforming ones, exact, unions, unknown and recursion get none', () => {
  for (const fcase of fieldCases) {
    const codec = t.type({ v: fcase.codec })
    const check = asIs(codec)
    const none = ['dateTime', 'epochSeconds', 'json', 'bigint', 'decimal', 'map', 'list of maps'].some((n) => fcase.name.startsWith(n))
    assert.is(check === null, none, fcase.name)
    if (check === null) continue
    fc.assert(
      fc.property(fcase.arb, (v) => check({ v }) && E.isRight(codec.decode({ v }))),
      { seed: 11, numRuns: 100 },
    )
  }
  assert.is(asIs(t.type({ a: t.union([t.string, t.number]) })), null)
  assert.is(asIs(t.type({ a: F.dateTime })), null)
  type Tree = { readonly kids: ReadonlyArray<Tree> }
  const Tree: t.Type<Tree> = t.recursion('Tree', () => t.type({ kids: t.readonlyArray(Tree) }))
  assert.is(asIs(Tree), null)
  assert.is(asIs(t.exact(t.union([t.type({ a: t.string }), t.type({ b: t.string })]) as never) as unknown as t.Mixed), null)
  assert.is(asIs(t.type({ a: t.unknown })), null)
  assert.is(asIs(t.type({ a: t.literal('x') })), null)
  for (const [name, codec] of noTest) assert.is(asIs(codec), null, name)
})

/** Codecs without an as-is test (`exact` drops what its `is` takes; `type` copies to set an absent `unknown`), for `Item.decode` all the same. */
const noTest: ReadonlyArray<readonly [string, t.Mixed]> = [
  ['Field.map (exact, with optional fields)', t.type({ a: F.map({ city: t.string }, { zip: t.string }) })],
  ['exact at the top', t.exact(t.partial({ a: t.string, pk: t.string }))],
  ['strict', t.strict({ a: t.string })],
  ['exact inside an array', t.partial({ arr: t.readonlyArray(t.exact(t.type({ q: t.number }))) })],
  ['unknown inside a type', t.type({ u: t.unknown, a: t.string })],
  ['a union', t.partial({ a: t.union([t.string, t.number]), b: t.string })],
]

test('Item.decode gives what the codec decodes, for stored items valid and not', () => {
  for (const [name, codec, valid] of [...structural, ...noTest]) {
    // (the codec's own valid values among the objects: few objects are valid for a codec of
    // required fields, and many cannot be stored; these are skipped, the others counted)
    const compared = { valid: 0, invalid: 0 }
    fc.assert(
      fc.property(valid === undefined ? objects : fc.oneof(objects, valid), (u) => {
        const stored = Item.marshall(u)
        if (E.isLeft(stored)) return true
        const native = Item.unmarshall(stored.right)
        if (E.isLeft(native)) return true
        const viaCodec = codec.decode(native.right)
        const got = Item.decode(codec, stored.right)
        assert.is(got._tag, viaCodec._tag, name)
        if (E.isRight(got) && E.isRight(viaCodec)) assert.equal(got.right, viaCodec.right, name)
        compared[E.isRight(viaCodec) ? 'valid' : 'invalid']++
        return true
      }),
      { seed: 13, numRuns: 200 },
    )
    assert.ok(compared.valid > 0 && compared.invalid > 0, `${name}: stored items compared, of 200 objects: ${JSON.stringify(compared)}`)
  }
})

test.run()
