/**
 * Cursors (lib/run/Cursor.ts): what goes in comes out; a cursor is URL-safe and opaque with a
 * key; and a property: 1,000 mutated cursors, with and without a key, are each refused with a
 * `ValidationError`, or (a mutation that changes nothing) read as the original.
 */
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import * as Cursor from '../../../lib/run/Cursor.js'

const key = new Uint8Array(32).map((_, i) => i * 7 + 1)
const otherKey = new Uint8Array(32).map((_, i) => i * 5 + 3)
const expected: Cursor.Expected = { identity: 'Query|users|byName|#k0 = :v0|{":v0":{"S":"John"}}', keyNames: ['email', 'name'], segments: 2 }
const positions: Cursor.Positions = [
  { _tag: 'Some', value: { _tag: 'After', key: { email: { S: 'john.secret@example.com' }, name: { S: 'John' } } } },
  { _tag: 'None' },
]

const right = <A>(x: E.Either<unknown, A>): A => {
  if (E.isLeft(x)) throw new Error(`expected a Right, got ${JSON.stringify(x.left)}`)
  return x.right
}

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

test('with a key the payload is sealed: no key value can be read from the cursor', () => {
  const open = Buffer.from(right(Cursor.encode(positions, expected.identity, undefined)), 'base64url').toString('latin1')
  const sealed = Buffer.from(right(Cursor.encode(positions, expected.identity, key)), 'base64url').toString('latin1')
  assert.ok(open.includes('john.secret'))
  assert.not.ok(sealed.includes('john.secret') || sealed.includes('email'))
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
    Cursor.decode('a'.repeat(Cursor.maxLength + 1), expected, undefined),
    Cursor.decode(12 as never, expected, undefined),
  ]
  for (const r of refusals) assert.ok(E.isLeft(r) && r.left._tag === 'ValidationError', JSON.stringify(r))
  const short = Cursor.encode(positions, expected.identity, new Uint8Array(16))
  assert.ok(E.isLeft(short) && short.left._tag === 'ConfigError')
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

test('1,000 mutated cursors (500 with a key, 500 without): each refused with a ValidationError, or unchanged and read as the original', () => {
  const tally = { refused: 0, same: 0 }
  for (const k of [undefined, key]) {
    const c = right(Cursor.encode(positions, expected.identity, k))
    fc.assert(
      fc.property(mutation(c.length), (m) => {
        const mutated = mutate(c, m)
        const r = Cursor.decode(mutated, expected, k)
        if (mutated === c) {
          tally.same++
          return E.isRight(r) && JSON.stringify(r.right) === JSON.stringify(positions)
        }
        tally.refused++
        return E.isLeft(r) && r.left._tag === 'ValidationError'
      }),
      { numRuns: 500, seed: 20_250_115 },
    )
  }
  assert.is(tally.refused + tally.same, 1000)
  assert.ok(tally.refused >= 950, JSON.stringify(tally))
  console.log(`  mutated cursors: ${tally.refused} refused, ${tally.same} unchanged (read as the original)`)
})

test.run()
