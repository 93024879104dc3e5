/**
 * Cursors (lib/run/Cursor.ts): what goes in comes out; a cursor is URL-safe and opaque with a
 * key; and a property: 1,000 mutated cursors, with and without a key, are each refused with a
 * `ValidationError` (by `Cursor.decode`, and by `Dynamo.page` before any request), or (a
 * mutation that changes nothing) read as the original: the same positions, and `Dynamo.page`
 * sends the same requests (the same `ExclusiveStartKey`s) and gives the same page.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import fc from 'fast-check'
import { createHash } from 'node:crypto'
import { isDeepStrictEqual } from 'node:util'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import * as E from 'fp-ts/lib/Either.js'
import type * as O from 'fp-ts/lib/Option.js'
import * as t from 'io-ts'
import { ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import * as C from '../../../lib/ast/Condition.js'
import type * as DE from '../../../lib/DynamoError.js'
import * as Model from '../../../lib/model/Model.js'
import * as Plan from '../../../lib/plan/Plan.js'
import * as Cursor from '../../../lib/run/Cursor.js'
import * as Limits from '../../../lib/rules/limits.js'
import * as Dynamo from '../../../lib/run/Dynamo.js'
import * as Env from '../../../lib/run/Env.js'
import * as Pages from '../../../lib/run/pages.js'
import { right } from '../../harness/either.js'

const key = new Uint8Array(32).map((_, i) => i * 7 + 1)
const otherKey = new Uint8Array(32).map((_, i) => i * 5 + 3)
const expected: Cursor.Expected = { identity: 'Query|users|byName|#k0 = :v0|{":v0":{"S":"John"}}', keyNames: ['email', 'name'], segments: 2 }
const positions: Cursor.Positions = [
  { _tag: 'Some', value: { _tag: 'After', key: { email: { S: 'john.secret@example.com' }, name: { S: 'John' } } } },
  { _tag: 'None' },
]

test('positions come back as they went in, with and without a key; the same positions give the same cursor', () => {
  for (const k of [undefined, key]) {
    const c = right(Cursor.encode(positions, expected.identity, k))
    assert.match(c, /^[A-Za-z0-9_-]+$/)
    assert.equal(right(Cursor.decode(c, expected, k)), positions)
    assert.is(right(Cursor.encode(positions, expected.identity, k)), c)
  }
  const bin: Cursor.Positions = [{ _tag: 'Some', value: { _tag: 'After', key: { email: { B: new Uint8Array([0, 255, 7]) }, name: { N: '-1.5E3' } } } }, { _tag: 'Some', value: { _tag: 'Start' } }]
  assert.equal(right(Cursor.decode(right(Cursor.encode(bin, expected.identity, key)), expected, key)), bin)
})

/** A plain cursor of `payload` for `expected`'s identity, its checksum right (what a client without cursorKey can write). */
const plainOf = (payload: string): string => {
  let body = Buffer.concat([Buffer.of(3), Buffer.from(payload, 'utf8')])
  while (body.length % 3 !== 0) body = Buffer.concat([body, Buffer.from(' ')])
  const identity = expected.identity
  const head = `dynamongo cursor 3\n${Buffer.byteLength(identity, 'utf8')}\n${identity}`
  return body.toString('base64url') + createHash('sha256').update(head).update(body.subarray(1)).digest('base64url')
}

test("a trail's power is a power of 2 exactly: whole numbers just past a large one (2^50 + 1, 2^52 + 1, whose Math.log2 rounds to a whole number), 2^53 and a fraction are refused", () => {
  const john = '"email","S","j","name","S","J"'
  assert.ok(E.isRight(Cursor.decode(plainOf(`[["T",${2 ** 52},0,${john},${john}],null]`), expected, undefined)))
  for (const power of [`${2 ** 50 + 1}`, `${2 ** 52 + 1}`, `${2 ** 53}`, '0.5', '3']) {
    const r = Cursor.decode(plainOf(`[["T",${power},0,${john},${john}],null]`), expected, undefined)
    assert.ok(E.isLeft(r) && /power is not a power of 2/.test(JSON.stringify(r.left)), `${power}: ${JSON.stringify(r)}`)
  }
})

test("a key attribute's name that is a list nested deep (20,000 lists), in a position's key or a trail's kept key: a ValidationError naming the cursor (the name is not written out: String of it overflows the stack)", () => {
  const john = '"email","S","j","name","S","J"'
  for (const at of ['["A",', `["T",4,1,${john},`]) {
    const deep = `[${at}${'['.repeat(20_000)}${']'.repeat(20_000)},"S","j","name","S","J"],null]`
    let r: E.Either<DE.DynamoError, Cursor.Positions> | undefined
    try {
      r = Cursor.decode(plainOf(deep), expected, undefined)
    } catch (e) {
      assert.unreachable(`${at}: decode threw ${String(e)}`)
    }
    assert.ok(r !== undefined && E.isLeft(r) && r.left._tag === 'ValidationError' && r.left.issues[0]?.path === 'cursor', JSON.stringify(r).slice(0, 300))
    assert.match(JSON.stringify(r), /name is a list or an object, not a string/)
  }
})

test("a position's trail (answer.Trail: the key kept, the power, the steps) comes back as it went in, with and without a key; a trail of another form, or whose kept key is none of this read, is refused", () => {
  const kept = { email: { S: 'ann@example.com' }, name: { S: 'Ann' } }
  const trailed: Cursor.Positions = [
    { _tag: 'Some', value: { _tag: 'After', key: { email: { S: 'john@example.com' }, name: { S: 'John' } }, trail: { kept, power: 4, steps: 3 } } },
    { _tag: 'Some', value: { _tag: 'After', key: { email: { S: 'x' }, name: { N: '1' } }, trail: { kept: { email: { B: new Uint8Array([1]) }, name: { S: 'q' } }, power: 1, steps: 0 } } },
  ]
  // a plain cursor's kept key is marked as one anyone could have written (Trail.written)
  const written = trailed.map((p) =>
    p._tag === 'Some' && p.value._tag === 'After' && p.value.trail !== undefined
      ? { ...p, value: { ...p.value, trail: { ...p.value.trail, written: true as const } } }
      : p,
  )
  for (const k of [undefined, key]) {
    const c = right(Cursor.encode(trailed, expected.identity, k))
    assert.equal(right(Cursor.decode(c, expected, k)), k === undefined ? written : trailed)
  }
  const john = '"email","S","j","name","S","J"'
  assert.ok(E.isRight(Cursor.decode(plainOf(`[["T",8,8,${john},${john}],null]`), expected, undefined)))
  for (const [payload, says] of [
    [`[["T",3,1,${john},${john}],null]`, /power is not a power of 2/],
    [`[["T",0,0,${john},${john}],null]`, /power is not a power of 2/],
    [`[["T",4,5,${john},${john}],null]`, /steps are not a whole number from 0 to its power/],
    [`[["T",4,-1,${john},${john}],null]`, /steps are not a whole number/],
    [`[["T","4",1,${john},${john}],null]`, /power/],
    [`[["T",4,1,${john}],null]`, /a key of email is not a key of this read/],
    [`[["T",4,1,${john},"email"],null]`, /not of any known form/],
    [`[["T",4,1,${john},"email","S","j","zzz","S","J"],null]`, /the trail's kept key: the key attribute zzz is not a key attribute/],
    [`[["T",4,1,${john},"email","S","","name","S","J"],null]`, /the trail's kept key: the key attribute email is no key of this read/],
  ] as const) {
    const r = Cursor.decode(plainOf(payload), { ...expected, keyTypes: { email: 'S', name: 'S' } }, undefined)
    assert.ok(E.isLeft(r) && says.test(JSON.stringify(r.left)), `${payload}: ${JSON.stringify(r)}`)
  }
  // a kept key outside a Query's key condition is refused as the position's key is
  const within = (k: Readonly<Record<string, AttributeValue>>) => k['email']?.S === 'j'
  assert.ok(E.isRight(Cursor.decode(plainOf(`[["T",4,1,${john},${john}],null]`), { ...expected, within }, undefined)))
  const outside = Cursor.decode(plainOf(`[["T",4,1,${john},"email","S","k","name","S","J"],null]`), { ...expected, within }, undefined)
  assert.ok(E.isLeft(outside) && /kept key: the key is outside this read's key condition/.test(JSON.stringify(outside.left)), JSON.stringify(outside))
})

test('with a key the payload is sealed: no key value can be read from the cursor', () => {
  const open = Buffer.from(right(Cursor.encode(positions, expected.identity, undefined)), 'base64url').toString('latin1')
  const sealed = Buffer.from(right(Cursor.encode(positions, expected.identity, key)), 'base64url').toString('latin1')
  assert.ok(open.includes('john.secret'))
  assert.not.ok(sealed.includes('john.secret') || sealed.includes('email'))
})

test('a cursor key, once nothing else holds it, is not held by the cursors made with it (each key keeps the memo of its last cursor made)', async () => {
  // a full collection on demand (node's --expose-gc, turned on for this process)
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  const make = (): WeakRef<Uint8Array> => {
    const k = new Uint8Array(32).map((_, i) => i * 11 + 5)
    const c = right(Cursor.encode(positions, expected.identity, k))
    assert.equal(right(Cursor.decode(c, expected, k)), positions)
    return new WeakRef(k)
  }
  const ref = make()
  // a WeakRef's target is kept to the end of the job that made it
  for (let i = 0; i < 3 && ref.deref() !== undefined; i++) {
    await new Promise((resolve) => setImmediate(resolve))
    gc()
  }
  assert.is(ref.deref(), undefined, 'the key is still held')
  // and a plain cursor made after it still reads back
  const plainCursor = right(Cursor.encode(positions, expected.identity, undefined))
  assert.equal(right(Cursor.decode(plainCursor, expected, undefined)), positions)
})

test('a cursor of another query, of another key, or made with/without a key where the Env has none/one, is refused', () => {
  const c = right(Cursor.encode(positions, expected.identity, key))
  const plain = right(Cursor.encode(positions, expected.identity, undefined))
  const refusals = [
    Cursor.decode(c, { ...expected, identity: expected.identity + ' ' }, key),
    Cursor.decode(c, expected, otherKey),
    Cursor.decode(c, expected, undefined),
    Cursor.decode(plain, expected, key),
    Cursor.decode(plain, { ...expected, identity: 'Scan|users' }, undefined),
    Cursor.decode(plain, { ...expected, segments: 1 }, undefined),
    Cursor.decode(plain, { ...expected, keyNames: ['email'] }, undefined),
    Cursor.decode('', expected, undefined),
    Cursor.decode('a'.repeat(Limits.cursorChars(expected.segments, expected.keyNames) + 1), expected, undefined),
    Cursor.decode(12 as never, expected, undefined),
  ]
  for (const r of refusals) assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', JSON.stringify(r))
  const short = Cursor.encode(positions, expected.identity, new Uint8Array(16))
  assert.ok(E.isLeft(short) && short.left._tag === 'ConfigError')
})

test('another spelling of the same bytes (a stray last character, unused low bits set) is refused: a cursor has one spelling', () => {
  const b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  for (const k of [undefined, key]) {
    const c = right(Cursor.encode(positions, expected.identity, k))
    // the last character's unused low bits: 4 when the length is 2 mod 4, 2 when 3 mod 4; at 0 mod 4 none, and a stray character adds no byte
    const unused = [0, 0, 4, 2][c.length % 4] as number
    const last = b64.indexOf(c[c.length - 1] as string)
    const v = unused === 0 ? c + 'A' : c.slice(0, -1) + b64[last | ((1 << unused) - 1)]
    assert.is.not(v, c)
    assert.equal(Buffer.from(v, 'base64url'), Buffer.from(c, 'base64url'))
    const r = Cursor.decode(v, expected, k)
    assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', v)
  }
})

/** Any UTF-16 code unit (lone surrogates, controls, quotes and backslashes included). */
const anyText = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 12 })

test('keys of any text, number or bytes come back as they went in, with and without a key (a property, 300 runs)', () => {
  const av = fc.oneof(
    anyText.map((S): AttributeValue => ({ S })),
    fc.constantFrom('0', '-1.5E3', '123456789012345678901234567890', '1e-130').map((N): AttributeValue => ({ N })),
    fc.uint8Array({ maxLength: 8 }).map((B): AttributeValue => ({ B })),
  )
  const ps = fc.array(
    fc.oneof(
      fc.constant<O.Option<Pages.Position>>({ _tag: 'None' }),
      fc.constant<O.Option<Pages.Position>>({ _tag: 'Some', value: { _tag: 'Start' } }),
      fc.nat().map((offset): O.Option<Pages.Position> => ({ _tag: 'Some', value: { _tag: 'At', offset } })),
      fc.tuple(av, av).map(([email, name]): O.Option<Pages.Position> => ({ _tag: 'Some', value: { _tag: 'After', key: { email, name } } })),
    ),
    { minLength: 1, maxLength: 3 },
  )
  fc.assert(
    fc.property(ps, fc.boolean(), (positions, keyed) => {
      const k = keyed ? key : undefined
      const e = { ...expected, segments: positions.length }
      const c = right(Cursor.encode(positions, e.identity, k))
      return /^[A-Za-z0-9_-]+$/.test(c) && JSON.stringify(right(Cursor.decode(c, e, k))) === JSON.stringify(positions)
    }),
    { numRuns: 300, seed: 15_007 },
  )
})

test("a cursor of the longest positions DynamoDB's keys allow is at most cursorChars long, and decode reads it back, with and without a key (a property, 60 runs: 1 to 6 segments, names of 1 to 255 characters, values of 2,048 bytes, the characters JSON writes longest)", () => {
  // a byte JSON writes as 6 (a control character), 2 (a quote, a backslash), or 1; a character of 2, 3, 4 bytes
  const unit = fc.constantFrom('\u0001', '\u001f', '"', '\\', 'a', 'é', '€', '😀')
  const utf8 = (s: string) => Buffer.byteLength(s, 'utf8')
  /** A text of as many of `unit` as fit in `bytes` UTF-8 bytes. */
  const filled = (bytes: number) => fc.array(unit, { minLength: 1, maxLength: 64 }).map((cycle) => {
    let s = ''
    for (let i = 0; ; i++) {
      const c = cycle[i % cycle.length] as string
      if (utf8(s) + utf8(c) > bytes) return s
      s += c
    }
  })
  const name = fc.oneof(filled(255), fc.string({ minLength: 1, maxLength: 255 }))
  const value = fc.oneof(filled(Limits.HASH_KEY_BYTES).map((S): AttributeValue => ({ S })), fc.constant<AttributeValue>({ B: new Uint8Array(Limits.HASH_KEY_BYTES) }))
  fc.assert(
    fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 6 }), fc.array(value, { minLength: 24, maxLength: 24 }), fc.boolean(), (names, segments, values, keyed) => {
      const k = keyed ? key : undefined
      const positions: Cursor.Positions = Array.from({ length: segments }, (_, i) => ({
        _tag: 'Some',
        value: { _tag: 'After', key: Object.fromEntries(names.map((n, j) => [n, values[(i * names.length + j) % values.length] as AttributeValue])) },
      }))
      const e = { ...expected, keyNames: names, segments }
      const c = right(Cursor.encode(positions, e.identity, k))
      return c.length <= Limits.cursorChars(segments, names) && E.isRight(Cursor.decode(c, e, k))
    }),
    { numRuns: 60, seed: 15_031 },
  )
  // the longest of all (every character a control character, 6 bytes as JSON; a trail of the largest numbers) reaches the bound: it is not loose
  for (const [segments, n] of [[1, 1], [3, 2], [2, 4]] as const) {
    const names = Array.from({ length: n }, (_, j) => '\u0001'.repeat(254) + String.fromCharCode(0x10 + j))
    const k: Record<string, AttributeValue> = Object.fromEntries(names.map((x) => [x, { S: '\u0001'.repeat(Limits.HASH_KEY_BYTES) }]))
    const trail = { kept: k, power: 2 ** 52, steps: 2 ** 52 - 1 }
    const positions: Cursor.Positions = Array.from({ length: segments }, () => ({ _tag: 'Some', value: { _tag: 'After', key: k, trail } }))
    for (const keyed of [undefined, key]) {
      const c = right(Cursor.encode(positions, expected.identity, keyed))
      const bound = Limits.cursorChars(segments, names)
      assert.ok(c.length <= bound && c.length > 0.99 * bound, `${c.length} of ${bound}`)
      assert.ok(E.isRight(Cursor.decode(c, { ...expected, keyNames: names, segments }, keyed)))
    }
  }
})

test('a plain cursor is version 3, its payload padded with spaces to whole 3-byte groups, the tag its last 43 characters; a version 1 cursor (unpadded) is refused', () => {
  for (const name of ['J', 'Jo', 'Joh', 'John', 'Jöhn']) {
    const ps: Cursor.Positions = [{ _tag: 'Some', value: { _tag: 'After', key: { email: { S: 'e' }, name: { S: name } } } }, { _tag: 'None' }]
    const c = right(Cursor.encode(ps, expected.identity, undefined))
    const bytes = Buffer.from(c, 'base64url')
    assert.is(bytes[0], 3)
    const payload = bytes.subarray(1, bytes.length - 32)
    assert.is((1 + payload.length) % 3, 0)
    const head = `dynamongo cursor 3\n${Buffer.byteLength(expected.identity)}\n${expected.identity}`
    assert.is(c.slice(-43), createHash('sha256').update(head).update(payload).digest('base64url'))
    assert.equal(JSON.parse(payload.toString('utf8')), [['A', 'email', 'S', 'e', 'name', 'S', name], null])
    assert.equal(right(Cursor.decode(c, expected, undefined)), ps)
  }
  // the format before: version 1, the payload unpadded, the tag its SHA-256 over version 1's head
  const json = '[["A","email","S","e","name","S","John"],null]'
  const head1 = `dynamongo cursor 1\n${Buffer.byteLength(expected.identity)}\n${expected.identity}`
  const v1 = Buffer.concat([Buffer.of(1), Buffer.from(json), createHash('sha256').update(head1 + json).digest()]).toString('base64url')
  const r = Cursor.decode(v1, expected, undefined)
  assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError' && JSON.stringify(r.left).includes('earlier dynamongo version'), JSON.stringify(r))
})

/** A plain cursor of any payload text for `identity`, its checksum right (what anyone can write by hand). */
const plainCursor = (json: string, identity: string): string => {
  const payload = json + ' '.repeat((3 - ((1 + Buffer.byteLength(json)) % 3)) % 3)
  const head = `dynamongo cursor 3\n${Buffer.byteLength(identity)}\n${identity}`
  return Buffer.concat([Buffer.of(3), Buffer.from(payload), createHash('sha256').update(head).update(payload).digest()]).toString('base64url')
}

test("a checksummed cursor's key is read by the read's own attribute names: a name of another read, one given twice or one missing is refused; the names in any order, read as they are", () => {
  const one: Cursor.Expected = { ...expected, segments: 1 }
  const refusal = (json: string): string => {
    const r = Cursor.decode(plainCursor(json, one.identity), one, undefined)
    return E.isLeft(r) && r.left._tag === 'ValidationError' ? JSON.stringify(r.left) : `not refused: ${JSON.stringify(r)}`
  }
  assert.ok(refusal('[["A","email","S","e","nam","S","J"]]').includes('the key attribute nam is not a key attribute of this read (email, name), or is given twice'))
  assert.ok(refusal('[["A","email","S","e","email","S","J"]]').includes('the key attribute email is not a key attribute of this read (email, name), or is given twice'))
  assert.ok(refusal('[["A","email","S","e"]]').includes('a key of email is not a key of this read (email, name)'))
  assert.ok(refusal('[["A","email","S","e","name","X","J"]]').includes('the key attribute name is not a string, number or binary value'))
  assert.ok(refusal('[["A","email","S","e",7,"S","J"]]').includes('the key attribute 7 is not a key attribute'))
  // escaped text goes through JSON.parse: the same names
  for (const json of ['[["A","name","S","J","email","S","e"]]', '[["A","n\\u0061me","S","J","email","S","e"]]']) {
    const got = right(Cursor.decode(plainCursor(json, one.identity), one, undefined))
    assert.equal(got, [{ _tag: 'Some', value: { _tag: 'After', key: { name: { S: 'J' }, email: { S: 'e' } } } }])
    assert.equal(Object.keys((got[0] as O.Some<Pages.Position & { _tag: 'After' }>).value.key), ['name', 'email'])
  }
})

test('a plain cursor is base64url(3 ‖ payload) and the SHA-256 of head ‖ payload, whatever reads came before (a property, 500 runs: identities and keys of any length and text)', () => {
  const text = fc.string({ unit: fc.constantFrom('a', 'é', '😀', '"', '\\', '\u0000', '\ud800'), maxLength: 400 })
  const ps = fc.array(
    fc.oneof(
      fc.constant<O.Option<Pages.Position>>({ _tag: 'None' }),
      fc.tuple(text, text).map(([email, name]): O.Option<Pages.Position> => ({ _tag: 'Some', value: { _tag: 'After', key: { email: { S: email }, name: { S: name } } } })),
    ),
    { minLength: 1, maxLength: 3 },
  )
  fc.assert(
    fc.property(fc.array(fc.tuple(ps, text), { minLength: 1, maxLength: 4 }), (reads) =>
      reads.every(([positions, identity]) => {
        const c = right(Cursor.encode(positions, identity, undefined))
        const bytes = Buffer.from(c.slice(0, -43), 'base64url')
        const head = `dynamongo cursor 3\n${Buffer.byteLength(identity)}\n${identity}`
        right(Cursor.encode([{ _tag: 'None' }], 'another read', undefined))
        return (
          Buffer.from(c.slice(0, -43), 'base64url').toString('base64url') === c.slice(0, -43) &&
          bytes[0] === 3 &&
          bytes.length % 3 === 0 &&
          c.slice(-43) === createHash('sha256').update(head).update(bytes.subarray(1)).digest('base64url') &&
          isDeepStrictEqual(right(Cursor.decode(c, { identity, keyNames: ['email', 'name'], segments: positions.length }, undefined)), positions)
        )
      }),
    ),
    { numRuns: 500, seed: 20_261_206 },
  )
})

/** A key attribute as a payload writes it, or near it: names of the read and others, the types and others, values raw (quotes, backslashes, controls in them) or escaped. */
const attribute = fc
  .tuple(
    fc.constantFrom('email', 'name', 'nam', 'names', 'na"me', 'n\\u0061me', ''),
    fc.constantFrom('S', 'N', 'B', 'X', 'SS'),
    fc.oneof(anyText, fc.constantFrom('e', 'J', '12', '-1.5E3', '01', 'AAE=', 'AAE', '')),
    fc.boolean(),
  )
  .map(([n, type, v, escaped]) => `,"${n}","${type}",${escaped ? JSON.stringify(v) : `"${v}"`}`)
const attributes = fc.array(attribute, { minLength: 0, maxLength: 3 }).map((xs) => xs.join(''))
/** A position as a payload writes it, or near it. */
const positionText = fc.oneof(
  fc.constantFrom('null', '"S"', 'nul', '"A"', '["O",40]', '["O",0]', '["O",01]', '["O",-1]', '["O",1.5]', '["O"]'),
  fc.tuple(fc.constantFrom('email', 'name'), fc.constantFrom('email', 'name')).chain(([x, y]) =>
    fc.oneof(
      fc.constant(`["A","${x}","S","e","${y}","S","J"]`),
      attributes.map((a) => `["A"${a}]`),
      fc.tuple(fc.constantFrom('1', '2', '4', '3', '0', '02', '4503599627370497'), fc.constantFrom('0', '1', '2', '5', '01'), attributes, attributes).map(
        ([power, steps, k, kept]) => `["T",${power},${steps}${k}${kept}]`,
      ),
      fc.tuple(fc.constantFrom('1', '2', '4'), fc.constantFrom('0', '1')).map(([power, steps]) => `["T",${power},${steps},"${x}","S","e","${y}","S","J","email","S","f","name","S","K"]`),
    ),
  ),
)
/** A payload of `n` positions (sometimes one more or less), as written or near it, or with one character changed. */
const payloadText = (n: number) =>
  fc.oneof(
    fc.array(positionText, { minLength: n, maxLength: n }).map((ps) => `[${ps.join(',')}]`),
    fc.array(positionText, { minLength: Math.max(0, n - 1), maxLength: n + 1 }).map((ps) => `[${ps.join(',')}]`),
    fc.tuple(fc.array(positionText, { minLength: n, maxLength: n }), fc.nat(), fc.constantFrom(...'[]",\\ 0123456789nul-.eE{}\u0000éSANTBO')).map(([ps, at, c]) => {
      const s = `[${ps.join(',')}]`
      const i = at % (s.length + 1)
      return at % 2 === 0 ? s.slice(0, i) + c + s.slice(i + 1) : s.slice(0, i) + c + s.slice(i)
    }),
  )

test('the one-pass payload reader gives what JSON.parse and the positions read from its list give, refusals included, or leaves the text to them (a property, 3,000 payloads, near-payloads, one character changed)', () => {
  // the reader takes the cursor's own spelling
  const two: Cursor.Expected = { ...expected, keyTypes: { email: 'S', name: 'S' } }
  const john = '"email","S","e","name","S","J"'
  assert.equal(Cursor.spelled(`[["T",2,1,${john},${john}],null]  `, two, true), [
    { _tag: 'Some', value: { _tag: 'After', key: { email: { S: 'e' }, name: { S: 'J' } }, trail: { kept: { email: { S: 'e' }, name: { S: 'J' } }, power: 2, steps: 1, written: true } } },
    { _tag: 'None' },
  ])
  const reads: ReadonlyArray<Cursor.Expected> = [
    { ...expected, segments: 1 },
    { ...expected, segments: 2, keyTypes: { email: 'S', name: 'S' } },
    { ...expected, segments: 3, keyTypes: { email: 'S', name: 'N' }, within: (k) => k.email?.S !== 'f', keyWhy: (k) => (k.name?.S === 'K' ? 'too long' : undefined) },
  ]
  let read = 0
  fc.assert(
    fc.property(fc.constantFrom(...reads).chain((e) => fc.tuple(payloadText(e.segments), fc.constant(e))), ([json, e]) => {
      // a space before the list: the same JSON, which the one-pass reader leaves to JSON.parse
      const general = Cursor.decode(plainCursor(` ${json}`, e.identity), e, undefined)
      if (Cursor.spelled(json, e, true) !== undefined) read++
      return isDeepStrictEqual(Cursor.decode(plainCursor(json, e.identity), e, undefined), general)
    }),
    { numRuns: 3000, seed: 15_070 },
  )
  assert.ok(read > 200, `the reader read ${read} texts`)
})

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/. '

/** One mutation of a string: a character replaced, deleted, inserted or two swapped; truncated; extended. */
const mutation = (length: number) =>
  fc.oneof(
    fc.record({ kind: fc.constant('replace' as const), at: fc.nat(length - 1), c: fc.constantFrom(...alphabet) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(length - 1), c: fc.constant('') }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(length), c: fc.constantFrom(...alphabet) }),
    fc.record({ kind: fc.constant('swap' as const), at: fc.nat(length - 2), c: fc.constant('') }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(length - 1), c: fc.constant('') }),
    fc.record({ kind: fc.constant('append' as const), at: fc.constant(0), c: fc.constantFrom(...alphabet) }),
  )

const mutate = (s: string, m: { kind: string; at: number; c: string }): string => {
  switch (m.kind) {
    case 'replace':
      return s.slice(0, m.at) + m.c + s.slice(m.at + 1)
    case 'delete':
      return s.slice(0, m.at) + s.slice(m.at + 1)
    case 'insert':
      return s.slice(0, m.at) + m.c + s.slice(m.at)
    case 'swap':
      return s.slice(0, m.at) + (s[m.at + 1] ?? '') + (s[m.at] ?? '') + s.slice(m.at + 2)
    case 'truncate':
      return s.slice(0, m.at)
    default:
      return s + m.c
  }
}

test('the last cursor made, read back at once, gives exactly what it gives once forgotten: the same positions, the same refusals of altered, foreign, other-key and other-shape cursors (a property, 1,000 runs)', () => {
  const av = fc.oneof(
    anyText.map((S): AttributeValue => ({ S })),
    fc.constantFrom('0', '-1.5E3', '1e-130').map((N): AttributeValue => ({ N })),
    fc.uint8Array({ maxLength: 6 }).map((B): AttributeValue => ({ B })),
  )
  const position = fc.oneof(
    fc.constant<O.Option<Pages.Position>>({ _tag: 'None' }),
    fc.constant<O.Option<Pages.Position>>({ _tag: 'Some', value: { _tag: 'Start' } }),
    fc.nat().map((offset): O.Option<Pages.Position> => ({ _tag: 'Some', value: { _tag: 'At', offset } })),
    fc.tuple(av, av).map(([email, name]): O.Option<Pages.Position> => ({ _tag: 'Some', value: { _tag: 'After', key: { email, name } } })),
    // a key this read does not have, and one attribute short: made, then refused when read
    av.map((email): O.Option<Pages.Position> => ({ _tag: 'Some', value: { _tag: 'After', key: { email, other: email } } })),
    av.map((email): O.Option<Pages.Position> => ({ _tag: 'Some', value: { _tag: 'After', key: { email } } })),
  )
  // null (as made) five times in six
  const mostlyNull = <A>(a: fc.Arbitrary<A>) => fc.oneof({ weight: 5, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: a })
  const identities = [expected.identity, `${expected.identity} `, 'Scan|users']
  const keys = [undefined, key, otherKey, new Uint8Array(key)]
  const reading = fc.record({
    positions: fc.array(position, { minLength: 1, maxLength: 3 }),
    made: fc.nat(identities.length - 1),
    madeKey: fc.nat(keys.length - 1),
    read: mostlyNull(fc.nat(identities.length - 1)),
    readKey: mostlyNull(fc.nat(keys.length - 1)),
    segments: mostlyNull(fc.integer({ min: 1, max: 3 })),
    keyNames: mostlyNull(fc.constant<ReadonlyArray<string>>(['email'])),
    change: mostlyNull(fc.tuple(fc.nat(), fc.constantFrom(...alphabet))),
  })
  let hits = 0
  let refused = 0
  fc.assert(
    fc.property(reading, (r) => {
      const c = right(Cursor.encode(r.positions, identities[r.made] as string, keys[r.madeKey]))
      const cursor = r.change === null ? c : mutate(c, { kind: 'replace', at: r.change[0] % c.length, c: r.change[1] })
      const e: Cursor.Expected = { identity: identities[r.read ?? r.made] as string, keyNames: r.keyNames ?? ['email', 'name'], segments: r.segments ?? r.positions.length }
      const k = keys[r.readKey ?? r.madeKey]
      // right after it is made (remembered), then after another cursor is made with the key it is read with (forgotten)
      const remembered = Cursor.decode(cursor, e, k)
      right(Cursor.encode([{ _tag: 'None' }], 'another read', k))
      const afresh = Cursor.decode(cursor, e, k)
      if (cursor === c && (r.read ?? r.made) === r.made && (r.readKey ?? r.madeKey) === r.madeKey) {
        hits++
        if (E.isLeft(afresh)) refused++
      }
      return isDeepStrictEqual(remembered, afresh)
    }),
    { numRuns: 1000, seed: 20_261_205 },
  )
  assert.ok(hits > 200 && refused > 50 && hits - refused > 50, `${hits} read as made, ${refused} of them refused`)
})

// -------------------------------------------------------------------------------------
// mutated cursors, read back by `Dynamo.page`
// -------------------------------------------------------------------------------------

const Row = Model.make({ table: 'rows', hashKey: 'pk', rangeKey: 'sk', codec: t.type({ pk: t.string, sk: t.number }) })
const scan = C.gt(Row.attrs.sk, 0)
const readOptions = { segments: 2, pageSize: 3 } as const

/** Items sk 1..20; segment of an item: its sk modulo the total. */
const rows: ReadonlyArray<Record<string, AttributeValue>> = Array.from({ length: 20 }, (_, i) => ({ pk: { S: i % 2 === 0 ? 'a' : 'b' }, sk: { N: String(i + 1) } }))

/** An Env whose client answers Scans (`Segment`, `Limit`, `ExclusiveStartKey`, `LastEvaluatedKey`) and records every command. */
const recorder = (cursorKey: Uint8Array | undefined) => {
  const sent: Array<{ readonly name: string; readonly input: unknown }> = []
  const send = async (command: unknown) => {
    const c = command as { constructor: { name: string }; input: Record<string, any> }
    sent.push({ name: c.constructor.name, input: c.input })
    if (!(command instanceof ScanCommand)) throw new Error(`unexpected command ${c.constructor.name}`)
    const list = rows.filter((i) => Number(i['sk']?.N) % c.input['TotalSegments'] === c.input['Segment'])
    const esk = c.input['ExclusiveStartKey'] as Record<string, AttributeValue> | undefined
    const at = esk === undefined ? 0 : list.findIndex((i) => i['sk']?.N === esk['sk']?.N) + 1
    const page = list.slice(at, at + (c.input['Limit'] ?? Infinity))
    const last = page[page.length - 1]
    const more = last !== undefined && at + page.length < list.length
    return { $metadata: {}, Items: page, Count: page.length, ScannedCount: page.length, ...(more ? { LastEvaluatedKey: { pk: last['pk'], sk: last['sk'] } } : {}) }
  }
  const env = Env.make({ client: { send } as unknown as DynamoDBClient, sleep: async () => {}, random: () => 0, ...(cursorKey === undefined ? {} : { cursorKey }) })
  return { env, sent }
}

/** What a cursor of the read `scan` with `readOptions` must agree with (as `Dynamo.page` prepares it). */
const expectedOf = (env: Env.Env): Cursor.Expected => {
  const plan = right(Plan.make(Row, scan))
  // a split read's identity: segment 0's, marked (segment 0's holds all the others' but their number)
  const first = right(Pages.make(Row, Env.tableName(env, Row.table), plan, { segment: { index: 0, total: 2 } }))
  return { identity: `${first.identity()}\nsegments`, keyNames: first.keyNames, segments: 2 }
}

test('1,000 mutated cursors of a page (500 with a key, 500 without): each refused with a ValidationError before any request, or unchanged and reading the same page', async () => {
  const tally = { refused: 0, same: 0 }
  for (const k of [undefined, key]) {
    const first = recorder(k)
    const c = right(await Dynamo.page(Row, scan, readOptions)(first.env)()).cursor
    assert.ok(c._tag === 'Some')
    const expected = expectedOf(first.env)
    const positions = right(Cursor.decode(c.value, expected, k))
    // the page the original cursor reads, and the requests it sends
    const original = recorder(k)
    const page = right(await Dynamo.page(Row, scan, { ...readOptions, cursor: c.value })(original.env)())
    assert.ok(original.sent.length > 0 && original.sent.some((x) => (x.input as Record<string, unknown>)['ExclusiveStartKey'] !== undefined))
    await fc.assert(
      fc.asyncProperty(mutation(c.value.length), async (m) => {
        const mutated = mutate(c.value, m)
        const decoded = Cursor.decode(mutated, expected, k)
        const run = recorder(k)
        const read = await Dynamo.page(Row, scan, { ...readOptions, cursor: mutated })(run.env)()
        if (mutated === c.value) {
          tally.same++
          return E.isRight(decoded) && JSON.stringify(decoded.right) === JSON.stringify(positions) && E.isRight(read) && JSON.stringify(read.right) === JSON.stringify(page) && JSON.stringify(run.sent) === JSON.stringify(original.sent)
        }
        tally.refused++
        return E.isLeft(decoded) && decoded.left._tag === 'ValidationError' && E.isLeft(read) && read.left._tag === 'ValidationError' && run.sent.length === 0
      }),
      { numRuns: 500, seed: 20_250_115 },
    )
  }
  assert.is(tally.refused + tally.same, 1000)
  assert.ok(tally.refused >= 950, JSON.stringify(tally))
  console.log(`  mutated cursors: ${tally.refused} refused (a ValidationError, 0 requests), ${tally.same} unchanged (the same page, the same requests)`)
})

test('Env.make keeps its own copy of cursorKey: the caller wiping (or rotating in place) its bytes after Env.make changes neither what seals its cursors nor what opens them', async () => {
  const given = Uint8Array.from(key)
  const env = recorder(given)
  // a secret wiped once handed over: the Env read it lazily, at its first cursor, and sealed with zeros
  given.fill(0)
  const c = right(await Dynamo.page(Row, scan, readOptions)(env.env)()).cursor
  assert.ok(c._tag === 'Some')
  const expected = expectedOf(env.env)
  assert.ok(E.isRight(Cursor.decode(c.value, expected, key)), 'sealed with the key as given')
  assert.ok(E.isLeft(Cursor.decode(c.value, expected, new Uint8Array(32))), 'not with the wiped bytes')
  // and it opens what that key sealed, whatever the caller's bytes hold now
  given.set(key.map((b) => b ^ 0xff))
  const next = await Dynamo.page(Row, scan, { ...readOptions, cursor: c.value })(env.env)()
  assert.ok(E.isRight(next), JSON.stringify(next))
})

test.run()
