import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as fc from 'fast-check'
import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import * as F from '../../../lib/codec/Field.js'
import * as Item from '../../../lib/codec/Item.js'
import * as Shape from '../../../lib/codec/Shape.js'
import { UUID } from 'io-ts-types/lib/UUID.js'

const why = (codec: F.Field<any, any>, u: unknown) => codec.why(u)
const decodeMessage = (codec: t.Mixed, u: unknown): string | undefined => {
  const r = codec.decode(u)
  return E.isLeft(r) ? r.left[0]?.message : undefined
}

test('every failure says what was expected', () => {
  assert.is(why(F.string({ minLength: 1, maxLength: 3 }), ''), 'expected a string of at least 1 character, at most 3 characters, got ""')
  assert.is(why(F.string({ regex: /^a+$/ }), 'b'), 'expected a string matching /^a+$/, got "b"')
  assert.is(why(F.string(), 5), 'expected a string, got 5')
  assert.is(why(F.email, 'x'), 'expected an e-mail address, got "x"')
  assert.is(why(F.url, 'not a url'), 'expected an absolute URL, got "not a url"')
  assert.is(why(F.uuid, 'abc'), 'expected a UUID, got "abc"')
  assert.is(why(F.ipAddress, '256.1.1.1'), 'expected an IPv4 or IPv6 address, got "256.1.1.1"')
  assert.is(why(F.int({ min: 1900, max: 2018 }), 2019), 'expected an integer ≥ 1900 and ≤ 2018, got 2019')
  assert.is(why(F.int(), 1.5), 'expected an integer, got 1.5')
  assert.is(why(F.float(), NaN), 'expected a number, got NaN (DynamoDB stores no NaN or Infinity)')
  assert.is(why(F.boolean, 'true'), 'expected a boolean, got "true"')
  assert.is(why(F.dateTime, '2020-01-01'), 'expected a Date, got "2020-01-01"')
  assert.match(why(F.dateTime, new Date('+010000-01-01T00:00:00Z')) ?? '', /years 0000–9999/)
  assert.is(why(F.date, '2021-02-29'), 'expected a date as YYYY-MM-DD, got "2021-02-29"')
  assert.is(why(F.duration, 1.5), 'expected a duration in whole milliseconds (a safe integer), got 1.5')
  assert.is(why(F.bigint, 1), 'expected a bigint, got 1')
  assert.match(why(F.bigint, 10n ** 38n + 1n) ?? '', /39 significant digits/)
  assert.match(why(F.decimal, '1e126') ?? '', /largest magnitude/)
  assert.is(why(F.stringSet, new Set([1])), 'expected a set of strings: got 1')
  assert.is(why(F.binary, [1]), 'expected a Uint8Array, got [1]')
  assert.match(why(F.json, { a: () => 1 }) ?? '', /expected a JSON value/)
  assert.match(decodeMessage(F.dateTime, 'yesterday') ?? '', /expected an ISO-8601 date-time/)
  assert.match(decodeMessage(F.json, '{') ?? '', /expected JSON text/)
})

test('plain in-memory types (no brands): literals are values of the fields', () => {
  const User = t.type({ email: F.email, id: F.uuid, at: F.dateTime, tags: F.stringSet, bytes: F.binary })
  const u: t.TypeOf<typeof User> = { email: 'john@x', id: '3f2504e0-4f89-11d3-9a0c-0305e82c3301', at: new Date(0), tags: new Set(['a']), bytes: new Uint8Array(2) }
  assert.ok(User.is(u))
})

test('email, url, uuid, ipAddress, date: good and bad values', () => {
  for (const s of ['john@x', 'a.b+c@example.co.uk', "o'brien@x.io"]) assert.ok(F.email.is(s), s)
  for (const s of ['', 'a@', '@b', 'a b@c.d', 'a@-b.c']) assert.not.ok(F.email.is(s), s)
  for (const s of ['https://x.io/a?b=1#c', 'http://127.0.0.1:8080', 'mailto:a@b.c']) assert.ok(F.url.is(s), s)
  for (const s of ['x.io', '/a/b', 'http//x', 'https://x y']) assert.not.ok(F.url.is(s), s)
  for (const s of ['0.0.0.0', '255.255.255.255', '::', '::1', '2001:db8::8a2e:370:7334', '::ffff:192.168.1.1', '1:2:3:4:5:6:7:8']) assert.ok(F.ipAddress.is(s), s)
  for (const s of ['01.1.1.1', '1.1.1', '1:2:3:4:5:6:7:8:9', '1::2::3', 'g::1', '1.2.3.4.5', '::ffff:1.2.3']) assert.not.ok(F.ipAddress.is(s), s)
  for (const s of ['2024-02-29', '0000-01-01', '9999-12-31']) assert.ok(F.date.is(s), s)
  for (const s of ['2023-02-29', '2024-13-01', '2024-1-01', '2024-01-32']) assert.not.ok(F.date.is(s), s)
  fc.assert(fc.property(fc.ipV4(), (s) => F.ipAddress.is(s)), { seed: 31, numRuns: 200 })
  fc.assert(fc.property(fc.ipV6(), (s) => F.ipAddress.is(s)), { seed: 32, numRuns: 200 })
  fc.assert(fc.property(fc.uuid(), (s) => F.uuid.is(s)), { seed: 33, numRuns: 200 })
})

test("uuid accepts exactly what io-ts-types' UUID accepts (600 cases)", () => {
  const hex = fc.constantFrom(...'0123456789abcdefABCDEFgG-')
  const near = fc.tuple(fc.uuid(), fc.nat(36), hex, fc.boolean()).map(([u, i, c, upper]) => {
    const v = upper ? u.toUpperCase() : u
    return v.slice(0, i) + c + v.slice(i + 1)
  })
  const arb = fc.oneof(fc.uuid(), near, fc.string(), fc.uuid().map((u) => ` ${u}`), fc.uuid().map((u) => u.replace(/-/g, '')))
  fc.assert(fc.property(arb, (s) => F.uuid.is(s) === UUID.is(s)), { seed: 34, numRuns: 600 })
  assert.not.ok(F.uuid.is('6ba7b810-9dad-11d1-80b4-00c04fd430c8\n'))
  assert.ok(F.uuid.is('6BA7B810-9DAD-11D1-80B4-00C04FD430C8'))
})

test('dateTime: a fixed-width UTC string that sorts as the times do (300 cases)', () => {
  const arb = fc.date({ min: new Date('0000-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true })
  fc.assert(
    fc.property(arb, arb, (a, b) => {
      const sa = F.dateTime.encode(a)
      const sb = F.dateTime.encode(b)
      assert.is(sa.length, 24)
      assert.is(Math.sign(a.getTime() - b.getTime()), sa < sb ? -1 : sa > sb ? 1 : 0)
      assert.equal(F.dateTime.decode(sa), E.right(a))
    }),
    { seed: 34, numRuns: 300 },
  )
  assert.equal(F.dateTime.decode('2024-05-01T14:00:00+02:00'), E.right(new Date('2024-05-01T12:00:00.000Z')))
  assert.equal(F.dateTime.decode('2024-05-01T12:00:00.1234Z'), E.right(new Date('2024-05-01T12:00:00.123Z')))
  assert.ok(E.isLeft(F.dateTime.decode('2024-05-01T12:00:00.1234567890Z')))
  assert.ok(E.isLeft(F.dateTime.decode('2024-05-01T12:00:00')))
})

test('int holds safe integers only: 2^53 (exact, not safe) and beyond refused on encode (is) and decode alike, with or without bounds', () => {
  const beyond = 'expected an integer, got 9007199254740992, beyond Number.MAX_SAFE_INTEGER (9007199254740991): use Field.bigint or Field.decimal'
  assert.is(why(F.int(), 2 ** 53), beyond)
  assert.is(why(F.int(), -(2 ** 53)), beyond.replace('got 9', 'got -9'))
  assert.is(why(F.int(), 1e300), 'expected an integer, got 1e+300, beyond Number.MAX_SAFE_INTEGER (9007199254740991): use Field.bigint or Field.decimal')
  assert.not.ok(F.int().is(2 ** 53))
  assert.ok(F.int().is(Number.MAX_SAFE_INTEGER))
  assert.ok(F.int({ max: 2 ** 60 }).is(Number.MAX_SAFE_INTEGER))
  assert.is(why(F.int({ max: 2 ** 60 }), 2 ** 53), 'expected an integer ≤ 1152921504606847000, got 9007199254740992, beyond Number.MAX_SAFE_INTEGER (9007199254740991): use Field.bigint or Field.decimal')
  const codec = t.type({ id: t.string, n: F.int() })
  const read = Item.decode(codec, { id: { S: 'a' }, n: { N: '9007199254740992' } })
  assert.ok(E.isLeft(read) && read.left._tag === 'ValidationError' && read.left.issues[0]?.path === 'n')
  assert.ok(E.isLeft(Item.encode(codec, { id: 'a', n: 2 ** 53 })))
  assert.equal(Item.decode(codec, { id: { S: 'a' }, n: { N: '9007199254740991' } }), E.right({ id: 'a', n: Number.MAX_SAFE_INTEGER }))
  // float keeps every finite number a JS number holds exactly
  assert.ok(F.float().is(2 ** 53))
})

test('exact numbers: int and float refuse what would round; bigint and decimal read it', () => {
  const inexact = new F.NumberValue('9007199254740993')
  assert.match(why(F.int(), inexact) ?? '', /9007199254740993 \(it would round to 9007199254740992\): use Field\.bigint or Field\.decimal/)
  assert.match(why(F.float(), new F.NumberValue('0.1000000000000000055511151231257827')) ?? '', /would round to 0\.1\)/)
  assert.ok(E.isLeft(t.number.decode(inexact)))
  assert.equal(F.bigint.decode(inexact), E.right(2n ** 53n + 1n))
  assert.equal(F.bigint.decode(9e37), E.right(9n * 10n ** 37n))
  assert.ok(E.isLeft(F.bigint.decode(new F.NumberValue('1.5'))))
  // far outside DynamoDB's range: a validation error, not a RangeError from BigInt
  const decodeError = (u: unknown): string => {
    const d = F.bigint.decode(u)
    return E.isLeft(d) ? d.left.map((e) => e.message ?? '').join('; ') : 'decoded'
  }
  assert.match(decodeError(new F.NumberValue('1e999999999')), /expected an integer DynamoDB can store: .*largest magnitude/)
  assert.match(decodeError(new F.NumberValue('-1e-999999999')), /expected an integer DynamoDB can store: .*smallest magnitude/)
  assert.match(decodeError(new F.NumberValue('12abc')), /not a number/)
  assert.equal(F.decimal.decode(inexact), E.right('9007199254740993'))
  assert.equal(F.decimal.decode(1e21), E.right('1000000000000000000000'))
  assert.equal(F.decimal.decode(new F.NumberValue('12.50')), E.right('12.5'))
  assert.ok(F.decimal.encode('12.50') instanceof F.NumberValue)
})

test('a stored number no double holds is refused by float, never rounded, saying why; text no DynamoDB number is, a typed error naming that', () => {
  const codec = t.type({ id: t.string, x: F.float(), n: F.int() })
  const issues = (x: string, n = '1') => {
    const r = Item.decode(codec, { id: { S: 'a' }, x: { N: x }, n: { N: n } })
    return E.isLeft(r) && r.left._tag === 'ValidationError' ? r.left.issues.map((i) => `${i.path}: ${i.message}`) : ['decoded']
  }
  assert.equal(issues('0.50000000000000000001'), [
    'x: expected a number a JS number holds exactly, got 0.50000000000000000001 (it would round to 0.5): DynamoDB computes in exact decimal, so an update may store more digits than a double holds, and a float is read exactly, never rounded: use Field.bigint or Field.decimal',
  ])
  assert.equal(issues('9007199254740993'), ['x: expected a number a JS number holds exactly, got 9007199254740993 (it would round to 9007199254740992): DynamoDB computes in exact decimal, so an update may store more digits than a double holds, and a float is read exactly, never rounded: use Field.bigint or Field.decimal'])
  // what no DynamoDB number is (an answer not from DynamoDB): no field reads it, never Infinity or NaN
  assert.equal(issues('1e400'), ["x: expected a number DynamoDB stores: 1e400 is beyond DynamoDB's largest magnitude (9.99…E+125)"])
  assert.equal(issues('1', '-1e400'), ["n: expected a number DynamoDB stores: -1e400 is beyond DynamoDB's largest magnitude (9.99…E+125)"])
  assert.equal(issues('1e-400'), ["x: expected a number DynamoDB stores: 1e-400 is below DynamoDB's smallest magnitude (1E-130)"])
  for (const n of ['NaN', 'Infinity', '-Infinity', '0x10', ' 1']) assert.equal(issues(n), [`x: expected a number DynamoDB stores: ${JSON.stringify(n)} is not a number`], n)
})

test('list and map are inspectable io-ts shapes', () => {
  const l = F.list(t.string) as unknown as { _tag: string; type: t.Mixed }
  assert.is(l._tag, 'ReadonlyArrayType')
  assert.is(l.type, t.string)
  const m = F.map({ city: t.string }) as unknown as { _tag: string; type: { props: t.Props } }
  assert.is(m._tag, 'ExactType')
  assert.equal(Object.keys(m.type.props), ['city'])
  // unknown keys are dropped
  assert.equal(F.map({ a: t.number }).encode({ a: 1, b: 2 } as { a: number }), { a: 1 })
})

test('epochSeconds: a Date in memory, whole seconds since the epoch as N in DynamoDB', () => {
  const at = new Date('2030-01-01T00:00:00.000Z')
  assert.is(F.epochSeconds.encode(at), 1_893_456_000)
  assert.is(Shape.stored(F.epochSeconds), 'N')
  assert.equal(Item.encode(t.type({ id: t.string, exp: F.epochSeconds }), { id: 'a', exp: at }), E.right({ id: { S: 'a' }, exp: { N: '1893456000' } }))
  assert.equal(Item.decode(t.type({ id: t.string, exp: F.epochSeconds }), { id: { S: 'a' }, exp: { N: '1893456000' } }), E.right({ id: 'a', exp: at }))
  // fractional seconds are rounded down, toward the past: an item never outlives the time it was given
  assert.is(F.epochSeconds.encode(new Date('2030-01-01T00:00:00.999Z')), 1_893_456_000)
  assert.is(F.epochSeconds.encode(new Date('1969-12-31T23:59:59.500Z')), -1)
  assert.is(F.epochSeconds.encode(new Date(0)), 0)
  // a stored fraction is read to the millisecond
  assert.equal(F.epochSeconds.decode(-1), E.right(new Date(-1000)))
})

test('epochSeconds: a stored fraction of a second reads as the whole second before it, as a save of that time stores it', () => {
  assert.equal(F.epochSeconds.decode(1.5), E.right(new Date(1000)))
  assert.equal(F.epochSeconds.decode(-1.5), E.right(new Date(-2000)))
  assert.equal(F.epochSeconds.decode(1_893_456_000.999), E.right(new Date('2030-01-01T00:00:00.000Z')))
  const codec = t.type({ id: t.string, exp: F.epochSeconds })
  for (const n of ['1.5', '-1.5', '1893456000.25']) {
    const read = Item.decode(codec, { id: { S: 'a' }, exp: { N: n } })
    assert.ok(E.isRight(read), n)
    // written back, the same number of seconds as read: reads and writes agree
    assert.equal(Item.encode(codec, (read as E.Right<{ id: string; exp: Date }>).right), E.right({ id: { S: 'a' }, exp: { N: String(Math.floor(Number(n))) } }), n)
    assert.ok((read as E.Right<{ id: string; exp: Date }>).right.exp.getTime() % 1000 === 0, n)
  }
})

test('epochSeconds: an invalid Date or a value of another type is a ValidationError, never a throw', () => {
  assert.is(why(F.epochSeconds, new Date(NaN)), 'expected a Date, got an invalid Date')
  assert.is(why(F.epochSeconds, 1_893_456_000), 'expected a Date, got 1893456000')
  assert.is(why(F.epochSeconds, '2030-01-01'), 'expected a Date, got "2030-01-01"')
  const codec = t.type({ id: t.string, exp: F.epochSeconds })
  const bad = Item.encode(codec, { id: 'a', exp: new Date(NaN) })
  assert.ok(E.isLeft(bad) && bad.left._tag === 'ValidationError')
  assert.match(JSON.stringify(E.isLeft(bad) ? bad.left : null), /"path":"exp".*invalid Date/)
  for (const stored of [{ S: '1893456000' }, { N: '1e300' }, { N: '123456789012345678901234567890' }, { BOOL: true }]) {
    const r = Item.decode(codec, { id: { S: 'a' }, exp: stored })
    assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', JSON.stringify(stored))
  }
})

test('epochSeconds: decode(encode(d)) is d rounded down to its second, and the order of times is kept (500 cases)', () => {
  const codec = t.type({ id: t.string, exp: F.epochSeconds })
  const arb = fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true })
  fc.assert(
    fc.property(arb, arb, (a, b) => {
      const stored = Item.encode(codec, { id: 'k', exp: a })
      if (E.isLeft(stored)) return assert.unreachable(JSON.stringify(stored.left))
      const n = Number(stored.right['exp']?.N)
      assert.ok(Number.isSafeInteger(n))
      assert.ok(n * 1000 <= a.getTime() && a.getTime() < (n + 1) * 1000)
      assert.equal(Item.decode(codec, stored.right), E.right({ id: 'k', exp: new Date(n * 1000) }))
      // a whole second comes back as it was
      const whole = new Date(n * 1000)
      const again = Item.encode(codec, { id: 'k', exp: whole })
      assert.equal(E.isRight(again) ? Item.decode(codec, again.right) : again, E.right({ id: 'k', exp: whole }))
      if (a.getTime() <= b.getTime()) assert.ok(F.epochSeconds.encode(a) <= F.epochSeconds.encode(b))
    }),
    { seed: 61, numRuns: 500 },
  )
})

// Python's json writes any int exactly (PynamoDB's JSONAttribute: json.dumps): a number no JS
// number holds is refused on read, since a save would store the rounded one in its place
test('json refuses a number no JS number holds exactly, wherever it stands, and reads every other JSON as JSON.parse (500 cases each)', () => {
  assert.is(
    decodeMessage(F.json, '{"a": [1, null, "\\u00e9"], "big": 12345678901234567890}'),
    'expected JSON whose numbers a JS number holds exactly, got 12345678901234567890 (it would round to 12345678901234567000, and a save would store that)',
  )
  assert.equal(F.json.decode('{"n": "12345678901234567890", "k\\"9007199254740993": 1.0, "e": 1E+2, "f": 0.10}'), E.right({ n: '12345678901234567890', 'k"9007199254740993': 1, e: 100, f: 0.1 }))
  fc.assert(
    fc.property(fc.jsonValue(), fc.bigInt({ min: 2n ** 53n + 1n, max: 10n ** 40n }).filter((b) => BigInt(Number(b)) !== b), fc.boolean(), (j, big, negative) => {
      const text = JSON.stringify(j)
      assert.equal(F.json.decode(text), E.right(JSON.parse(text)))
      const n = `${negative ? '-' : ''}${big}`
      assert.match(decodeMessage(F.json, `{"x": [${text}, ${n}]}`) ?? '', `got ${n} (it would round to`)
    }),
    { seed: 52, numRuns: 500 },
  )
})

// PynamoDB's LegacyBooleanAttribute (and BooleanAttribute before 1.6) stores N 1 and 0, and reads BOOL too
test('legacyBoolean stores 1 and 0, reads them and BOOL; in a union after boolean, reads both and writes BOOL', () => {
  assert.is(F.legacyBoolean.encode(true), 1)
  assert.is(F.legacyBoolean.encode(false), 0)
  assert.equal([1, 0, true, false].map((u) => F.legacyBoolean.decode(u)), [E.right(true), E.right(false), E.right(true), E.right(false)])
  for (const bad of [2, -1, '1', null, new F.NumberValue('1.0000000000000000000001')]) assert.ok(E.isLeft(F.legacyBoolean.decode(bad)), String(bad))
  assert.is(decodeMessage(F.legacyBoolean, 2), 'expected 1, 0 or a boolean, got 2')
  assert.is(F.legacyBoolean.why(1), 'expected a boolean, got 1')
  assert.is((F.legacyBoolean as unknown as { storedAs: string }).storedAs, 'N')
  const either = t.union([F.boolean, F.legacyBoolean])
  assert.equal([1, 0, true].map((u) => either.decode(u)), [E.right(true), E.right(false), E.right(true)])
  assert.equal(Item.encode(t.type({ b: either }), { b: true }), E.right({ b: { BOOL: true } }))
  assert.equal(Item.decode(t.type({ b: either, l: F.legacyBoolean }), { b: { N: '1' }, l: { N: '0' } }), E.right({ b: true, l: false }))
})

test.run()
