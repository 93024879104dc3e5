/**
 * `fieldWrites` (lib/codec/asIs.ts) and the one-pass write of `Item.encode` built on them, which
 * checks, encodes and marshalls the items of a `type`, a `partial` or an intersection of them
 * field by field, without the codec's own `is` and `encode` over the whole item: `Item.encode`
 * gives exactly what its general path gives (the codec's `is`, else what `explain` finds; the
 * codec's `encode`; no key the item gave lost; `marshall` with DynamoDB's rules): the same
 * stored values with their keys in the same order, the same `lossy`, the same `ValidationError`s
 * and `ItemTooLarge`, over generated models and items, invalid and hostile ones included.
 */
import * as fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as t from 'io-ts'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as DE from '../../../lib/DynamoError.js'
import * as F from '../../../lib/codec/Field.js'
import * as Item from '../../../lib/codec/Item.js'
import * as Proto from '../../../lib/codec/proto.js'
import { fieldWrites } from '../../../lib/codec/asIs.js'
import { fromParse, invalid } from '../../../lib/codec/fieldType.js'
import { explain } from '../../../lib/codec/issues.js'
import { show, showElements, thrown } from '../../../lib/internal/show.js'
import { unreadableMessage } from '../../../lib/rules/path.js'
import { fieldCases, objectOf, same, storable } from '../../arb/fields.js'

/** `Item.encode`'s general path, as its doc says: the codec's `is` (else `explain`), its `encode`, no own key lost, then `marshall`. */
const general = (codec: t.Mixed, item: unknown, seen: Item.Marshalled): E.Either<DE.DynamoError, unknown> => {
  let encoded: unknown
  try {
    if (!codec.is(item)) {
      const issues = explain(codec, item)
      return E.left(DE.validationError(issues.length > 0 ? issues : [{ path: '', message: `expected ${codec.name}, got ${show(item)}` }]))
    }
    encoded = Proto.encode(codec, item)
    if (encoded !== item && typeof item === 'object' && item !== null && typeof encoded === 'object' && encoded !== null) {
      const lost = Object.keys(item).filter((k) => (item as Record<string, unknown>)[k] !== undefined && !Object.prototype.hasOwnProperty.call(encoded, k))
      if (lost.length > 0) {
        return E.left(DE.validationError(lost.map((k) => ({
          path: showElements([k]),
          message: k === '__proto__' ? `an own __proto__ key cannot be stored (${unreadableMessage})` : "the codec's encode leaves it out, so it would not be written (remove it, or add it to the codec)",
        }))))
      }
    }
  } catch (e) {
    return E.left(DE.validationError([{ path: '', message: `the codec threw (or a getter of the item): ${thrown(e)}` }]))
  }
  return Item.marshall(encoded, seen)
}

type Outcome = { readonly threw: string } | { readonly got: E.Either<DE.DynamoError, unknown>; readonly lossy: boolean }
const outcome = (f: (seen: Item.Marshalled) => E.Either<DE.DynamoError, unknown>): Outcome => {
  const seen = { lossy: false }
  try {
    return { got: f(seen), lossy: seen.lossy }
  } catch (e) {
    return { threw: String(e) }
  }
}

/** The same outcome: the same exception, the same Left, or Rights of the same attribute values with their keys in the same order, and the same `lossy`. */
const assertSame = (a: Outcome, b: Outcome): void => {
  if ('threw' in a || 'threw' in b) return assert.equal(a, b)
  if (E.isLeft(a.got) || E.isLeft(b.got)) return assert.equal(a.got, b.got)
  assert.ok(same(a.got.right, b.got.right), 'the same attribute values')
  assert.equal(Object.keys(a.got.right as object), Object.keys(b.got.right as object))
  assert.is(a.lossy, b.lossy, 'the same lossy')
}

// a field whose `is` throws on one value, and one whose `encode` does (the application's own code)
const touchy = fromParse<string, string>('touchy', (u) => {
  if (u === 'boom') throw new Error('boom')
  return typeof u === 'string' ? undefined : 'expected a string'
}, (u) => (typeof u === 'string' ? u : invalid('expected a string')), (s) => {
  if (s === 'bang') throw new Error('bang')
  return s.toUpperCase()
})

const fieldKinds: ReadonlyArray<{ readonly codec: t.Mixed; readonly arb: fc.Arbitrary<unknown> }> = [
  ...fieldCases,
  { codec: t.string, arb: fc.string() },
  { codec: t.number, arb: fc.integer() },
  { codec: t.boolean, arb: fc.boolean() },
  { codec: t.unknown, arb: storable },
  { codec: t.type({ x: t.string, n: t.number, at: F.dateTime }), arb: fc.record({ x: fc.string(), n: fc.integer(), at: fc.date({ noInvalidDate: true }) }) },
  { codec: t.type({ city: t.string, tags: F.list(t.string) }), arb: fc.record({ city: fc.string(), tags: fc.array(fc.string(), { maxLength: 3 }) }) },
  { codec: F.list(F.int()), arb: fc.array(fc.integer(), { maxLength: 3 }) },
  { codec: touchy, arb: fc.constantFrom('a', 'boom', 'bang') },
]

/** Values no field wants, or DynamoDB refuses: lone surrogates, NaN, empty sets, too many bytes, too deep, classes, … */
const hostile: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  undefined,
  null,
  '\ud800',
  'a\udc00b',
  '',
  NaN,
  Infinity,
  -0,
  1e-200,
  1.5,
  2n ** 200n,
  new Set(),
  new Set(['a', 1]),
  new Set(['\ud800']),
  new Set([1, NaN]),
  new Date(NaN),
  new Date(0),
  Buffer.from('ab'),
  new Map(),
  [1, undefined],
  { a: undefined },
  objectOf([['__proto__', 'p']]),
  { '': 1 },
  'x'.repeat(410_000),
  JSON.parse('['.repeat(40) + ']'.repeat(40)) as unknown,
  () => 1,
)

const attributeNames = ['a', 'b', 'c', 'd', 'constructor', 'toString', 'pk', 'x', 'hasOwnProperty', '\ud800', '']

type Entries = ReadonlyArray<readonly [string, unknown]>

// a model's codec (a `type`, a `partial`, an intersection of both, sometimes what the general
// path alone encodes) of fields of any kind, and an item: each field valid, hostile or absent,
// other keys in any order, sometimes an own `__proto__`, a throwing getter, or no plain object
const itemCases = fc
  .tuple(
    fc.uniqueArray(fc.constantFrom(...attributeNames.slice(0, 9)), { minLength: 1, maxLength: 6 }),
    fc.array(fc.integer({ min: 0, max: fieldKinds.length - 1 }), { minLength: 6, maxLength: 6 }),
    fc.nat(9),
    fc.nat(3),
  )
  .chain(([names, kinds, shape, split]) => {
    const fields = names.map((n, i) => [n, fieldKinds[kinds[i] as number] as (typeof fieldKinds)[number]] as const)
    const required = Object.fromEntries(fields.slice(0, split).map(([n, k]) => [n, k.codec]))
    const optional = Object.fromEntries(fields.slice(split).map(([n, k]) => [n, k.codec]))
    const codec: t.Mixed =
      shape === 0 ? t.partial({ ...required, ...optional })
      : shape === 1 ? t.type({ ...required, ...optional })
      : shape === 2 ? t.exact(t.type(required))
      : shape === 3 ? t.intersection([t.type(required), t.intersection([t.partial(optional), t.type({ v: F.int({ min: 1 }) })])])
      : t.intersection([t.type(required), t.partial(optional)])
    const fieldEntries = fields.map(([n, k]) =>
      fc.oneof(
        { weight: 20, arbitrary: k.arb.map((v): Entries => [[n, v]]) },
        { weight: 1, arbitrary: hostile.map((v): Entries => [[n, v]]) },
        // what stores as another value than it is (`lossy`): no attribute, 0, a Uint8Array
        { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, -0, Buffer.from('ab')).map((v): Entries => [[n, v]]) },
        { weight: 1, arbitrary: fc.constant<Entries>([]) },
      ),
    )
    const others = fc.array(fc.tuple(fc.constantFrom(...attributeNames.filter((n) => !names.includes(n)), 'v'), fc.oneof({ weight: 6, arbitrary: fc.oneof(fc.integer({ min: 1 }), storable) }, { weight: 1, arbitrary: hostile })), { maxLength: 3 })
    const proto = fc.oneof({ weight: 19, arbitrary: fc.constant<Entries>([]) }, { weight: 1, arbitrary: fc.constantFrom<unknown>('p', undefined, {}).map((v): Entries => [['__proto__', v]]) })
    const entries = fc.tuple(fc.tuple(...fieldEntries), others, proto).chain(([fs, os, ps]) => {
      const all: Entries = [...fs.flat(), ...os, ...ps]
      const unique = all.filter(([k], i) => all.findIndex(([j]) => j === k) === i)
      return fc.shuffledSubarray(unique, { minLength: unique.length, maxLength: unique.length })
    })
    const item = fc.tuple(entries, fc.nat(39)).map(([es, form]): unknown => {
      const o = objectOf(es)
      if (form === 0) return Object.defineProperty(o, 'g', { get: () => { throw new Error('getter') }, enumerable: true })
      if (form === 1) return Object.assign(Object.create({ inherited: 1 }) as object, o)
      if (form === 2) return Object.assign(Object.create(null) as object, o)
      if (form === 3) return [o]
      return o
    })
    return fc.tuple(fc.constant(codec), item)
  })

test('the models written field by field are the `type`s, `partial`s and intersections of identity and parsed fields', () => {
  assert.ok(fieldWrites(t.intersection([t.type({ a: t.string, at: F.dateTime }), t.partial({ n: F.bigint })])) !== null)
  assert.equal([...(fieldWrites(t.type({ a: F.dateTime, s: t.string }))?.fields.keys() ?? [])], ['a', 's'])
  assert.is(fieldWrites(t.type({ a: F.dateTime, s: t.string }))?.required, 2)
  assert.is(fieldWrites(t.partial({ a: F.dateTime }))?.required, 0)
  assert.is(fieldWrites(t.exact(t.type({ a: t.string }))), null)
  assert.is(fieldWrites(t.type({ m: F.map({ x: t.string }) })), null)
  assert.is(fieldWrites(t.type({ d: t.type({ at: F.dateTime }) })), null)
  assert.is(fieldWrites(t.intersection([t.type({ a: t.string }), t.partial({ a: t.string })])), null)
  assert.is(fieldWrites(t.type({})), null)
})

test('Item.encode gives what its general path gives: stored values, key order, lossy, errors (8,000 cases)', () => {
  let written = 0
  let refused = 0
  fc.assert(
    fc.property(itemCases, ([codec, item]) => {
      const fast = outcome((seen) => Item.encode(codec, item, seen))
      assertSame(fast, outcome((seen) => general(codec, item, seen)))
      if (fieldWrites(codec) !== null && 'got' in fast) {
        if (E.isRight(fast.got)) written++
        else refused++
      }
    }),
    { seed: 41, numRuns: 8_000 },
  )
  assert.ok(written > 1_500, `only ${written} written field by field`)
  assert.ok(refused > 1_000, `only ${refused} refused`)
})

test.run()
