/**
 * Issue 14, 1a: `keyString` (lib/model/storedKey) is the identity of a key. Two stored keys get one string
 * exactly when DynamoDB sees one key: strings equal code point for code point (any code
 * point, NUL included), numbers equal in value whatever their spelling (`1`, `1.0`, `1e0`),
 * binaries equal byte for byte, and never across types. The oracle here is written apart
 * from `keyString` (BigInt arithmetic for numbers).
 */
import { suite } from 'uvu'
import * as assert from 'uvu/assert'
import * as t from 'io-ts'
import fc from 'fast-check'
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import * as Field from '../../../lib/codec/Field.js'
import * as Model from '../../../lib/model/Model.js'
import * as SK from '../../../lib/model/storedKey.js'

const keys = suite('keyString (key identity)')

// -------------------------------------------------------------------------------------
// key parts, their identity (the oracle) and their spellings
// -------------------------------------------------------------------------------------

type Part =
  | { readonly kind: 'S'; readonly s: string }
  | { readonly kind: 'N'; readonly negative: boolean; readonly m: bigint; readonly e: number }
  | { readonly kind: 'B'; readonly bytes: ReadonlyArray<number> }

/** What DynamoDB compares: the type, then the code points, the value, or the bytes. */
const identity = (p: Part): string => {
  switch (p.kind) {
    case 'S':
      return `S${JSON.stringify(p.s)}`
    case 'B':
      return `B${p.bytes.join(',')}`
    case 'N': {
      if (p.m === 0n) return 'N0'
      let m = p.m
      let e = p.e
      while (m % 10n === 0n) {
        m /= 10n
        e++
      }
      return `N${p.negative ? '-' : ''}${m}e${e}`
    }
  }
}

// a small alphabet, so that parts collide and the separators a key string might use show up
const char = fc.constantFrom('a', 'b', 'S', 'N', 'B', '\u0000', '\u0001', ':', '1', '|', 'é', '\u{1F600}', '\uFFFF')
const sPart = fc.array(char, { minLength: 1, maxLength: 4 }).map((cs): Part => ({ kind: 'S', s: cs.join('') }))
const nPart = fc.record({ negative: fc.boolean(), m: fc.bigInt(0n, 30n), e: fc.integer({ min: -3, max: 3 }) }).map((x): Part => ({ kind: 'N', ...x }))
const bPart = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }).map((bytes): Part => ({ kind: 'B', bytes }))

/** One of the spellings DynamoDB accepts for `±m × 10^e`. */
const spellNumber = (negative: boolean, m: bigint, e: number): fc.Arbitrary<string> => {
  const sign = negative ? '-' : ''
  const digits = m.toString()
  const plain = (): string => {
    if (e >= 0) return digits + '0'.repeat(e)
    const padded = digits.padStart(-e + 1, '0')
    return `${padded.slice(0, padded.length + e)}.${padded.slice(padded.length + e)}`
  }
  return fc.oneof(
    fc.constant(`${sign}${digits}e${e}`),
    fc.integer({ min: 0, max: 3 }).map((k) => `${sign}${digits}${'0'.repeat(k)}E${e - k}`),
    fc.integer({ min: 0, max: 2 }).map((k) => `${sign}${'0'.repeat(k)}${plain()}`),
    fc.integer({ min: 1, max: 2 }).map((k) => `${sign}${plain()}${plain().includes('.') ? '' : '.'}${'0'.repeat(k)}`),
  )
}

const spell = (p: Part): fc.Arbitrary<AttributeValue> => {
  switch (p.kind) {
    case 'S':
      return fc.constant({ S: p.s })
    case 'N':
      return spellNumber(p.negative, p.m, p.e).map((N) => ({ N }))
    case 'B':
      // a view into a larger buffer, at an offset, or a fresh array: the bytes are what count
      return fc.integer({ min: 0, max: 3 }).map((offset) => {
        const buf = new Uint8Array(offset + p.bytes.length + 2).fill(9)
        buf.set(p.bytes, offset)
        return { B: buf.subarray(offset, offset + p.bytes.length) }
      })
  }
}

const part = fc.oneof({ weight: 3, arbitrary: sPart }, { weight: 2, arbitrary: nPart }, { weight: 1, arbitrary: bPart })

// -------------------------------------------------------------------------------------
// models: keyString reads the key attributes of a model's key
// -------------------------------------------------------------------------------------

const HashOnly = Model.make({ table: 'hash-only', hashKey: 'h', codec: t.type({ h: t.string }) })
const HashRange = Model.make({ table: 'hash-range', hashKey: 'h', rangeKey: 'r', codec: t.type({ h: t.string, r: t.string }) })

type Key = ReadonlyArray<Part>

/** Two keys of `n` parts: independent ones (they collide now and then), or two spellings of one. */
const pairOf = (n: number): fc.Arbitrary<readonly [Key, Record<string, AttributeValue>, Key, Record<string, AttributeValue>]> => {
  const key = fc.array(part, { minLength: n, maxLength: n })
  const names = ['h', 'r']
  const stored = (k: Key): fc.Arbitrary<Record<string, AttributeValue>> =>
    fc.tuple(...k.map(spell)).map((avs) => Object.fromEntries(avs.map((av, i) => [names[i] as string, av])))
  const independent = fc.tuple(key, key).chain(([a, b]) => fc.tuple(fc.constant(a), stored(a), fc.constant(b), stored(b)))
  const same = key.chain((a) => fc.tuple(fc.constant(a), stored(a), fc.constant(a), stored(a)))
  if (n === 1) return fc.oneof(independent, same)
  // strings whose text moves across the boundary with a separator-like piece: (u·sep·x, y) and (u, x·sep·y)
  const text = fc.array(char, { maxLength: 3 }).map((cs) => cs.join(''))
  const moved = fc.tuple(text, text, text, fc.constantFrom('\u0000', '\u0000S', '\u0000N', '\u0000B', 'S', '|', ':', '\u0001')).chain(([u, x, y, sep]) => {
    const a: Key = [{ kind: 'S', s: `${u}${sep}${x}` }, { kind: 'S', s: y === '' ? 'y' : y }]
    const b: Key = [{ kind: 'S', s: u === '' ? 'u' : u }, { kind: 'S', s: `${x}${sep}${y === '' ? 'y' : y}` }]
    return fc.tuple(fc.constant(a), stored(a), fc.constant(b), stored(b))
  })
  return fc.oneof(independent, same, moved)
}

const sameKey = (a: Key, b: Key): boolean => a.every((p, i) => identity(p) === identity(b[i] as Part))

keys('property: on a hash+range model, keyString(a) === keyString(b) exactly when the keys are one key to DynamoDB', () => {
  let equal = 0
  let different = 0
  fc.assert(
    fc.property(pairOf(2), ([a, avA, b, avB]) => {
      const same = sameKey(a, b)
      if (same) equal++
      else different++
      return (SK.keyString(HashRange, avA) === SK.keyString(HashRange, avB)) === same
    }),
    { numRuns: 5000, seed: 14_001 },
  )
  assert.ok(equal > 500 && different > 500, `${equal} equal, ${different} different`)
})

keys('property: on a hash-only model, the same', () => {
  fc.assert(
    fc.property(pairOf(1), ([a, avA, b, avB]) => (SK.keyString(HashOnly, avA) === SK.keyString(HashOnly, avB)) === sameKey(a, b)),
    { numRuns: 3000, seed: 14_002 },
  )
})

keys('1a: a NUL and a type letter moved across the hash/range boundary make another key', () => {
  const a = SK.keyString(HashRange, { h: { S: 'a\u0000Sb' }, r: { S: 'c' } })
  const b = SK.keyString(HashRange, { h: { S: 'a' }, r: { S: 'b\u0000Sc' } })
  assert.is.not(a, b)
  // numbers and binaries against strings that spell them
  assert.is.not(SK.keyString(HashRange, { h: { S: 'a' }, r: { N: '1' } }), SK.keyString(HashRange, { h: { S: 'a' }, r: { S: '1' } }))
  assert.is.not(SK.keyString(HashRange, { h: { S: 'a\u0000N1' }, r: { S: 'x' } }), SK.keyString(HashRange, { h: { S: 'a' }, r: { N: '1' } }))
})

keys('numbers in any spelling of one value are one key; binaries by their bytes', () => {
  const N = Model.make({ table: 'numbers', hashKey: 'n', rangeKey: 'b', codec: t.type({ n: Field.decimal, b: Field.binary }) })
  const k = (n: string, b: Uint8Array) => SK.keyString(N, { n: { N: n }, b: { B: b } })
  const bytes = Uint8Array.from([0, 1, 2])
  for (const n of ['1', '1.0', '1e0', '0.1E1', '10e-1', '001', '1.']) assert.is(k(n, bytes), k('1', Uint8Array.from([0, 1, 2])), n)
  assert.is(k('-0', bytes), k('0.000', bytes))
  assert.is.not(k('1', bytes), k('1', Uint8Array.from([0, 1])))
  assert.is.not(k('1', bytes), k('10', bytes))
})

keys.run()
