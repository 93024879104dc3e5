import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as fc from 'fast-check'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { marshall, unmarshall, NumberValueImpl as NumberValue } from '@aws-sdk/util-dynamodb'
import * as F from '../../../lib/codec/Field.js'
import * as X from '../../../lib/codec/decimal.js'
import * as Item from '../../../lib/codec/Item.js'
import { ITEM_BYTES } from '../../../lib/rules/limits.js'
import * as Names from '../../../lib/rules/path.js'
import * as Size from '../../../lib/rules/size.js'
import type { DynamoError, Issue } from '../../../lib/DynamoError.js'
import { fieldCases, storable, storablePlain, objectOf, same } from '../../arb/fields.js'
import { right } from '../../harness/either.js'

const RUNS = 200
const params = (seed: number) => ({ seed, numRuns: RUNS })

const issues = (e: E.Either<DynamoError, unknown>): ReadonlyArray<Issue> => {
  if (E.isRight(e) || e.left._tag !== 'ValidationError') throw new Error(`expected a ValidationError, got ${JSON.stringify(e)}`)
  return e.left.issues
}

test('a NumberValue is read once and its value must be a string: one changed after it was made (its value is a plain property) or forged is a ValidationError, never an N that is no string, nor a number checked as one text and stored as another', () => {
  const changed = new NumberValue('1')
  ;(changed as { value: unknown }).value = 12
  let reads = 0
  const shifting = Object.create(NumberValue.prototype, { value: { enumerable: true, get: () => (reads++ === 0 ? '1' : 'abc') } }) as NumberValue
  const forged = (value: unknown): NumberValue => Object.create(NumberValue.prototype, { value: { value } }) as NumberValue
  const cases: ReadonlyArray<readonly [string, unknown, string]> = [
    ['a value changed to a number', changed, 'x'],
    ['a forged value of an object', forged({ toString: () => '5' }), 'x'],
    ['a forged value of a list', forged(['7']), 'x'],
    ['in a set', new Set([new NumberValue('2'), forged(3)]), 'x'],
  ]
  for (const [what, x, path] of cases) {
    const is = issues(Item.marshall({ x }))
    assert.is(is.length, 1, what)
    assert.is(is[0]?.path, path, what)
    assert.match(is[0]?.message ?? '', /NumberValue whose value is no string/, what)
  }
  // a getter answering otherwise when read again: what is checked is what is stored
  const r = Item.marshall({ x: shifting })
  assert.ok(E.isRight(r) ? r.right['x']?.N === '1' : issues(r).length === 1, JSON.stringify(r))
  reads = 0
  const s = Item.marshall({ x: new Set([shifting]) })
  assert.ok(E.isRight(s) ? s.right['x']?.NS?.[0] === '1' : issues(s).length === 1, JSON.stringify(s))
})

// -- round trips ------------------------------------------------------------------------

fieldCases.forEach((fcase, i) => {
  test(`decode(encode(x)) is x for ${fcase.name} (${RUNS} cases)`, () => {
    const codec = t.type({ pk: t.string, v: fcase.codec })
    fc.assert(
      fc.property(fc.string(), fcase.arb, (pk, v) => {
        const item = { pk, v }
        assert.ok(codec.is(item), `the arbitrary made a value the codec refuses: ${String(v)}`)
        const av = right(Item.encode(codec, item))
        assert.equal(right(Item.decode(codec, av)), item)
      }),
      params(1000 + i),
    )
  })
})

test(`decode(encode(x)) is x for every field at once, with optional fields left out (${RUNS} cases)`, () => {
  const props = Object.fromEntries(fieldCases.map((c, i) => [`f${i}`, c.codec]))
  const codec = t.intersection([t.type({ pk: t.string }), t.partial(props)])
  const arb = fc.record(Object.fromEntries(fieldCases.map((c, i) => [`f${i}`, c.arb])), { requiredKeys: [] })
  fc.assert(
    fc.property(fc.string(), arb, (pk, rest) => {
      const item = { pk, ...rest }
      const av = right(Item.encode(codec, item))
      assert.equal(Object.keys(av).sort(), Object.keys(item).sort())
      assert.equal(right(Item.decode(codec, av)), item)
    }),
    params(7),
  )
})

test(`any plain value round-trips through t.unknown, tricky keys as data at every depth (${RUNS} cases)`, () => {
  const codec = t.type({ pk: t.string, v: t.unknown })
  fc.assert(
    fc.property(storable, (v) => {
      const r = Item.encode(codec, { pk: 'k', v })
      if (E.isLeft(r)) return // deeper than 32 levels cannot happen at this size; sizes are small
      const back = right(Item.decode(codec, r.right))
      assert.ok(same(back, { pk: 'k', v }), JSON.stringify(back))
    }),
    params(8),
  )
})

test('encode agrees with util-dynamodb marshall on plain items (exact numbers aside)', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.string({ minLength: 1 }).filter((k) => k !== '__proto__'), storablePlain), { maxLength: 6 }), (entries) => {
      const item = objectOf(entries)
      const ours = right(Item.marshall(item))
      assert.ok(same(ours, marshall(item, { removeUndefinedValues: true, allowImpreciseNumbers: true })))
    }),
    params(9),
  )
})

// -- the prototype spec -------------------------------------------------------------------

const tricky = ['__proto__', 'constructor', 'prototype'] as const

test('decode: __proto__, constructor and prototype keys are plain data at every depth, no prototype changes', () => {
  for (const key of tricky) {
    for (let depth = 1; depth <= 5; depth++) {
      // build { m: { M: { key: { M: { key: ... { polluted: BOOL } } } } } } from JSON, as the SDK hands it over
      let inner = '{"M":{"polluted":{"BOOL":true},"n":{"N":"1"}}}'
      for (let d = 0; d < depth; d++) inner = `{"M":{${JSON.stringify(key)}:${inner}}}`
      const av = JSON.parse(`{"pk":{"S":"a"},"m":${inner}}`) as Item.AttributeMap
      const ours = right(Item.unmarshall(av))
      let o: any = ours['m']
      for (let d = 0; d < depth; d++) {
        assert.is(Object.getPrototypeOf(o), Object.prototype, `${key} at depth ${d}`)
        assert.equal(Object.keys(o), [key])
        assert.ok(Object.prototype.hasOwnProperty.call(o, key))
        assert.is((o as any).polluted, undefined, 'nothing reached the prototype')
        o = Object.getOwnPropertyDescriptor(o, key)?.value
      }
      assert.ok(same(o, { polluted: true, n: 1 }))
      assert.is(({} as any).polluted, undefined, 'Object.prototype is untouched')
      // and back: encode gives the same attributes
      assert.ok(same(right(Item.marshall(ours)), av))
    }
  }
})

test('unmarshall reads own attributes only: an inherited one, or one left out with skip, is absent', () => {
  const av = Object.assign(Object.create({ inherited: { S: 'no' } }) as Item.AttributeMap, { pk: { S: 'a' }, n: { N: '1' }, _et: { S: 'e' } })
  assert.equal(right(Item.unmarshall(av)), { pk: 'a', n: 1, _et: 'e' })
  assert.equal(right(Item.unmarshall(av, new Set(['_et', 'pk']))), { n: 1 })
})

test('util-dynamodb unmarshall does change a prototype (what the guard is for)', () => {
  const av = JSON.parse('{"m":{"M":{"__proto__":{"M":{"polluted":{"BOOL":true}}}}}}') as Item.AttributeMap
  const theirs = unmarshall(av) as any
  assert.is(Object.keys(theirs.m).length, 0)
  assert.is(theirs.m.polluted, true) // inherited: the key became the prototype
  const ours = right(Item.unmarshall(av)) as any
  assert.is(ours.m.polluted, undefined)
  assert.equal(Object.keys(ours.m), ['__proto__'])
})

test('a top-level attribute named __proto__ is refused both ways, with a clear message', () => {
  const item = objectOf([['pk', 'a'], ['__proto__', 'x']])
  const is = issues(Item.encode(t.unknown as t.Type<unknown>, item))
  assert.is(is.length, 1)
  assert.is(is[0]?.path, '__proto__')
  assert.match(is[0]?.message ?? '', /cannot be read back/)
  assert.match(Names.checkAttributeName('__proto__') ?? '', /__proto__/)
  assert.is(Names.checkAttributeName('constructor'), undefined)
  assert.is(Names.checkAttributeName('a\uD83D'), Names.loneSurrogate)
  // what the SDK gives back: the key without its value
  const lost = objectOf([['pk', { S: 'a' }], ['__proto__', undefined]]) as Item.AttributeMap
  assert.match(issues(Item.decode(t.unknown, lost))[0]?.message ?? '', /came back without its value/)
  // a whole __proto__ attribute (from a stream, or built by hand) is read as plain data
  const whole = JSON.parse('{"pk":{"S":"a"},"__proto__":{"S":"x"}}') as Item.AttributeMap
  const back = right(Item.unmarshall(whole))
  assert.is(Object.getPrototypeOf(back), Object.prototype)
  assert.is(Object.getOwnPropertyDescriptor(back, '__proto__')?.value, 'x')
})

// -- failure messages: every path ---------------------------------------------------------

const User = t.intersection([
  t.type({ email: F.email, name: F.string({ minLength: 1 }), address: F.map({ city: F.string({ minLength: 1 }), zip: F.int({ min: 0 }) }) }),
  t.partial({ tags: F.list(t.string), year: F.int({ min: 1900, max: 2018 }), at: F.dateTime, scores: F.numberSet }),
])

test('encode: a ValidationError lists every failing path and why', () => {
  const bad = { email: 'nope', name: '', address: { city: '', zip: -1 }, tags: ['a', 'b', 3], year: 1800, at: new Date(NaN) }
  const is = issues(Item.encode(User, bad as any))
  assert.equal(is.map((i) => i.path), ['email', 'name', 'address.city', 'address.zip', 'tags[2]', 'year', 'at'])
  assert.equal(is.map((i) => i.message), [
    'expected an e-mail address, got "nope"',
    'expected a string of at least 1 character, got ""',
    'expected a string of at least 1 character, got ""',
    'expected an integer ≥ 0, got -1',
    'expected string, got 3',
    'expected an integer ≥ 1900 and ≤ 2018, got 1800',
    'expected a Date, got an invalid Date',
  ])
})

test("encode: a codec's own reason is its message only when it is a string; else what the codec expected", () => {
  // a user's codec may give a `why` that answers null or a number: the message stays a string
  class Odd extends t.Type<string> {
    readonly why: (u: unknown) => unknown
    constructor(answer: unknown) {
      super('Odd', (u): u is string => typeof u === 'string' && u.startsWith('o'), (u, c) => (typeof u === 'string' && u.startsWith('o') ? t.success(u) : t.failure(u, c)), (a) => a)
      this.why = () => answer
    }
  }
  for (const [answer, message] of [[null, 'expected Odd, got "x"'], [undefined, 'expected Odd, got "x"'], [7, 'expected Odd, got "x"'], ['not odd', 'not odd']] as const) {
    assert.equal(issues(Item.encode(t.type({ v: new Odd(answer) }), { v: 'x' })), [{ path: 'v', message }])
  }
})

test('decode: a ValidationError lists every failing path and why (intersections and unions are not path elements)', () => {
  const av: Item.AttributeMap = {
    email: { S: 'a@b.c' },
    name: { N: '1' },
    address: { M: { city: { S: 'x' }, zip: { N: '9007199254740993' } } },
    tags: { L: [{ S: 'a' }, { BOOL: true }] },
    at: { S: 'yesterday' },
  }
  const is = issues(Item.decode(User, av))
  assert.equal(is.map((i) => i.path), ['name', 'address.zip', 'tags[1]', 'at'])
  assert.match(is[0]?.message ?? '', /expected a string of at least 1 character, got 1/)
  assert.match(is[1]?.message ?? '', /9007199254740993 .*would round to 9007199254740992.*Field\.bigint or Field\.decimal/)
  assert.is(is[2]?.message, 'expected string, got true')
  assert.match(is[3]?.message ?? '', /expected an ISO-8601 date-time/)
  const missing = issues(Item.decode(User, { email: { S: 'a@b.c' } }))
  assert.equal(missing.map((i) => i.path), ['name', 'address'])
})

// -- DynamoDB's item rules, before the network --------------------------------------------

const Any = t.UnknownRecord as unknown as t.Type<Record<string, unknown>>

test('rules: empty set, duplicate set members (numerically equal numbers count), empty names, with their paths', () => {
  const is = issues(Item.encode(Any, {
    pk: 'a',
    empty: new Set(),
    nested: { deeper: [{ s: new Set([]) }] },
    dupN: new Set([1n, new NumberValue('1.0')]),
    dupN2: new Set([new NumberValue('100'), new NumberValue('1E2')]),
    dupB: new Set([new Uint8Array([1, 2]), new Uint8Array([1, 2])]),
    m: { '': 1 },
    '': 'x',
  }))
  assert.equal(is.map((i) => i.path), ['empty', 'nested.deeper[0].s', 'dupN', 'dupN2', 'dupB', 'm.""', '""'])
  assert.match(is[0]?.message ?? '', /no empty set/)
  assert.match(is[2]?.message ?? '', /the number 1 twice/)
  assert.match(is[3]?.message ?? '', /the number 100 twice/)
  assert.match(is[4]?.message ?? '', /same 2 bytes twice/)
  assert.match(is[5]?.message ?? '', /must not be empty/)
})

test('rules: at most 32 levels (the item is level 1): 31 nested maps or lists pass, 32 do not', () => {
  const nest = (d: number, kind: 'M' | 'L', leaf: unknown): unknown => {
    let v = leaf
    for (let i = 0; i < d; i++) v = kind === 'M' ? { a: v } : [v]
    return v
  }
  for (const kind of ['M', 'L'] as const) {
    right(Item.encode(Any, { pk: 'a', x: nest(31, kind, 'leaf') }))
    right(Item.encode(Any, { pk: 'a', x: nest(30, kind, {}) }))
    const is = issues(Item.encode(Any, { pk: 'a', x: nest(32, kind, 'leaf') }))
    assert.is(is.length, 1)
    assert.match(is[0]?.message ?? '', /^a list or map nested deeper than 32 levels \(DynamoDB's; the item is level 1\)$/)
    assert.is(is[0]?.path, kind === 'M' ? 'x' + '.a'.repeat(31) : 'x' + '[0]'.repeat(31))
    issues(Item.encode(Any, { pk: 'a', x: nest(31, kind, []) }))
  }
})

test('rules: numbers beyond 38 digits or the magnitude range, NaN and Infinity are refused with their paths', () => {
  const is = issues(Item.encode(Any, {
    a: NaN,
    b: { c: Infinity },
    d: 1e-131,
    e: 1e126,
    f: 10n ** 38n + 1n,
    g: new NumberValue('1.00000000000000000000000000000000000001'),
    h: new Set([1, -Infinity]),
    ok: [1e-130, 9.99e125, 10n ** 125n, new NumberValue('-9.9999999999999999999999999999999999999E+125')],
  }))
  assert.equal(is.map((i) => i.path), ['a', 'b.c', 'd', 'e', 'f', 'g', 'h'])
})

test('rules: what cannot be stored says so', () => {
  const is = issues(Item.encode(Any, { a: new Date(0), b: new Map(), c: () => 1, d: [undefined], e: new Set([{}]), f: Symbol('x') }))
  assert.equal(is.map((i) => i.path), ['a', 'b', 'c', 'd[0]', 'e', 'f'])
  assert.match(is[0]?.message ?? '', /Field\.dateTime/)
  assert.match(is[1]?.message ?? '', /a Map/)
})

test('undefined fields are left out; null is stored as NULL', () => {
  assert.equal(right(Item.marshall({ a: undefined, b: null, c: { d: undefined } })), { b: { NULL: true }, c: { M: {} } })
})

// -- size -----------------------------------------------------------------------------

// sizes measured on DynamoDB Local 3.3.0 (spec/integration/Item.spec.ts checks the boundary)
const measured: ReadonlyArray<readonly [AttributeValue, number]> = [
  ...([
    ['0', 1], ['1', 2], ['9', 2], ['10', 2], ['99', 2], ['100', 2], ['101', 3], ['123', 3], ['1234', 3], ['12345', 4],
    ['0.1', 2], ['0.01', 2], ['0.001', 2], ['1.1', 3], ['1.01', 3], ['10.1', 3], ['0.12', 2], ['0.123', 3], ['1e10', 2],
    ['12345678901234567890123456789012345678', 20], ['1.2345678901234567890123456789012345678', 21], ['-1', 3], ['-12', 3],
    ['-123', 4], ['-1.5', 4], ['1e-130', 2], ['9.9999999999999999999999999999999999999E+125', 20], ['123e20', 3], ['123e21', 3],
    ['-12345678901234567890123456789012345678', 21], ['-1.2345678901234567890123456789012345678', 21], ['-0.1', 3], ['-100', 3],
    ['-1234567890123456789012345678901234567', 21], ['-12.345678901234567890123456789012345678', 21],
  ] as const).map(([n, s]) => [{ N: n }, s] as const),
  [{ S: '' }, 0], [{ S: 'ab' }, 2], [{ S: 'é' }, 2], [{ S: '😀' }, 4], [{ B: new Uint8Array(0) }, 0], [{ B: new Uint8Array(5) }, 5],
  [{ BOOL: true }, 1], [{ NULL: true }, 1], [{ L: [] }, 3], [{ M: {} }, 3], [{ L: [{ S: 'ab' }] }, 6], [{ L: [{ N: '1' }, { N: '1' }] }, 9],
  [{ M: { k: { S: 'ab' } } }, 7], [{ M: { kk: { M: {} } } }, 9], [{ SS: ['ab'] }, 2], [{ SS: ['ab', 'c'] }, 3], [{ SS: ['', 'c'] }, 1],
  [{ NS: ['1', '12345'] }, 6], [{ BS: [new Uint8Array(3), new Uint8Array(4)] }, 7],
]

test(`size: DynamoDB's rules, value by value as measured on DynamoDB Local (${measured.length} values)`, () => {
  for (const [av, expected] of measured) assert.is(Item.size({ x: av }), 1 + expected, JSON.stringify(av))
})

test('size: encode computes the same size as Item.size, and refuses 409,601 bytes as ItemTooLarge', () => {
  // (a value too large to be padded to the limit is skipped: the padded ones are counted)
  let padded = 0
  fc.assert(
    fc.property(storable, (v) => {
      const av = right(Item.marshall({ pk: 'k', v }))
      const s = Item.size(av)
      const pad = ITEM_BYTES - s - 1 // name 'p'
      if (pad < 0) return
      right(Item.marshall({ pk: 'k', v, p: 'x'.repeat(pad) }))
      const over = Item.marshall({ pk: 'k', v, p: 'x'.repeat(pad + 1) })
      assert.equal(over, E.left({ _tag: 'ItemTooLarge', size: ITEM_BYTES + 1, limit: ITEM_BYTES }))
      padded++
    }),
    { seed: 11, numRuns: 50 },
  )
  assert.ok(padded > 25, `${padded} of 50 values padded to the limit`)
})

// `marshall` adds each string at `UNIT_BYTES` a UTF-16 unit and each number at `NUMBER_BYTES`, and counts an item exactly only when that passes the limit
test('size: UNIT_BYTES and NUMBER_BYTES bound what utf8Length and numberSize count', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (s) => {
      assert.ok(Size.utf8Length(s) <= Size.UNIT_BYTES * s.length)
    }),
    params(13),
  )
  const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 40 })
  const numberString = fc
    .tuple(fc.constantFrom('', '-', '+'), digits, fc.option(digits), fc.option(fc.integer({ min: -140, max: 140 })))
    .map(([sign, int, frac, e]) => `${sign}${int}${frac === null ? '' : `.${frac}`}${e === null ? '' : `e${e}`}`)
  fc.assert(
    fc.property(numberString, (n) => {
      if (X.checkString(n) === undefined) assert.ok(Size.numberSize(n) <= Size.NUMBER_BYTES, n)
    }),
    params(14),
  )
  assert.is(Size.numberSize('-1.2345678901234567890123456789012345678'), Size.NUMBER_BYTES)
})

test("size: an item is refused as ItemTooLarge exactly when the size of its attributes, each marshalled alone, passes the limit (its strings' units and numbers counted at their most pass it first)", () => {
  const chars = fc.constantFrom('a', 'é', '€', '😀', '\u07ff', '\u0800')
  const big = fc
    .tuple(chars, chars, fc.integer({ min: ITEM_BYTES / 4 - 100, max: ITEM_BYTES + 100 }), fc.integer({ min: 0, max: 200 }))
    .map(([c, d, n, m]) => c.repeat(Math.floor(n / c.length)) + d.repeat(m))
  const numbers = fc.array(fc.oneof(fc.integer(), fc.double({ noNaN: true, min: 1e-120, max: 1e120 }), fc.constant(-1.2345678901234567), fc.constant(-0.0012345)), { maxLength: 40 })
  fc.assert(
    fc.property(big, fc.option(big), numbers, fc.integer({ min: -60, max: 60 }), (s, nested, ns, pad) => {
      const item: Record<string, unknown> = { pk: s, n: ns, p: 'x'.repeat(Math.max(0, pad)) }
      if (nested !== null) item.m = { inner: nested }
      const alone: Item.AttributeMap = {}
      for (const k of Object.keys(item)) alone[k] = right(Item.marshallValue(item[k]))
      const size = Item.size(alone)
      const got = Item.marshall(item)
      assert.equal(got, size > ITEM_BYTES ? E.left({ _tag: 'ItemTooLarge', size, limit: ITEM_BYTES }) : E.right(alone))
    }),
    params(15),
  )
})

test('utf8Length agrees with TextEncoder, lone surrogates included', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (s) => {
      assert.is(Size.utf8Length(s), new TextEncoder().encode(s).length)
    }),
    params(12),
  )
})

test('a lone surrogate is refused wherever a string goes (value, set member, map key, name); whole pairs pass', () => {
  // DynamoDB Local reads a lone surrogate as '?': 'x\uD808', 'x\uDC00' and 'x?' would be one key
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom('value', 'set', 'mapKey', 'name'), (s, where) => {
      const item =
        where === 'value' ? { a: s } : where === 'set' ? { a: new Set([s]) } : where === 'mapKey' ? { a: { [`k${s}`]: 1 } } : { [`n${s}`]: 1 }
      const r = Item.marshall(item)
      const wellFormed = s.isWellFormed()
      assert.is(E.isRight(r), wellFormed, JSON.stringify(s))
      if (E.isLeft(r) && !wellFormed) {
        assert.is(r.left._tag, 'ValidationError')
        if (r.left._tag === 'ValidationError') assert.is(r.left.issues[0]?.message, Names.loneSurrogate)
      }
    }),
    params(13),
  )
  assert.equal(right(Item.marshall({ a: '😀', b: new Set(['𐀀']) })), { a: { S: '😀' }, b: { SS: ['𐀀'] } })
})

// -- single values --------------------------------------------------------------------------

test('marshallValue / unmarshallValue: exact, safe, with the path in errors', () => {
  assert.equal(right(Item.marshallValue(2n ** 53n + 1n)), { N: '9007199254740993' })
  const back = right(Item.unmarshallValue({ N: '9007199254740993' }))
  assert.ok(back instanceof NumberValue)
  assert.is((back as NumberValue).value, '9007199254740993')
  assert.is(right(Item.unmarshallValue({ N: '12.5' })), 12.5)
  assert.equal(issues(Item.marshallValue(new Set(), 'tags')).map((i) => i.path), ['tags'])
})

test.run()

test('unmarshall: an attribute that is no AttributeValue is named in the error, after strings and numbers read', () => {
  const av = { pk: { S: 'a' }, n: { N: '1' }, bad: { X: 1 }, m: { M: { deep: { Y: 2 } } }, z: null } as unknown as Item.AttributeMap
  const r = Item.unmarshall(av)
  assert.ok(E.isLeft(r))
  const issues = E.isLeft(r) && r.left._tag === 'ValidationError' ? r.left.issues : []
  assert.equal(
    issues.map((i: Issue) => i.path),
    ['bad', 'm.deep', 'z'],
  )
  assert.equal(Item.unmarshall({ pk: { S: 'a' }, n: { N: '1.50' }, big: { N: '12345678901234567890' } }), E.right({ pk: 'a', n: 1.5, big: new NumberValue('12345678901234567890') }))
})
